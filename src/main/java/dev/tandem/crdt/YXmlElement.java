package dev.tandem.crdt;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** An XML element with attributes and children, compatible with {@code Y.XmlElement}. */
public class YXmlElement extends YXmlFragment {
    static final int TYPE_REF = 3;
    private final String nodeName;

    /** A new, preliminary element with this tag name. */
    public YXmlElement(String nodeName) {
        this.nodeName = nodeName;
    }

    /** The tag name. */
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

    /** Sets the attribute. */
    public void setAttribute(String name, Object value) {
        notePrelimValues(java.util.Collections.singletonList(value));
        change(txn -> mapSet(txn, name, value));
    }

    /** The attribute value, or {@code null}. */
    public Object getAttribute(String name) {
        return mapGet(name);
    }

    /** Removes the attribute. */
    public void removeAttribute(String name) {
        change(txn -> mapDelete(txn, name));
    }

    /** All attributes in first-set order. */
    public Map<String, Object> getAttributes() {
        return mapEntries();
    }

    @Override
    List<AbstractType> plainDependencies() {
        List<AbstractType> out = new java.util.ArrayList<>(super.plainDependencies());
        out.addAll(typesIn(mapEntries().values()));
        return out;
    }

    /** {@code <name a="1" b="2">children</name>}, attributes sorted, as Yjs prints it. */
    @Override
    Object plainValue(java.util.function.Function<AbstractType, Object> plainOf) {
        StringBuilder sb = new StringBuilder();
        String name = nodeName.toLowerCase(Locale.ROOT);
        sb.append('<').append(name);
        Map<String, Object> sorted = new TreeMap<>(getAttributes());
        sorted.forEach((k, v) -> sb.append(' ').append(k).append("=\"").append(jsString(v, plainOf)).append('"'));
        sb.append('>').append(childrenXml(plainOf)).append("</").append(name).append('>');
        return sb.toString();
    }
}
