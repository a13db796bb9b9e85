package dev.tandem.crdt;

import java.util.List;

/** A nested shared type (text, map, array, XML node) living at one position of its parent. */
final class ContentType extends Content {
    static final int REF = 7;
    final AbstractType type;

    ContentType(AbstractType type) {
        this.type = type;
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
        return List.of(type);
    }

    @Override
    Content copy() {
        return new ContentType(type.emptyCopy());
    }

    @Override
    Content splice(int offset) {
        throw new IllegalStateException("a nested type has length 1 and cannot be split");
    }

    @Override
    void integrate(Transaction txn, Item item) {
        type.integrate(txn.doc, item);
    }

    /** Deleting a type deletes everything in it; already-deleted children may merge later. */
    @Override
    void delete(Transaction txn) {
        for (Item item = type.start; item != null; item = item.right) {
            deleteChild(txn, item);
        }
        for (Item item : type.map.values()) {
            deleteChild(txn, item);
        }
        txn.changed.remove(type);
    }

    private static void deleteChild(Transaction txn, Item item) {
        if (!item.isDeleted()) {
            item.delete(txn);
        } else if (item.clock < txn.beforeStateOf(item.client)) {
            txn.mergeStructs.add(item);
        }
    }

    @Override
    void gc(StructStore store) {
        for (Item item = type.start; item != null; item = item.right) {
            item.gc(store, true);
        }
        type.start = null;
        for (Item item : type.map.values()) {
            for (Item it = item; it != null; it = it.left) {
                it.gc(store, true);
            }
        }
        type.map.clear();
    }

    @Override
    void write(Lib0Encoder encoder, int offset) {
        encoder.writeVarUint(type.typeRef());
        String name = type.nodeNameForEncoding();
        if (name != null) {
            encoder.writeVarString(name);
        }
    }
}
