package dev.tandem.crdt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A shared map from string keys to values, compatible with {@code Y.Map}. Values are JSON-like
 * (null, {@link Undefined}, Boolean, Number, String, BigInteger, List, Map), byte[], nested
 * shared types, or sub-documents. Concurrent sets of one key: the one by the higher client ID wins.
 */
public class YMap extends AbstractType {
    static final int TYPE_REF = 1;

    /** A new, preliminary map; insert it into a document to share it. */
    public YMap() {
        super(false);
    }

    @Override
    int typeRef() {
        return TYPE_REF;
    }

    @Override
    AbstractType emptyCopy() {
        return new YMap();
    }

    @Override
    YEvent createEvent(Transaction txn, Set<String> keysChanged) {
        return new YEvent(this, txn, keysChanged);
    }

    /** Sets the key; the previous value is overwritten. */
    public void set(String key, Object value) {
        notePrelimValues(java.util.Collections.singletonList(value));
        change(txn -> mapSet(txn, key, value));
    }

    /** The value, or {@code null} if the key is absent (use {@link #has} to tell from a stored null). */
    public Object get(String key) {
        return mapGet(key);
    }

    /** Whether the key is present. */
    public boolean has(String key) {
        return mapHas(key);
    }

    /** Deletes the key, if present. */
    public void delete(String key) {
        change(txn -> mapDelete(txn, key));
    }

    /** Deletes all keys. */
    public void clear() {
        change(txn -> new ArrayList<>(map.keySet()).forEach(k -> mapDelete(txn, k)));
    }

    /** Present keys in first-insertion order. */
    public List<String> keys() {
        return new ArrayList<>(mapEntries().keySet());
    }

    /** Present entries in first-insertion order. */
    public Map<String, Object> entries() {
        return mapEntries();
    }

    /** Number of present keys. */
    public int size() {
        return mapEntries().size();
    }

    @Override
    List<AbstractType> plainDependencies() {
        return typesIn(mapEntries().values());
    }

    /** Plain value with keys sorted. */
    @Override
    Object plainValue(java.util.function.Function<AbstractType, Object> plainOf) {
        Map<String, Object> out = new TreeMap<>();
        mapEntries().forEach((k, v) -> out.put(k, toPlain(v, plainOf)));
        return out;
    }
}
