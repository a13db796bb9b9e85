package dev.tandem.crdt;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigInteger;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Canonical JSON text of plain values, for comparing our values with those recorded from Yjs. */
final class PlainValues {
    private PlainValues() {
    }

    static String canonical(Object v) {
        StringBuilder sb = new StringBuilder();
        write(sb, v);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v) {
        if (v instanceof AbstractType t) {
            write(sb, t.toJson());
        } else if (v instanceof YDoc d) {
            write(sb, Map.of("$doc", d.guid()));
        } else if (v == null) {
            sb.append("null");
        } else if (v instanceof Undefined) {
            write(sb, Map.of("$undefined", true));
        } else if (v instanceof byte[] b) {
            write(sb, Map.of("$binary", Base64.getEncoder().encodeToString(b)));
        } else if (v instanceof BigInteger b) {
            write(sb, Map.of("$bigint", b.toString()));
        } else if (v instanceof Number n) {
            sb.append(number(n.doubleValue()));
        } else if (v instanceof Boolean b) {
            sb.append(b);
        } else if (v instanceof String s) {
            sb.append('"').append(s.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        } else if (v instanceof List<?> l) {
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                write(sb, l.get(i));
            }
            sb.append(']');
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : new TreeMap<>(m).entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                write(sb, String.valueOf(e.getKey()));
                sb.append(':');
                write(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof JsonNode node) {
            writeNode(sb, node);
        } else {
            throw new IllegalArgumentException("unexpected value " + v.getClass());
        }
    }

    private static String number(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e18) {
            return Long.toString((long) d);
        }
        return Double.toString(d);
    }

    private static void writeNode(StringBuilder sb, JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> m = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                m.put(e.getKey(), e.getValue());
            }
            write(sb, m);
        } else if (node.isArray()) {
            List<Object> l = new java.util.ArrayList<>();
            node.forEach(l::add);
            write(sb, l);
        } else if (node.isNumber()) {
            sb.append(number(node.doubleValue()));
        } else if (node.isBoolean()) {
            sb.append(node.booleanValue());
        } else if (node.isNull()) {
            sb.append("null");
        } else {
            write(sb, node.textValue());
        }
    }
}
