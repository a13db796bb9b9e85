package dev.tandem.collab;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The file on disk behind a room. Remembers what the room last wrote or read (size, modification
 * time, hash), so that it can tell a change made by someone else from its own, even across
 * restarts: the hash of the text last in sync with the document is kept in a mark file in the
 * room's storage folder. Confined to its room's thread, except {@link #changedOnDisk}, which the
 * room's clock also asks, and a {@link Write} in progress, which touches the disk only.
 */
final class DiskFile {

    /** The file is larger than a live document may be. */
    static final class TooLargeException extends IOException {
        TooLargeException(long maxSize) {
            super("the file is larger than " + maxSize + " bytes");
        }
    }

    /** What was read: the text, or null when the file is missing. */
    record Read(String text, boolean missing) {
    }

    private record Attributes(long size, long modified, Object key) {
        /** A missing file (or one not seen yet). */
        static final Attributes NONE = new Attributes(-1, -1, null);

        /** The file's attributes now, {@link #NONE} when it is missing. */
        static Attributes of(Path file) throws IOException {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                return new Attributes(attributes.size(), attributes.lastModifiedTime().toMillis(), attributes.fileKey());
            } catch (NoSuchFileException e) {
                return NONE;
            }
        }

        boolean missing() {
            return this == NONE;
        }

        boolean differFrom(Attributes other) {
            return size != other.size || modified != other.modified || other.key != null && !other.key.equals(key);
        }
    }

    /**
     * A write of one snapshot of the room's text: prepared on the room's thread ({@link #prepareWrite}),
     * {@linkplain #run run} on any thread, taken in on the room's thread again ({@link #finish}), so
     * that the room goes on with its edits while the file is replaced.
     */
    final class Write {
        private final String text;
        private final LineBreaks lineBreaks;
        private final String hashOnDisk;
        private final Attributes seen;
        /** Set by {@link #run}; read after it, on the room's thread. */
        private String hash;
        private Attributes written;
        private boolean overtaken;
        private IOException failure;

        private Write(String text, LineBreaks lineBreaks, String hashOnDisk, Attributes seen) {
            this.text = text;
            this.lineBreaks = lineBreaks;
            this.hashOnDisk = hashOnDisk;
            this.seen = seen;
        }

        /**
         * Replaces the file with the text, unless the disk holds it already, or unless the file is
         * missing or changed since the room last looked: someone else's change is taken in by the
         * room first, never overwritten, and a deleted file is not brought back.
         */
        void run() {
            try {
                hash = sha256(text);
                if (hash.equals(hashOnDisk)) {
                    return;
                }
                Attributes now = Attributes.of(file);
                if (now.missing()) {
                    return;
                }
                if (now.differFrom(seen)) {
                    overtaken = true;
                    return;
                }
                // The mark names the write before the file changes: a crash between the two leaves a
                // file that the next start still knows as the room's own, not as someone else's change
                // to apply over the log's newer text.
                writeMark(Objects.toString(hashOnDisk, "") + "\n" + hash);
                writeText(file, lineBreaks.toFile(text));
                // Gone at once after the replace: recorded as missing, the room's next check finds it so.
                written = Attributes.of(file);
                writeMark(hash);
            } catch (IOException e) {
                failure = e;
            }
        }
    }

    private final Path file;
    private final Path mark;
    private final long maxSize;
    /** The file's size, modification time and identity when the room last read or wrote it. */
    private volatile Attributes known = Attributes.NONE;
    private String knownHash;
    /** A write the mark file still names as under way (the server stopped during it), or null. */
    private String pendingHash;
    /** The text last in sync with the disk in this run (the base of a three-way merge), or null. */
    private String base;
    /** The file's most common line break: the document holds LF, the disk gets this kind back. */
    private LineBreaks lineBreaks = LineBreaks.LF;
    /** The last text hashed and its hash: a write asks for the same text's hash twice (compare, then remember). */
    private String hashedText;
    private String hashedValue;

    DiskFile(Path file, Path mark, long maxSize) {
        this.file = file;
        this.mark = mark;
        this.maxSize = maxSize;
    }

    Path path() {
        return file;
    }

    /**
     * Reads the file as UTF-8, with every line break as LF (an editor counts a line break as one
     * character); writes give the file its most common kind of line break back ({@link LineBreaks}).
     *
     * @throws CharacterCodingException when it is not UTF-8 text
     * @throws IOException              when it cannot be read or is larger than the limit
     */
    Read read() throws IOException {
        try {
            String raw = readText(file, maxSize);
            lineBreaks = LineBreaks.of(raw);
            return new Read(LineBreaks.normalise(raw), false);
        } catch (NoSuchFileException e) {
            return new Read(null, true);
        }
    }

    /**
     * Reads a file as UTF-8 text.
     *
     * @throws NoSuchFileException      when it is missing
     * @throws CharacterCodingException when it is not UTF-8 text
     * @throws TooLargeException        when it is larger than {@code maxSize}
     * @throws IOException              when it cannot be read
     */
    static String readText(Path file, long maxSize) throws IOException {
        if (Files.size(file) > maxSize) {
            throw new TooLargeException(maxSize);
        }
        byte[] bytes = Files.readAllBytes(file);
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
    }

    /** Whether the file looks different (size, time, identity) from when it was last read or written, or is missing. */
    boolean changedOnDisk() throws IOException {
        Attributes now = Attributes.of(file);
        return now.missing() || now.differFrom(known);
    }

    /** Whether {@code text} is what the room last had in sync with the disk (before this run too). */
    boolean matchesMark(String text) throws IOException {
        String hash = hash(text);
        return hash.equals(markedHash()) || hash.equals(pendingHash);
    }

    /** The hash of the text last in sync with the disk, from the mark file before the first read or write. */
    private String markedHash() throws IOException {
        if (knownHash == null && Files.exists(mark)) {
            // One line: the hash of the text in sync; a second: a write that was under way.
            String[] lines = Files.readString(mark).split("\n", -1);
            knownHash = lines[0].strip();
            pendingHash = lines.length > 1 && !lines[1].isBlank() ? lines[1].strip() : null;
        }
        return knownHash;
    }

    /** The text last in sync with the disk in this run, or null before the first read or write. */
    String base() {
        return base;
    }

    /** Records that the disk holds {@code text}, just read. */
    void remember(String text) throws IOException {
        known = Attributes.of(file);
        base = text;
        String hash = hash(text);
        if (!hash.equals(knownHash) || pendingHash != null) {
            knownHash = hash;
            pendingHash = null;
            writeMark(hash);
        }
    }

    private void writeMark(String content) throws IOException {
        Path temp = mark.resolveSibling(mark.getFileName() + ".tmp");
        Files.writeString(temp, content);
        UpdateLog.moveAtomically(temp, mark);
    }

    /** A write of {@code text} to run beside the room; the file gets its line breaks back. */
    Write prepareWrite(String text) throws IOException {
        return new Write(text, lineBreaks, markedHash(), known);
    }

    /**
     * Takes in what {@code write} did, once it has run. Answers whether the text still has to reach
     * the disk: someone else changed the file first, so the room takes their change in, then writes.
     * A missing file is left to the room's checks (moved or deleted).
     *
     * @throws IOException when the write failed
     */
    boolean finish(Write write) throws IOException {
        if (write.written != null) {
            known = write.written;
            base = write.text;
            knownHash = write.hash;
            hashedText = write.text;
            hashedValue = write.hash;
        }
        if (write.failure != null) {
            throw write.failure;
        }
        return write.overtaken;
    }

    /** Like a write, to the file after a move ({@code target}), with this file's line breaks. */
    void writeTo(Path target, String text) throws IOException {
        writeText(target, lineBreaks.toFile(text));
    }

    /** Replaces a file's content with {@code text} (UTF-8) atomically, keeping its permissions. */
    static void writeText(Path file, String text) throws IOException {
        Path temp = file.resolveSibling("." + file.getFileName() + ".tandem~");
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        try {
            keepPermissions(file, temp);
            UpdateLog.moveAtomically(temp, file);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /** An executable script stays executable after the replace. */
    private static void keepPermissions(Path file, Path temp) throws IOException {
        try {
            Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(file));
        } catch (NoSuchFileException | UnsupportedOperationException e) {
            // A new file, or a file system without POSIX permissions: the defaults are right.
        }
    }

    private String hash(String text) {
        if (text != hashedText) {
            hashedValue = sha256(text);
            hashedText = text;
        }
        return hashedValue;
    }

    private static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
