package dev.tandem.crdt;


/** One binary value (a JavaScript Uint8Array). */
final class ContentBinary extends SingleContent {
    static final int REF = 3;
    private final byte[] bytes;

    ContentBinary(byte[] bytes) {
        this.bytes = bytes;
    }

    @Override
    int ref() {
        return REF;
    }

    @Override
    Object value() {
        return bytes.clone();
    }

    @Override
    Content copy() {
        return new ContentBinary(bytes);
    }

    @Override
    void write(Lib0Encoder encoder, int offset) {
        encoder.writeVarBytes(bytes);
    }
}
