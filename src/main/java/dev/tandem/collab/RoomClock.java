package dev.tandem.collab;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One timer for the periodic work of every open room ({@link Room#tick}): writing a changed
 * document to its file once typing pauses, checking the file for someone else's change, and
 * dropping the awareness states of clients that went silent.
 *
 * <p>Why one clock: with a timer per room and task, each check woke the timer thread and then a
 * room worker, and a debounced write was checked again after every pause-length while someone
 * typed: about eight hand-offs a second per room, each a thread competing for a core with the
 * edits in flight. The clock ticks while rooms are open, reads what each room has published,
 * checks files with one {@code stat} on its own thread, and hands a room work only when some is
 * due: at the benchmark's 50 clients in 10 rooms the timer and worker threads went from about 280
 * context switches a second to 90 (docs/BENCHMARKS.md, session 13).
 */
final class RoomClock {

    /** What the clock ticks: an open room, which decides itself what is due at {@code nanoTime}. */
    interface Ticking {
        void tick(long nanoTime);
    }

    private static final Logger log = LoggerFactory.getLogger(RoomClock.class);
    private static final long LONGEST_TICK = Duration.ofMillis(100).toNanos();
    private static final long SHORTEST_TICK = Duration.ofMillis(10).toNanos();

    private final ScheduledExecutorService timer;
    private final long tickNanos;
    private final Set<Ticking> rooms = ConcurrentHashMap.newKeySet();
    /** The running tick while any room is open; guarded by {@code this}. */
    private ScheduledFuture<?> ticking;

    /**
     * Ticks at half the shorter of the write delay and the poll interval, at most every 100 ms, so a
     * due write or check waits at most one tick: a file is at most {@code disk-write-max-delay} plus
     * one tick behind its document.
     */
    RoomClock(ScheduledExecutorService timer, CollabProperties properties) {
        this.timer = timer;
        long half = Math.min(properties.diskWriteDelay().toNanos(), properties.diskPollInterval().toNanos()) / 2;
        this.tickNanos = Math.max(SHORTEST_TICK, Math.min(LONGEST_TICK, half));
    }

    synchronized void add(Ticking room) {
        rooms.add(room);
        if (ticking == null) {
            ticking = timer.scheduleAtFixedRate(this::tickAll, tickNanos, tickNanos, TimeUnit.NANOSECONDS);
        }
    }

    synchronized void remove(Ticking room) {
        rooms.remove(room);
        if (rooms.isEmpty() && ticking != null) {
            // No open room, no wake-ups.
            ticking.cancel(false);
            ticking = null;
        }
    }

    private void tickAll() {
        long now = System.nanoTime();
        for (Ticking room : rooms) {
            try {
                room.tick(now);
            } catch (RuntimeException e) {
                // One room's failure must not stop the clock for the others.
                log.error("The periodic work of {} failed", room, e);
            }
        }
    }
}
