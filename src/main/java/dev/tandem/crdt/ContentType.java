package dev.tandem.crdt;


/** A nested shared type (text, map, array, XML node) living at one position of its parent. */
final class ContentType extends SingleContent {
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
    Object value() {
        return type;
    }

    @Override
    Content copy() {
        return new ContentType(type.emptyCopy());
    }

    @Override
    void integrate(Transaction txn, Item item) {
        type.integrate(txn.doc, item);
    }

    /**
     * Deleting a type deletes everything in it; already-deleted children may merge later.
     * Nested types are handled with an explicit stack, depth-first in the same order a
     * recursive walk would take, so deep nesting costs no call stack.
     */
    @Override
    void delete(Transaction txn) {
        java.util.Deque<Children> stack = new java.util.ArrayDeque<>();
        stack.push(new Children(type));
        while (!stack.isEmpty()) {
            Children frame = stack.peek();
            Item item = frame.next();
            if (item == null) {
                txn.changed.remove(frame.type);
                stack.pop();
            } else if (!item.isDeleted()) {
                item.markDeletedInTransaction(txn);
                if (item.content instanceof ContentType ct) {
                    stack.push(new Children(ct.type));
                } else {
                    item.content.delete(txn);
                }
            } else if (item.clock < txn.beforeStateOf(item.client)) {
                txn.mergeStructs.add(item);
            }
        }
    }

    /** The list items, then the current map entries, of one type. */
    private static final class Children {
        final AbstractType type;
        private Item listItem;
        private java.util.Iterator<Item> mapItems;

        Children(AbstractType type) {
            this.type = type;
            this.listItem = type.start;
        }

        Item next() {
            if (listItem != null) {
                Item out = listItem;
                listItem = listItem.right;
                return out;
            }
            if (mapItems == null) {
                mapItems = new java.util.ArrayList<>(type.map.values()).iterator();
            }
            return mapItems.hasNext() ? mapItems.next() : null;
        }
    }

    /** Drops the deleted subtree: every item below becomes a GC struct (iteratively, as for delete). */
    @Override
    void gc(StructStore store) {
        java.util.Deque<AbstractType> types = new java.util.ArrayDeque<>();
        types.push(type);
        while (!types.isEmpty()) {
            AbstractType t = types.pop();
            for (Item item = t.start; item != null; item = item.right) {
                gcChild(item, store, types);
            }
            t.start = null;
            for (Item item : t.map.values()) {
                for (Item it = item; it != null; it = it.left) {
                    gcChild(it, store, types);
                }
            }
            t.map.clear();
        }
    }

    private static void gcChild(Item item, StructStore store, java.util.Deque<AbstractType> types) {
        if (item.content instanceof ContentType ct) {
            types.push(ct.type);
        }
        item.gcShallow(store);
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
