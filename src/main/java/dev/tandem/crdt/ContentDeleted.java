package dev.tandem.crdt;

import java.util.Collections;
import java.util.List;

/** Deleted content whose values were dropped by garbage collection; only its length is kept. */
final class ContentDeleted extends Content {
    static final int REF = 1;
    private int len;

    ContentDeleted(int len) {
        this.len = len;
    }

    @Override
    int ref() {
        return REF;
    }

    @Override
    int length() {
        return len;
    }

    @Override
    boolean isCountable() {
        return false;
    }

    @Override
    List<Object> values() {
        return Collections.nCopies(len, null);
    }

    @Override
    Content copy() {
        return new ContentDeleted(len);
    }

    @Override
    Content splice(int offset) {
        ContentDeleted right = new ContentDeleted(len - offset);
        len = offset;
        return right;
    }

    @Override
    boolean mergeWith(Content right) {
        len += right.length();
        return true;
    }

    @Override
    void integrate(Transaction txn, Item item) {
        txn.deleteSet.add(item.client, item.clock, len);
        item.markDeleted();
    }

    @Override
    void write(Lib0Encoder encoder, int offset) {
        encoder.writeVarUint(len - offset);
    }
}
