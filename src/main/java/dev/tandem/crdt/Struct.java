package dev.tandem.crdt;

/**
 * A run of consecutive clocks of one client in the struct store: an {@link Item}, a
 * {@link GcStruct} (deleted content that has been garbage-collected) or, only inside updates,
 * a {@link SkipStruct} (a gap).
 */
abstract sealed class Struct permits Item, GcStruct, SkipStruct {
    final long client;
    int clock;
    int length;

    Struct(long client, int clock, int length) {
        this.client = client;
        this.clock = clock;
        this.length = length;
    }

    abstract boolean isDeleted();

    /** The clock one past the last element of this struct. */
    final int endClock() {
        return clock + length;
    }

    /** Writes this struct from {@code offset} on, in update format v1. */
    abstract void write(Lib0Encoder encoder, int offset);

    /** A copy of this struct without its first {@code diff} elements (for updates on bytes). */
    abstract Struct sliceFrom(int diff);
}
