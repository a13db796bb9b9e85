package dev.tandem.crdt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A batch of changes to one document. Observers and the update event run once per outermost
 * transaction, after all its changes. Obtain one through {@link YDoc#transact}.
 */
public final class Transaction {
    final YDoc doc;
    final Object origin;
    final boolean local;
    final DeleteSet deleteSet = new DeleteSet();
    final Map<Long, Integer> beforeState;
    Map<Long, Integer> afterState;
    /** Types changed in this transaction, with the changed map keys ({@code null}: the list). */
    final Map<AbstractType, Set<String>> changed = new LinkedHashMap<>();
    /** Events per type for deep observers (a change in a child is an event for each ancestor). */
    final Map<AbstractType, List<YEvent>> changedParentTypes = new LinkedHashMap<>();
    final List<Item> mergeStructs = new ArrayList<>();
    final Set<YDoc> subdocsAdded = new LinkedHashSet<>();
    final Set<YDoc> subdocsRemoved = new LinkedHashSet<>();
    final Map<String, Object> meta = new HashMap<>();
    boolean needFormattingCleanup;

    Transaction(YDoc doc, Object origin, boolean local) {
        this.doc = doc;
        this.origin = origin;
        this.local = local;
        this.beforeState = doc.store.stateVector();
    }

    /** The document this transaction changes. */
    public YDoc doc() {
        return doc;
    }

    /** The origin given to {@link YDoc#transact} or {@link YDoc#applyUpdate(byte[], Object)}. */
    public Object origin() {
        return origin;
    }

    /** {@code true} for changes made through the API, {@code false} for applied updates. */
    public boolean isLocal() {
        return local;
    }

    /** Free-form values for observers of this transaction (the UndoManager uses it). */
    public Map<String, Object> meta() {
        return meta;
    }

    int beforeStateOf(long client) {
        Integer c = beforeState.get(client);
        return c == null ? 0 : c;
    }

    /** Whether an item was created in this transaction. */
    boolean adds(Struct s) {
        return s.clock >= beforeStateOf(s.client);
    }

    /** Whether an item was deleted in this transaction. */
    boolean deletes(Struct s) {
        return deleteSet.contains(s.client, s.clock);
    }

    void addChangedType(AbstractType type, String parentSub) {
        Item item = type.item;
        if (item == null || (item.clock < beforeStateOf(item.client) && !item.isDeleted())) {
            changed.computeIfAbsent(type, k -> new HashSet<>()).add(parentSub);
        }
    }
}
