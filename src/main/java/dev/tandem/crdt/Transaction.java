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
    final ClientClocks beforeState;
    ClientClocks afterState;
    /** Types changed in this transaction, with the changed map keys ({@code null}: the list). */
    final Map<AbstractType, Set<String>> changed = new LinkedHashMap<>();
    /** Events per type for deep observers (a change in a child is an event for each ancestor). */
    final Map<AbstractType, List<YEvent>> changedParentTypes = new LinkedHashMap<>();
    final List<Item> mergeStructs = new ArrayList<>();
    // Made on first use: most transactions add no subdocument and carry no meta, and every
    // keystroke is a transaction.
    private Set<YDoc> subdocsAdded;
    private Set<YDoc> subdocsRemoved;
    private Map<String, Object> meta;
    boolean needFormattingCleanup;

    Transaction(YDoc doc, Object origin, boolean local) {
        this.doc = doc;
        this.origin = origin;
        this.local = local;
        this.beforeState = ClientClocks.of(doc.store);
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
        if (meta == null) {
            meta = new HashMap<>();
        }
        return meta;
    }

    /** Subdocuments added in this transaction (a live set). */
    Set<YDoc> subdocsAdded() {
        if (subdocsAdded == null) {
            subdocsAdded = new LinkedHashSet<>();
        }
        return subdocsAdded;
    }

    /** Subdocuments removed in this transaction (a live set). */
    Set<YDoc> subdocsRemoved() {
        if (subdocsRemoved == null) {
            subdocsRemoved = new LinkedHashSet<>();
        }
        return subdocsRemoved;
    }

    boolean hasSubdocChanges() {
        return subdocsAdded != null || subdocsRemoved != null;
    }

    int beforeStateOf(long client) {
        return beforeState.get(client);
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
            // Small: a text or list change adds only null; a map change its few keys.
            changed.computeIfAbsent(type, k -> new HashSet<>(4)).add(parentSub);
        }
    }
}
