package dev.tandem.crdt;

import java.util.Map;

/**
 * One operation of a change description in the Quill delta style used by Yjs: insert content
 * (a String for text, a List of values for arrays, an embed or nested type), retain a number of
 * positions, or delete a number of positions. Exactly one of the three is set.
 *
 * @param insert     inserted content, or {@code null}
 * @param retain     positions kept unchanged (0 unless this is a retain)
 * @param delete     positions removed (0 unless this is a delete)
 * @param attributes for an insert into text, the formatting attributes of the inserted content;
 *                   for a retain in a text event, the formatting changes applied to the retained
 *                   range (a {@code null} value means the attribute was removed); else {@code null}
 */
public record Delta(Object insert, int retain, int delete, Map<String, Object> attributes) {

    /** An insert of {@code content} with optional formatting attributes. */
    public static Delta insert(Object content, Map<String, Object> attributes) {
        return new Delta(content, 0, 0, attributes == null || attributes.isEmpty() ? null : Map.copyOf(attributes));
    }

    /** Keeps {@code n} positions. */
    public static Delta retain(int n) {
        return new Delta(null, n, 0, null);
    }

    /**
     * Keeps {@code n} positions while changing their formatting: each attribute gets the given
     * value, a {@code null} value removes the attribute.
     */
    public static Delta retain(int n, Map<String, Object> attributes) {
        return new Delta(null, n, 0, attributes == null || attributes.isEmpty() ? null
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attributes)));
    }

    /** Removes {@code n} positions. */
    public static Delta delete(int n) {
        return new Delta(null, 0, n, null);
    }

    /** Whether this operation inserts content. */
    public boolean isInsert() {
        return insert != null;
    }

    /** Whether this operation keeps positions. */
    public boolean isRetain() {
        return retain > 0;
    }

    /** Whether this operation removes positions. */
    public boolean isDelete() {
        return delete > 0;
    }
}
