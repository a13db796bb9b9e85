package dev.tandem.crdt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
     * The list change as a delta. For text, as Yjs reports it: inserts are strings (embeds and
     * nested types are single inserts) with the formatting attributes in effect at their
     * position, and a retain carries the formatting changes of the range it keeps
     * ({@code {retain: 3, attributes: {bold: true, italic: null}}}).
     *
     * <p>Like Yjs, computing a text delta deletes formatting marks it finds redundant (in a
     * transaction of its own), so call it at most from the observer that received the event.
     */
    public List<Delta> delta() {
        if (delta == null) {
            if (!childListChanged()) {
                delta = List.of();
            } else if (target instanceof YText) {
                delta = Collections.unmodifiableList(computeTextDelta());
            } else {
                delta = Collections.unmodifiableList(computeDelta());
            }
        }
        return delta;
    }

    private List<Delta> computeDelta() {
        List<Delta> out = new ArrayList<>();
        List<Object> inserted = new ArrayList<>();
        int retain = 0;
        int deleted = 0;
        for (Item item = target.start; item != null; item = item.right) {
            if (item.isDeleted()) {
                if (item.isCountable() && transaction.deletes(item) && !transaction.adds(item)) {
                    flushInsert(out, inserted);
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
                inserted.addAll(item.content.values());
            } else {
                flushInsert(out, inserted);
                deleted = flushDelete(out, deleted);
                retain += item.length;
            }
        }
        flushInsert(out, inserted);
        flushDelete(out, deleted);
        return out;
    }

    private List<Delta> computeTextDelta() {
        TextDeltaBuilder builder = new TextDeltaBuilder();
        target.doc.transact(cleanup -> builder.build(cleanup));
        List<Delta> out = builder.out;
        while (!out.isEmpty() && out.get(out.size() - 1).isRetain() && out.get(out.size() - 1).attributes() == null) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    /**
     * Walks a text once, keeping the attributes in effect, the attributes before this
     * transaction, and the pending attribute changes a retain would carry.
     */
    private final class TextDeltaBuilder {
        private static final int NONE = 0;
        private static final int INSERT = 1;
        private static final int RETAIN = 2;
        private static final int DELETE = 3;
        final List<Delta> out = new ArrayList<>();
        private final Map<String, Object> currentAttributes = new LinkedHashMap<>();
        private final Map<String, Object> oldAttributes = new HashMap<>();
        /** Attribute changes for the next retain; a {@code null} value removes the attribute. */
        private final Map<String, Object> attributes = new LinkedHashMap<>();
        private int action = NONE;
        private final StringBuilder insertText = new StringBuilder();
        private Object insertEmbed;
        private int retain;
        private int deleteLen;

        void build(Transaction cleanup) {
            for (Item item = target.start; item != null; item = item.right) {
                Content content = item.content;
                if (content instanceof ContentType || content instanceof ContentEmbed) {
                    if (transaction.adds(item)) {
                        if (!transaction.deletes(item)) {
                            addOp();
                            action = INSERT;
                            insertEmbed = content.values().get(0);
                            addOp();
                        }
                    } else if (transaction.deletes(item)) {
                        switchTo(DELETE);
                        deleteLen += 1;
                    } else if (!item.isDeleted()) {
                        switchTo(RETAIN);
                        retain += 1;
                    }
                } else if (content instanceof ContentString s) {
                    if (transaction.adds(item)) {
                        if (!transaction.deletes(item)) {
                            switchTo(INSERT);
                            insertText.append(s.str);
                        }
                    } else if (transaction.deletes(item)) {
                        switchTo(DELETE);
                        deleteLen += item.length;
                    } else if (!item.isDeleted()) {
                        switchTo(RETAIN);
                        retain += item.length;
                    }
                } else if (content instanceof ContentFormat f) {
                    format(cleanup, item, f);
                }
            }
            addOp();
        }

        private void format(Transaction cleanup, Item item, ContentFormat f) {
            String key = f.key;
            Object value = f.value;
            if (transaction.adds(item)) {
                if (!transaction.deletes(item)) {
                    Object current = currentAttributes.get(key);
                    if (!Objects.equals(current, value)) {
                        if (action == RETAIN) {
                            addOp();
                        }
                        if (Objects.equals(value, oldAttributes.get(key))) {
                            attributes.remove(key);
                        } else {
                            attributes.put(key, value);
                        }
                    } else if (value != null) {
                        item.delete(cleanup);
                    }
                }
            } else if (transaction.deletes(item)) {
                oldAttributes.put(key, value);
                Object current = currentAttributes.get(key);
                if (!Objects.equals(current, value)) {
                    if (action == RETAIN) {
                        addOp();
                    }
                    attributes.put(key, current);
                }
            } else if (!item.isDeleted()) {
                oldAttributes.put(key, value);
                if (attributes.containsKey(key)) {
                    Object attr = attributes.get(key);
                    if (!Objects.equals(attr, value)) {
                        if (action == RETAIN) {
                            addOp();
                        }
                        if (value == null) {
                            attributes.remove(key);
                        } else {
                            attributes.put(key, value);
                        }
                    } else if (attr != null) {
                        // redundant mark; Yjs removes it here too
                        item.delete(cleanup);
                    }
                }
            }
            if (!item.isDeleted()) {
                if (action == INSERT) {
                    addOp();
                }
                YText.updateAttributes(currentAttributes, f);
            }
        }

        private void switchTo(int next) {
            if (action != next) {
                addOp();
                action = next;
            }
        }

        private void addOp() {
            switch (action) {
                case DELETE -> {
                    if (deleteLen > 0) {
                        out.add(Delta.delete(deleteLen));
                    }
                    deleteLen = 0;
                }
                case INSERT -> {
                    if (insertEmbed != null) {
                        out.add(Delta.insert(insertEmbed, currentAttributes));
                    } else if (insertText.length() > 0) {
                        out.add(Delta.insert(insertText.toString(), currentAttributes));
                    }
                    insertEmbed = null;
                    insertText.setLength(0);
                }
                case RETAIN -> {
                    if (retain > 0) {
                        out.add(Delta.retain(retain, attributes));
                    }
                    retain = 0;
                }
                default -> {
                    return;
                }
            }
            action = NONE;
        }
    }

    private static void flushInsert(List<Delta> out, List<Object> inserted) {
        if (!inserted.isEmpty()) {
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
