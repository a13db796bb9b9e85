package dev.tandem.crdt;

/** A gap in an update (clocks the update does not carry); never part of a document. */
final class SkipStruct extends Struct {
    static final int REF = 10;

    SkipStruct(long client, int clock, int length) {
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
        return new SkipStruct(client, clock + diff, length - diff);
    }
}
