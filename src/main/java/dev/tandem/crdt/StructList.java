package dev.tandem.crdt;

import java.util.Arrays;

/** One client's structs, sorted by clock and gap-free, with lookup by clock in O(log n). */
final class StructList {
    Struct[] structs = new Struct[4];
    int size;

    Struct get(int i) {
        return structs[i];
    }

    Struct last() {
        return structs[size - 1];
    }

    void add(Struct s) {
        if (size == structs.length) {
            structs = Arrays.copyOf(structs, size * 2);
        }
        structs[size++] = s;
    }

    void insert(int index, Struct s) {
        if (size == structs.length) {
            structs = Arrays.copyOf(structs, size * 2);
        }
        System.arraycopy(structs, index, structs, index + 1, size - index);
        structs[index] = s;
        size++;
    }

    void set(int index, Struct s) {
        structs[index] = s;
    }

    /** Removes {@code count} structs starting at {@code from}. */
    void remove(int from, int count) {
        System.arraycopy(structs, from + count, structs, from, size - from - count);
        Arrays.fill(structs, size - count, size, null);
        size -= count;
    }

    /**
     * Index of the struct that contains {@code clock}, or -1. Starts with an interpolation guess
     * because clocks are dense, then bisects.
     */
    int findIndex(int clock) {
        int lo = 0;
        int hi = size - 1;
        if (hi < 0) {
            return -1;
        }
        Struct mid = structs[hi];
        if (mid.clock <= clock) {
            return clock < mid.clock + mid.length ? hi : -1;
        }
        int midIndex = (int) ((long) clock * hi / Math.max(1, mid.clock + mid.length - 1));
        while (lo <= hi) {
            mid = structs[midIndex];
            if (mid.clock <= clock) {
                if (clock < mid.clock + mid.length) {
                    return midIndex;
                }
                lo = midIndex + 1;
            } else {
                hi = midIndex - 1;
            }
            midIndex = (lo + hi) >>> 1;
        }
        return -1;
    }
}
