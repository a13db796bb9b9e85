package dev.tandem.build;

import java.nio.charset.StandardCharsets;

/**
 * A slice of a build log.
 *
 * @param offset     byte offset of the first byte in the log
 * @param nextOffset offset just past the last byte (where to continue reading)
 * @param logSize    the size of the log when read
 * @param complete   true when the build has ended and nothing follows {@code nextOffset}
 * @param data       the bytes
 */
public record LogChunk(long offset, long nextOffset, long logSize, boolean complete, byte[] data) {

    public String text() {
        return new String(data, StandardCharsets.UTF_8);
    }
}
