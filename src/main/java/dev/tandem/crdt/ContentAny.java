package dev.tandem.crdt;

import java.util.ArrayList;
import java.util.List;

/** JSON-like values (lib0 "any" encoding) stored in arrays and maps. */
final class ContentAny extends Content {
    static final int REF = 8;
    private List<Object> arr;

    ContentAny(List<Object> arr) {
        this.arr = arr;
    }

    @Override
    int ref() {
        return REF;
    }

    @Override
    int length() {
        return arr.size();
    }

    @Override
    boolean isCountable() {
        return true;
    }

    @Override
    List<Object> values() {
        return arr;
    }

    @Override
    Content copy() {
        return new ContentAny(new ArrayList<>(arr));
    }

    @Override
    Content splice(int offset) {
        ContentAny right = new ContentAny(new ArrayList<>(arr.subList(offset, arr.size())));
        arr = new ArrayList<>(arr.subList(0, offset));
        return right;
    }

    @Override
    boolean mergeWith(Content right) {
        List<Object> merged = new ArrayList<>(arr.size() + right.length());
        merged.addAll(arr);
        merged.addAll(((ContentAny) right).arr);
        arr = merged;
        return true;
    }

    @Override
    void write(Lib0Encoder encoder, int offset) {
        int len = arr.size();
        encoder.writeVarUint(len - offset);
        for (int i = offset; i < len; i++) {
            encoder.writeAny(arr.get(i));
        }
    }
}
