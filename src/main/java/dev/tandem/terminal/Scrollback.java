package dev.tandem.terminal;

/**
 * The most recent output of a terminal, at most {@code capacity} bytes, for clients that attach later.
 * Not thread-safe: its terminal guards it.
 */
final class Scrollback {

    private final byte[] ring;
    private int start;
    private int size;

    Scrollback(int capacity) {
        ring = new byte[capacity];
    }

    void append(byte[] data, int offset, int length) {
        if (length >= ring.length) {
            System.arraycopy(data, offset + length - ring.length, ring, 0, ring.length);
            start = 0;
            size = ring.length;
            return;
        }
        int end = (start + size) % ring.length;
        int first = Math.min(length, ring.length - end);
        System.arraycopy(data, offset, ring, end, first);
        System.arraycopy(data, offset + first, ring, 0, length - first);
        int overflow = size + length - ring.length;
        if (overflow > 0) {
            start = (start + overflow) % ring.length;
            size = ring.length;
        } else {
            size += length;
        }
    }

    /** The kept output, oldest first; when output was dropped, it starts at the next whole UTF-8 character. */
    byte[] snapshot() {
        byte[] copy = new byte[size];
        int first = Math.min(size, ring.length - start);
        System.arraycopy(ring, start, copy, 0, first);
        System.arraycopy(ring, 0, copy, first, size - first);
        int skip = 0;
        if (size == ring.length) {
            while (skip < copy.length && skip < 3 && (copy[skip] & 0xC0) == 0x80) {
                skip++;
            }
        }
        return skip == 0 ? copy : java.util.Arrays.copyOfRange(copy, skip, copy.length);
    }

    int size() {
        return size;
    }
}
