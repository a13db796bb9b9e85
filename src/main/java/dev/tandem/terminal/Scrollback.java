package dev.tandem.terminal;

import java.util.Arrays;

/**
 * The most recent output of a terminal, at most {@code capacity} bytes, for clients that attach later.
 * It starts small and grows as output comes, so an idle terminal costs little. Not thread-safe: its
 * terminal guards it.
 */
final class Scrollback {

    private static final int INITIAL = 16 * 1024;

    private final int capacity;
    private byte[] ring;
    private int start;
    private int size;
    private boolean dropped;

    Scrollback(int capacity) {
        this.capacity = capacity;
        this.ring = new byte[Math.min(INITIAL, capacity)];
    }

    void append(byte[] data, int offset, int length) {
        if (size + length > ring.length && ring.length < capacity) {
            grow(Math.min(capacity, Math.max(ring.length * 2, size + length)));
        }
        if (length >= ring.length) {
            System.arraycopy(data, offset + length - ring.length, ring, 0, ring.length);
            dropped |= length > ring.length || size > 0;
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
            dropped = true;
        } else {
            size += length;
        }
    }

    /** The kept output, oldest first; when older output was dropped, it starts at a whole UTF-8 character. */
    byte[] snapshot() {
        byte[] copy = linear(size);
        int skip = 0;
        if (dropped) {
            while (skip < copy.length && skip < 3 && (copy[skip] & 0xC0) == 0x80) {
                skip++;
            }
        }
        return skip == 0 ? copy : Arrays.copyOfRange(copy, skip, copy.length);
    }

    int size() {
        return size;
    }

    private void grow(int newCapacity) {
        ring = linear(newCapacity);
        start = 0;
    }

    private byte[] linear(int length) {
        byte[] copy = new byte[length];
        int first = Math.min(size, ring.length - start);
        System.arraycopy(ring, start, copy, 0, first);
        System.arraycopy(ring, 0, copy, first, size - first);
        return copy;
    }
}
