package dev.tandem.crdt;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A sub-document reference: its guid and options; the sub-document's content lives elsewhere. */
final class ContentDoc extends Content {
    static final int REF = 9;
    final YDoc doc;

    ContentDoc(YDoc doc) {
        this.doc = doc;
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
        return List.of(doc);
    }

    @Override
    Content copy() {
        return new ContentDoc(YDoc.subdocument(doc.guid(), doc.options()));
    }

    @Override
    Content splice(int offset) {
        throw new IllegalStateException("a sub-document has length 1 and cannot be split");
    }

    @Override
    void integrate(Transaction txn, Item item) {
        doc.parentItem = item;
        txn.subdocsAdded().add(doc);
    }

    @Override
    void delete(Transaction txn) {
        if (!txn.subdocsAdded().remove(doc)) {
            txn.subdocsRemoved().add(doc);
        }
    }

    @Override
    void write(Lib0Encoder encoder, int offset) {
        encoder.writeVarString(doc.guid());
        Map<String, Object> opts = new LinkedHashMap<>();
        if (!doc.gcEnabled()) {
            opts.put("gc", false);
        }
        if (doc.autoLoad()) {
            opts.put("autoLoad", true);
        }
        if (doc.meta() != null) {
            opts.put("meta", doc.meta());
        }
        encoder.writeAny(opts);
    }
}
