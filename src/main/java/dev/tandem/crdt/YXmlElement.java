package dev.tandem.crdt;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** An XML element with attributes and children, compatible with {@code Y.XmlElement}. */
public class YXmlElement extends YXmlFragment {
    static final int TYPE_REF = 3;
    private final String nodeName;

    public YXmlElement(String nodeName) {
        this.nodeName = nodeName;
    }

    public String nodeName() {
        return nodeName;
    }

    @Override
    int typeRef() {
        return TYPE_REF;
    }

    @Override
    String nodeNameForEncoding() {
        return nodeName;
    }

    @Override
    AbstractType emptyCopy() {
        return new YXmlElement(nodeName);
    }

    public void setAttribute(String name, Object value) {
        change(txn -> mapSet(txn, name, value));
    }

    public Object getAttribute(String name) {
        return mapGet(name);
    }

    public void removeAttribute(String name) {
        change(txn -> mapDelete(txn, name));
    }

    public Map<String, Object> getAttributes() {
        return mapEntries();
    }

    /** {@code <name a="1" b="2">children</name>}, attributes sorted, as Yjs prints it. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        String name = nodeName.toLowerCase(Locale.ROOT);
        sb.append('<').append(name);
        Map<String, Object> sorted = new TreeMap<>(getAttributes());
        sorted.forEach((k, v) -> sb.append(' ').append(k).append("=\"").append(Json.jsString(v)).append('"'));
        sb.append('>').append(super.toString()).append("</").append(name).append('>');
        return sb.toString();
    }
}
