package dev.tandem.crdt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Text inside an XML tree, compatible with {@code Y.XmlText}; formatting prints as tags. */
public class YXmlText extends YText {
    static final int TYPE_REF = 6;

    @Override
    int typeRef() {
        return TYPE_REF;
    }

    @Override
    AbstractType emptyCopy() {
        return new YXmlText();
    }

    @Override
    public String toString() {
        return (String) toJson();
    }

    @Override
    List<AbstractType> plainDependencies() {
        List<AbstractType> out = new ArrayList<>();
        for (Item n = start; n != null; n = n.right) {
            if (!n.isDeleted() && n.content instanceof ContentType ct) {
                out.add(ct.type);
            }
        }
        return out;
    }

    /** Formatting attributes print as tags around the text they apply to. */
    @Override
    Object plainValue(java.util.function.Function<AbstractType, Object> plainOf) {
        StringBuilder sb = new StringBuilder();
        for (Delta d : toDelta()) {
            List<String> names = new ArrayList<>();
            StringBuilder open = new StringBuilder();
            if (d.attributes() != null) {
                Map<String, Object> sortedNodes = new TreeMap<>(d.attributes());
                for (Map.Entry<String, Object> node : sortedNodes.entrySet()) {
                    names.add(node.getKey());
                    open.append('<').append(node.getKey());
                    if (node.getValue() instanceof Map<?, ?> attrs) {
                        new TreeMap<>(attrs).forEach((k, v) -> open.append(' ').append(k).append("=\"").append(Json.jsString(v)).append('"'));
                    }
                    open.append('>');
                }
            }
            sb.append(open).append(d.insert() instanceof String s ? s : jsString(d.insert(), plainOf));
            for (int i = names.size() - 1; i >= 0; i--) {
                sb.append("</").append(names.get(i)).append('>');
            }
        }
        return sb.toString();
    }

}
