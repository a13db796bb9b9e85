package dev.tandem.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import jakarta.annotation.PreDestroy;
import org.springframework.stereotype.Component;

/**
 * Build logs: one append-only file per build, read in slices, so a log of any size never sits in
 * the heap. While a build runs its log has a feed that wakes readers on every append; a follower
 * waits on it instead of polling, which keeps the delay from output to reader to a few
 * milliseconds.
 */
@Component
class BuildLogs {

    private final BuildDirectories dirs;
    private final BuildProperties properties;
    private final Map<Long, Feed> feeds = new ConcurrentHashMap<>();
    /**
     * Runs listeners (the IDE's log views), never the thread that pumps a build's output: a listener
     * that takes the UI's lock and pushes to a slow browser must not hold back the build.
     */
    private final ExecutorService notifier = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "build-log-notify");
        t.setDaemon(true);
        return t;
    });

    BuildLogs(BuildDirectories dirs, BuildProperties properties) {
        this.dirs = dirs;
        this.properties = properties;
    }

    @PreDestroy
    void shutdown() {
        notifier.shutdownNow();
    }

    /** Starts the log of a build (an empty file and a feed); the writer must be closed when the build ends. */
    Writer open(long buildId) {
        Path file = dirs.log(buildId);
        try {
            Files.createDirectories(file.getParent());
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            Feed feed = new Feed(channel.size(), notifier);
            feeds.put(buildId, feed);
            return new Writer(buildId, channel, feed, properties.maxLogSize().toBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the log of build " + buildId, e);
        }
    }

    /** Current size in bytes (0 when there is no log yet). */
    long size(long buildId) {
        Feed feed = feeds.get(buildId);
        if (feed != null) {
            return feed.size;
        }
        try {
            return Files.size(dirs.log(buildId));
        } catch (IOException e) {
            return 0;
        }
    }

    boolean live(long buildId) {
        return feeds.containsKey(buildId);
    }

    /** Up to {@code max} bytes from {@code offset} (clamped to the log). */
    LogChunk read(long buildId, long offset, int max) {
        Feed feed = feeds.get(buildId);
        long size = size(buildId);
        long start = Math.max(0, Math.min(offset, size));
        int length = (int) Math.min(Math.max(0, max), size - start);
        byte[] data = new byte[length];
        if (length > 0) {
            try (FileChannel channel = FileChannel.open(dirs.log(buildId), StandardOpenOption.READ)) {
                ByteBuffer buffer = ByteBuffer.wrap(data);
                while (buffer.hasRemaining() && channel.read(buffer, start + buffer.position()) > 0) {
                    // keeps reading until the slice is full
                }
            } catch (NoSuchFileException e) {
                return new LogChunk(0, 0, 0, feed == null, new byte[0]);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the log of build " + buildId, e);
            }
        }
        long next = start + length;
        return new LogChunk(start, next, size, feed == null && next >= size, data);
    }

    /**
     * The slice of at most {@code max} bytes that ends at {@code end}, starting at a line boundary
     * when it does not start at the beginning: the view's "tail" and "page back".
     */
    LogChunk before(long buildId, long end, int max) {
        long stop = Math.min(end, size(buildId));
        long start = Math.max(0, stop - max);
        LogChunk raw = read(buildId, start, (int) (stop - start));
        if (start == 0) {
            return raw;
        }
        byte[] data = raw.data();
        int skip = 0;
        while (skip < data.length && data[skip] != '\n') {
            skip++;
        }
        if (skip >= data.length - 1) {
            return raw;
        }
        byte[] aligned = java.util.Arrays.copyOfRange(data, skip + 1, data.length);
        return new LogChunk(start + skip + 1, raw.nextOffset(), raw.logSize(), raw.complete(), aligned);
    }

    /**
     * Waits until the log grows past {@code known} bytes or its build ends, at most {@code timeoutMillis}.
     *
     * @return true when there may be more to read, false when the log is complete up to {@code known}
     */
    boolean await(long buildId, long known, long timeoutMillis) throws InterruptedException {
        Feed feed = feeds.get(buildId);
        if (feed == null) {
            return size(buildId) > known;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (feed) {
            while (feed.size <= known && !feed.closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                TimeUnit.NANOSECONDS.timedWait(feed, left);
            }
            return feed.size > known || !feed.closed;
        }
    }

    /**
     * Calls {@code listener} after every append and once when the log closes; returns what removes
     * it, or null when the log is not being written now (not started yet, or ended).
     */
    Runnable listen(long buildId, Runnable listener) {
        Feed feed = feeds.get(buildId);
        if (feed == null) {
            return null;
        }
        feed.listeners.add(listener);
        if (feed.closed) {
            listener.run();
        }
        return () -> feed.listeners.remove(listener);
    }

    void delete(long buildId) throws IOException {
        Files.deleteIfExists(dirs.log(buildId));
    }

    private static final class Feed {
        volatile long size;
        volatile boolean closed;
        final List<Runnable> listeners = new CopyOnWriteArrayList<>();
        private final Executor notifier;
        /** A round of listener calls is pending: appends meanwhile are covered by it. */
        private final AtomicBoolean notifying = new AtomicBoolean();

        Feed(long size, Executor notifier) {
            this.size = size;
            this.notifier = notifier;
        }

        /** Wakes followers waiting in {@link #await} at once, and has the listeners called on another thread. */
        void changed() {
            synchronized (this) {
                notifyAll();
            }
            if (!listeners.isEmpty() && notifying.compareAndSet(false, true)) {
                try {
                    notifier.execute(() -> {
                        // cleared first: an append while the listeners run schedules another round
                        notifying.set(false);
                        for (Runnable listener : listeners) {
                            listener.run();
                        }
                    });
                } catch (RejectedExecutionException e) {
                    notifying.set(false);
                }
            }
        }
    }

    /** Appends to one build's log; thread-safe, as process output and the runner's own lines interleave. */
    final class Writer implements AutoCloseable {

        private final long buildId;
        private final FileChannel channel;
        private final Feed feed;
        private final long limit;
        private boolean truncated;

        private Writer(long buildId, FileChannel channel, Feed feed, long limit) {
            this.buildId = buildId;
            this.channel = channel;
            this.feed = feed;
            this.limit = limit;
        }

        synchronized void append(byte[] data, int offset, int length) {
            if (truncated || length == 0) {
                return;
            }
            int allowed = (int) Math.min(length, limit - feed.size);
            try {
                if (allowed > 0) {
                    write(ByteBuffer.wrap(data, offset, allowed));
                }
                if (allowed < length) {
                    truncated = true;
                    write(ByteBuffer.wrap(("\n[tandem] The log reached its limit of " + limit
                            + " bytes; further output is discarded.\n").getBytes(StandardCharsets.UTF_8)));
                }
            } catch (IOException e) {
                truncated = true;
            }
            feed.changed();
        }

        /** A line of the build service itself, marked so readers can tell it from command output. */
        void line(String text) {
            byte[] bytes = ("[tandem] " + text + "\n").getBytes(StandardCharsets.UTF_8);
            append(bytes, 0, bytes.length);
        }

        private void write(ByteBuffer buffer) throws IOException {
            while (buffer.hasRemaining()) {
                feed.size += channel.write(buffer);
            }
        }

        @Override
        public synchronized void close() {
            try {
                channel.close();
            } catch (IOException e) {
                // the bytes written so far stay readable either way
            }
            feeds.remove(buildId);
            feed.closed = true;
            feed.changed();
        }
    }
}
