package dev.tandem.crdt;

import java.util.ArrayList;
import java.util.List;

/**
 * Legacy JSON content (older Yjs versions wrote values as JSON strings). Decoded and kept
 * verbatim so that documents pass through unchanged; new values are written as {@link ContentAny}.
 */
final class ContentJson extends Content {
    static final int REF = 2;
    private List<String> raw;

    ContentJson(List<String> raw) {
        this.raw = raw;
    }

    @Override
    int ref() {
        return REF;
    }

    @Override
    int length() {
        return raw.size();
    }

    @Override
    boolean isCountable() {
        return true;
    }

    @Override
    List<Object> values() {
        List<Object> out = new ArrayList<>(raw.size());
        for (String s : raw) {
            out.add("undefined".equals(s) ? Undefined.INSTANCE : Json.parse(s));
        }
        return out;
    }

    @Override
    Content copy() {
        return new ContentJson(new ArrayList<>(raw));
    }

    @Override
    Content splice(int offset) {
        ContentJson right = new ContentJson(new ArrayList<>(raw.subList(offset, raw.size())));
        raw = new ArrayList<>(raw.subList(0, offset));
        return right;
    }

    @Override
    boolean mergeWith(Content right) {
        List<String> merged = new ArrayList<>(raw);
        merged.addAll(((ContentJson) right).raw);
        raw = merged;
        return true;
    }

    @Override
    void write(Lib0Encoder encoder, int offset) {
        encoder.writeVarUint(raw.size() - offset);
        for (int i = offset; i < raw.size(); i++) {
            encoder.writeVarString(raw.get(i));
        }
    }
}
