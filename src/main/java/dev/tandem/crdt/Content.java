package dev.tandem.crdt;

import java.util.List;

/**
 * What an {@link Item} holds. Content of {@link #length()} elements; the item owns it and
 * splits or merges it together with its clock range.
 */
abstract class Content {

    /** The content reference number of the update format (low 5 bits of an item's info byte). */
    abstract int ref();

    abstract int length();

    /** Whether the content counts towards its parent's length and indexes (formats do not). */
    abstract boolean isCountable();

    /** The elements as user-visible values (characters come back as one-character strings). */
    abstract List<Object> values();

    abstract Content copy();

    /** Keeps the first {@code offset} elements here and returns the rest as new content. */
    abstract Content splice(int offset);

    /** Appends {@code right} (same class) to this content if this kind of content can merge. */
    boolean mergeWith(Content right) {
        return false;
    }

    void integrate(Transaction txn, Item item) {
    }

    void delete(Transaction txn) {
    }

    void gc(StructStore store) {
    }

    abstract void write(Lib0Encoder encoder, int offset);
}
