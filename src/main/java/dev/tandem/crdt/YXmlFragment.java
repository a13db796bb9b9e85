package dev.tandem.crdt;

import java.util.List;
import java.util.Set;

/**
 * A list of XML nodes ({@link YXmlElement}, {@link YXmlText}), compatible with
 * {@code Y.XmlFragment}. Used by rich-text editor bindings; kept intact by the server.
 */
public class YXmlFragment extends AbstractType {
    static final int TYPE_REF = 4;

    /** A new, preliminary fragment; insert it into a document to share it. */
    public YXmlFragment() {
        super(true);
    }

    @Override
    int typeRef() {
        return TYPE_REF;
    }

    @Override
    AbstractType emptyCopy() {
        return new YXmlFragment();
    }

    @Override
    YEvent createEvent(Transaction txn, Set<String> keysChanged) {
        return new YEvent(this, txn, keysChanged);
    }

    /** Number of children. */
    public int length() {
        return length;
    }

    /** Inserts new (preliminary) nodes at {@code index}. */
    public void insert(int index, List<? extends AbstractType> nodes) {
        notePrelimValues(nodes);
        change(txn -> listInsert(txn, index, nodes));
    }

    /** Deletes {@code len} children from {@code index}. */
    public void delete(int index, int len) {
        change(txn -> listDelete(txn, index, len));
    }

    /** The child at {@code index}. */
    public Object get(int index) {
        return listGet(index);
    }

    /** The children in order. */
    public List<Object> toList() {
        return listToArray();
    }

    /** The children's XML concatenated. */
    @Override
    public String toString() {
        return (String) toJson();
    }

    @Override
    List<AbstractType> plainDependencies() {
        return typesIn(listToArray());
    }

    @Override
    Object plainValue(java.util.function.Function<AbstractType, Object> plainOf) {
        return childrenXml(plainOf);
    }

    /** The children's XML, nested nodes' text taken from {@code plainOf}. */
    String childrenXml(java.util.function.Function<AbstractType, Object> plainOf) {
        StringBuilder sb = new StringBuilder();
        for (Object child : listToArray()) {
            Object plain = child instanceof AbstractType t ? plainOf.apply(t) : null;
            sb.append(plain instanceof String s ? s : String.valueOf(child));
        }
        return sb.toString();
    }
}
