package dev.tandem.crdt;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A shared list, compatible with {@code Y.Array}. Elements are the same kinds of values as in
 * {@link YMap}; consecutive plain values inserted together are stored as one run.
 */
public class YArray extends AbstractType {
    static final int TYPE_REF = 0;

    /** A new, preliminary array; insert it into a document to share it. */
    public YArray() {
        super(true);
    }

    @Override
    int typeRef() {
        return TYPE_REF;
    }

    @Override
    AbstractType emptyCopy() {
        return new YArray();
    }

    @Override
    YEvent createEvent(Transaction txn, Set<String> keysChanged) {
        return new YEvent(this, txn, keysChanged);
    }

    /** Number of elements. */
    public int length() {
        return length;
    }

    /** Inserts values at {@code index}; plain values inserted together form one run. */
    public void insert(int index, List<?> values) {
        notePrelimValues(values);
        change(txn -> listInsert(txn, index, values));
    }

    /** Appends values. */
    public void push(List<?> values) {
        notePrelimValues(values);
        change(txn -> listInsert(txn, length, values));
    }

    /** Inserts values at the start. */
    public void unshift(List<?> values) {
        insert(0, values);
    }

    /** Deletes {@code len} elements from {@code index}. */
    public void delete(int index, int len) {
        change(txn -> listDelete(txn, index, len));
    }

    /** The element at {@code index}. */
    public Object get(int index) {
        return listGet(index);
    }

    /** Elements from {@code from} (inclusive) to {@code to} (exclusive). */
    public List<Object> slice(int from, int to) {
        return listSlice(from, to);
    }

    /** All elements in order. */
    public List<Object> toList() {
        return listToArray();
    }

    @Override
    List<AbstractType> plainDependencies() {
        return typesIn(listToArray());
    }

    @Override
    Object plainValue(java.util.function.Function<AbstractType, Object> plainOf) {
        List<Object> out = new ArrayList<>(length);
        for (Object v : listToArray()) {
            out.add(toPlain(v, plainOf));
        }
        return out;
    }
}
