package dev.tandem.crdt;

/** Garbage-collected content: only the clock range survives, as a tombstone without a position. */
final class GcStruct extends Struct {
    static final int REF = 0;

    GcStruct(long client, int clock, int length) {
        super(client, clock, length);
    }

    @Override
    boolean isDeleted() {
        return true;
    }

    @Override
    void write(Lib0Encoder encoder, int offset) {
        encoder.writeUint8(REF);
        encoder.writeVarUint(length - offset);
    }

    @Override
    Struct sliceFrom(int diff) {
        return new GcStruct(client, clock + diff, length - diff);
    }
}
