package dev.tandem.crdt;

import java.util.List;

/** One binary value (a JavaScript Uint8Array). */
final class ContentBinary extends Content {
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
    int length() {
        return 1;
    }

    @Override
    boolean isCountable() {
        return true;
    }

    @Override
    List<Object> values() {
        return List.of(bytes.clone());
    }

    @Override
    Content copy() {
        return new ContentBinary(bytes);
    }

    @Override
    Content splice(int offset) {
        throw new IllegalStateException("binary content has length 1 and cannot be split");
    }

    @Override
    void write(Lib0Encoder encoder, int offset) {
        encoder.writeVarBytes(bytes);
    }
}
