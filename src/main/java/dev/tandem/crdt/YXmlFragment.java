package dev.tandem.crdt;

import java.util.List;
import java.util.Set;

/**
 * A list of XML nodes ({@link YXmlElement}, {@link YXmlText}), compatible with
 * {@code Y.XmlFragment}. Used by rich-text editor bindings; kept intact by the server.
 */
public class YXmlFragment extends AbstractType {
    static final int TYPE_REF = 4;

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

    public int length() {
        return length;
    }

    public void insert(int index, List<? extends AbstractType> nodes) {
        change(txn -> listInsert(txn, index, nodes));
    }

    public void delete(int index, int len) {
        change(txn -> listDelete(txn, index, len));
    }

    public Object get(int index) {
        return listGet(index);
    }

    public List<Object> toList() {
        return listToArray();
    }

    /** The children's XML concatenated. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Object child : listToArray()) {
            sb.append(child);
        }
        return sb.toString();
    }

    @Override
    public Object toJson() {
        return toString();
    }
}
