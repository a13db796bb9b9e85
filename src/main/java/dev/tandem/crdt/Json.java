package dev.tandem.crdt;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Minimal JSON with JavaScript semantics, for the parts of the format that Yjs stores as JSON
 * text (embeds, format values, legacy JSON content) and for y-protocols' awareness states. Parsed
 * numbers are Integer when integral and in int range, else Double, like JavaScript numbers;
 * objects are insertion-ordered maps, arrays lists.
 */
public final class Json {
    private static final int MAX_DEPTH = 100;
    private final String s;
    private int pos;

    private Json(String s) {
        this.s = s;
    }

    /**
     * {@code JSON.parse}.
     *
     * @throws MalformedUpdateException when {@code text} is not JSON or nests deeper than 100 levels
     */
    public static Object parse(String text) {
        Json p = new Json(text);
        p.skipWs();
        Object v = p.value(0);
        p.skipWs();
        if (p.pos != text.length()) {
            throw p.error();
        }
        return v;
    }

    private MalformedUpdateException error() {
        return new MalformedUpdateException("invalid JSON at offset " + pos);
    }

    private void skipWs() {
        while (pos < s.length() && " \t\r\n".indexOf(s.charAt(pos)) >= 0) {
            pos++;
        }
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH || pos >= s.length()) {
            throw error();
        }
        char c = s.charAt(pos);
        switch (c) {
            case '{': {
                pos++;
                Map<String, Object> m = new LinkedHashMap<>();
                skipWs();
                if (peek() == '}') {
                    pos++;
                    return m;
                }
                while (true) {
                    skipWs();
                    String key = string();
                    skipWs();
                    expect(':');
                    skipWs();
                    m.put(key, value(depth + 1));
                    skipWs();
                    if (peek() == ',') {
                        pos++;
                    } else {
                        expect('}');
                        return m;
                    }
                }
            }
            case '[': {
                pos++;
                List<Object> l = new ArrayList<>();
                skipWs();
                if (peek() == ']') {
                    pos++;
                    return l;
                }
                while (true) {
                    skipWs();
                    l.add(value(depth + 1));
                    skipWs();
                    if (peek() == ',') {
                        pos++;
                    } else {
                        expect(']');
                        return l;
                    }
                }
            }
            case '"':
                return string();
            case 't':
                literal("true");
                return Boolean.TRUE;
            case 'f':
                literal("false");
                return Boolean.FALSE;
            case 'n':
                literal("null");
                return null;
            default:
                return number();
        }
    }

    private char peek() {
        if (pos >= s.length()) {
            throw error();
        }
        return s.charAt(pos);
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error();
        }
        pos++;
    }

    private void literal(String word) {
        if (!s.startsWith(word, pos)) {
            throw error();
        }
        pos += word.length();
    }

    private String string() {
        expect('"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = peek();
            pos++;
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\\') {
                char e = peek();
                pos++;
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        if (pos + 4 > s.length()) {
                            throw error();
                        }
                        try {
                            sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw error();
                        }
                        pos += 4;
                    }
                    default -> throw error();
                }
            } else {
                sb.append(c);
            }
        }
    }

    private Object number() {
        int start = pos;
        while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
            pos++;
        }
        if (start == pos) {
            throw error();
        }
        double d;
        try {
            d = Double.parseDouble(s.substring(start, pos));
        } catch (NumberFormatException e) {
            throw error();
        }
        if (d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE && !(d == 0 && 1 / d < 0)) {
            return (int) d;
        }
        return d;
    }

    /** {@code JSON.stringify} of a plain value. */
    public static String stringify(Object v) {
        StringBuilder sb = new StringBuilder();
        write(sb, v);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v) {
        if (v == null || v instanceof Undefined) {
            sb.append("null");
        } else if (v instanceof String str) {
            quote(sb, str);
        } else if (v instanceof Boolean b) {
            sb.append(b);
        } else if (v instanceof Number n) {
            sb.append(numberToString(n));
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
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (e.getValue() instanceof Undefined) {
                    continue;
                }
                if (!first) {
                    sb.append(',');
                }
                first = false;
                quote(sb, String.valueOf(e.getKey()));
                sb.append(':');
                write(sb, e.getValue());
            }
            sb.append('}');
        } else {
            quote(sb, v.toString());
        }
    }

    private static void quote(StringBuilder sb, String str) {
        sb.append('"');
        for (int i = 0; i < str.length(); i++) {
            char c = str.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c) && !validSurrogateAt(str, i)) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    private static boolean validSurrogateAt(String str, int i) {
        char c = str.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < str.length() && Character.isLowSurrogate(str.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(str.charAt(i - 1));
    }

    /** JavaScript's Number to string conversion for the common cases. */
    static String numberToString(Number n) {
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
            return n.toString();
        }
        if (n instanceof java.math.BigInteger b) {
            return b.toString();
        }
        double d = n.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return "null";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e21) {
            return new BigDecimal(d).toPlainString();
        }
        String r = Double.toString(d);
        if (r.contains("E")) {
            String[] parts = r.split("E");
            String mant = parts[0].endsWith(".0") ? parts[0].substring(0, parts[0].length() - 2) : parts[0];
            int exp = Integer.parseInt(parts[1]);
            return mant + "e" + (exp > 0 ? "+" : "") + exp;
        }
        return r;
    }

    /** JavaScript's String(value) for attribute values printed into XML. */
    static String jsString(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Number n) {
            return numberToString(n);
        }
        if (v instanceof Map<?, ?>) {
            return "[object Object]";
        }
        if (v instanceof List<?> l) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                Object e = l.get(i);
                sb.append(e == null || e instanceof Undefined ? "" : jsString(e));
            }
            return sb.toString();
        }
        return v.toString();
    }
}
