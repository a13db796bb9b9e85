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

/**
 * The file on disk behind a room. Remembers what the room last wrote or read (size, modification
 * time, hash), so that it can tell a change made by someone else from its own, even across
 * restarts: the hash of the text last in sync with the document is kept in a mark file in the
 * room's storage folder. Confined to its room's thread, except {@link #changedOnDisk}, which the
 * room's clock also asks.
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
        static Attributes of(BasicFileAttributes attributes) {
            return new Attributes(attributes.size(), attributes.lastModifiedTime().toMillis(), attributes.fileKey());
        }
    }

    private final Path file;
    private final Path mark;
    private final long maxSize;
    /** The file's size, modification time and identity when the room last read or wrote it. */
    private volatile Attributes known = new Attributes(-1, -1, null);
    private String knownHash;
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

    /** Whether the file looks different (size, time, identity) from when it was last read or written. */
    boolean changedOnDisk() throws IOException {
        try {
            Attributes now = Attributes.of(Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
            Attributes last = known;
            return now.size() != last.size() || now.modified() != last.modified()
                    || last.key() != null && !last.key().equals(now.key());
        } catch (NoSuchFileException e) {
            return true;
        }
    }

    boolean exists() {
        return Files.exists(file, LinkOption.NOFOLLOW_LINKS);
    }

    /** Whether {@code text} is what the room last had in sync with the disk (before this run too). */
    boolean matchesMark(String text) throws IOException {
        if (knownHash == null && Files.exists(mark)) {
            knownHash = Files.readString(mark).strip();
        }
        return hash(text).equals(knownHash);
    }

    /** The text last in sync with the disk in this run, or null before the first read or write. */
    String base() {
        return base;
    }

    /** Records that the disk holds {@code text} (just read, or just written). */
    void remember(String text) throws IOException {
        known = Attributes.of(Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        base = text;
        String hash = hash(text);
        if (!hash.equals(knownHash)) {
            knownHash = hash;
            Path temp = mark.resolveSibling(mark.getFileName() + ".tmp");
            Files.writeString(temp, hash);
            UpdateLog.moveAtomically(temp, mark);
        }
    }

    /**
     * Replaces the file's content with {@code text} atomically (a temporary file beside it, then a
     * rename), so that readers never see half a file.
     */
    void write(String text) throws IOException {
        writeText(file, lineBreaks.toFile(text));
        remember(text);
    }

    /** Like {@link #write}, to the file after a move ({@code target}), with this file's line breaks. */
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
