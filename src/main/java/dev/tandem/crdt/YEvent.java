package dev.tandem.crdt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one transaction changed in one type. Valid only during the observer call: the
 * deltas are computed from the document as it is at the end of the transaction.
 */
public class YEvent {
    /** How a map key changed. {@code oldValue} is {@link Undefined#INSTANCE} for added keys. */
    public record KeyChange(Action action, Object oldValue) {
    }

    /** What happened to a map key. */
    public enum Action {
        /** The key was absent before. */
        ADD,
        /** The key had another value before. */
        UPDATE,
        /** The key was removed. */
        DELETE
    }

    final AbstractType target;
    final Transaction transaction;
    private final Set<String> keysChanged;
    private Map<String, KeyChange> keys;
    private List<Delta> delta;

    YEvent(AbstractType target, Transaction transaction, Set<String> keysChanged) {
        this.target = target;
        this.transaction = transaction;
        this.keysChanged = keysChanged;
    }

    /** The type that changed. */
    public AbstractType target() {
        return target;
    }

    /** The transaction that made the change. */
    public Transaction transaction() {
        return transaction;
    }

    /** Map keys (or XML attributes) that changed. */
    public Set<String> keysChanged() {
        Set<String> out = new java.util.LinkedHashSet<>(keysChanged);
        out.remove(null);
        return Collections.unmodifiableSet(out);
    }

    /** Whether the list content (array elements, characters, children) changed. */
    public boolean childListChanged() {
        return keysChanged.contains(null);
    }

    /** Path from {@code ancestor} to the changed type: map keys and list indexes. */
    public List<Object> pathFrom(AbstractType ancestor) {
        List<Object> path = new ArrayList<>();
        AbstractType child = target;
        while (child.item != null && child != ancestor) {
            Item it = child.item;
            if (it.parentSub != null) {
                path.add(0, it.parentSub);
            } else {
                int i = 0;
                for (Item c = it.parent.start; c != it && c != null; c = c.right) {
                    if (c.isVisible()) {
                        i += c.length;
                    }
                }
                path.add(0, i);
            }
            child = it.parent;
        }
        return path;
    }

    /** Changed map keys with their action and previous value. */
    public Map<String, KeyChange> keys() {
        if (keys == null) {
            Map<String, KeyChange> out = new LinkedHashMap<>();
            for (String key : keysChanged) {
                if (key == null) {
                    continue;
                }
                Item item = target.map.get(key);
                if (item == null) {
                    continue;
                }
                KeyChange change = keyChange(item);
                if (change != null) {
                    out.put(key, change);
                }
            }
            keys = Collections.unmodifiableMap(out);
        }
        return keys;
    }

    private KeyChange keyChange(Item item) {
        if (transaction.adds(item)) {
            Item prev = item.left;
            while (prev != null && transaction.adds(prev)) {
                prev = prev.left;
            }
            boolean prevDeleted = prev != null && transaction.deletes(prev);
            if (transaction.deletes(item)) {
                return prevDeleted ? new KeyChange(Action.DELETE, lastValue(prev)) : null;
            }
            return prevDeleted ? new KeyChange(Action.UPDATE, lastValue(prev)) : new KeyChange(Action.ADD, Undefined.INSTANCE);
        }
        return transaction.deletes(item) ? new KeyChange(Action.DELETE, lastValue(item)) : null;
    }

    private static Object lastValue(Item item) {
        List<Object> values = item.content.values();
        return values.isEmpty() ? null : values.get(values.size() - 1);
    }

    /**
     * The list change as a delta. For text, inserts are strings (embeds and nested types are
     * single inserts) with the formatting attributes in effect at their position.
     */
    public List<Delta> delta() {
        if (delta == null) {
            delta = childListChanged() ? Collections.unmodifiableList(computeDelta()) : List.of();
        }
        return delta;
    }

    private List<Delta> computeDelta() {
        boolean text = target instanceof YText;
        List<Delta> out = new ArrayList<>();
        Map<String, Object> attrs = new HashMap<>();
        StringBuilder str = new StringBuilder();
        List<Object> inserted = new ArrayList<>();
        int retain = 0;
        int deleted = 0;
        for (Item item = target.start; item != null; item = item.right) {
            if (item.content instanceof ContentFormat f) {
                if (!item.isDeleted()) {
                    flushInsert(out, str, inserted, text, attrs);
                    if (f.value == null) {
                        attrs.remove(f.key);
                    } else {
                        attrs.put(f.key, f.value);
                    }
                }
                continue;
            }
            if (item.isDeleted()) {
                if (item.isCountable() && transaction.deletes(item) && !transaction.adds(item)) {
                    flushInsert(out, str, inserted, text, attrs);
                    retain = flushRetain(out, retain);
                    deleted += item.length;
                }
                continue;
            }
            if (!item.isCountable()) {
                continue;
            }
            if (transaction.adds(item)) {
                retain = flushRetain(out, retain);
                deleted = flushDelete(out, deleted);
                if (text && item.content instanceof ContentString s) {
                    str.append(s.str);
                } else if (text) {
                    flushInsert(out, str, inserted, true, attrs);
                    out.add(Delta.insert(item.content.values().get(0), attrs));
                } else {
                    inserted.addAll(item.content.values());
                }
            } else {
                flushInsert(out, str, inserted, text, attrs);
                deleted = flushDelete(out, deleted);
                retain += item.length;
            }
        }
        flushInsert(out, str, inserted, text, attrs);
        flushDelete(out, deleted);
        return out;
    }

    private static void flushInsert(List<Delta> out, StringBuilder str, List<Object> inserted, boolean text, Map<String, Object> attrs) {
        if (text && str.length() > 0) {
            out.add(Delta.insert(str.toString(), attrs));
            str.setLength(0);
        } else if (!text && !inserted.isEmpty()) {
            out.add(Delta.insert(new ArrayList<>(inserted), null));
            inserted.clear();
        }
    }

    private static int flushRetain(List<Delta> out, int retain) {
        if (retain > 0) {
            out.add(Delta.retain(retain));
        }
        return 0;
    }

    private static int flushDelete(List<Delta> out, int deleted) {
        if (deleted > 0) {
            out.add(Delta.delete(deleted));
        }
        return 0;
    }
}
