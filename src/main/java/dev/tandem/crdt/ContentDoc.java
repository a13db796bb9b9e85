package dev.tandem.crdt;

import java.util.LinkedHashMap;
import java.util.Map;

/** A sub-document reference: its guid and options; the sub-document's content lives elsewhere. */
final class ContentDoc extends SingleContent {
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
    Object value() {
        return doc;
    }

    @Override
    Content copy() {
        return new ContentDoc(YDoc.subdocument(doc.guid(), doc.options()));
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
