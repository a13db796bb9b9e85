package dev.tandem.crdt;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Undo and redo of changes to some shared types, like Yjs's {@code Y.UndoManager}: only
 * transactions whose origin is tracked are recorded (by default the {@code null} origin of
 * plain local edits), so each user undoes only their own changes; concurrent changes by others
 * stay. Undo produces ordinary updates (re-inserted content gets new IDs), which peers apply
 * as any other change. Changes within {@code captureTimeoutMillis} of each other form one step.
 */
public final class UndoManager {
    /** One undo or redo step: what it inserted and what it deleted. */
    public static final class StackItem {
        DeleteSet insertions;
        DeleteSet deletions;

        StackItem(DeleteSet deletions, DeleteSet insertions) {
            this.deletions = deletions;
            this.insertions = insertions;
        }
    }

    private final YDoc doc;
    private final List<AbstractType> scope;
    private final Set<Object> trackedOrigins;
    private final long captureTimeoutMillis;
    private final LongSupplier clock;
    private final Deque<StackItem> undoStack = new ArrayDeque<>();
    private final Deque<StackItem> redoStack = new ArrayDeque<>();
    private boolean undoing;
    private boolean redoing;
    private StackItem currStackItem;
    private long lastChange;
    private final Runnable unsubscribe;

    /** Tracks changes with origin {@code null} to the given types, merging changes within 500 ms. */
    public UndoManager(List<? extends AbstractType> scope) {
        this(scope, Set.of(), 500, System::currentTimeMillis);
    }

    /**
     * @param scope                the types whose changes are undone (all in one document)
     * @param trackedOrigins       transaction origins to track, in addition to {@code null} and this manager
     * @param captureTimeoutMillis changes closer than this are undone together (0: every transaction alone)
     * @param clock                milliseconds source, for the capture timeout
     */
    public UndoManager(List<? extends AbstractType> scope, Set<Object> trackedOrigins, long captureTimeoutMillis, LongSupplier clock) {
        if (scope.isEmpty()) {
            throw new IllegalArgumentException("an undo manager needs at least one type");
        }
        this.scope = new ArrayList<>(scope);
        this.doc = scope.get(0).doc;
        if (doc == null) {
            throw new IllegalArgumentException("the types must belong to a document");
        }
        Set<Object> origins = new HashSet<>();
        origins.add(null);
        origins.addAll(trackedOrigins);
        origins.add(this);
        this.trackedOrigins = origins;
        this.captureTimeoutMillis = captureTimeoutMillis;
        this.clock = clock;
        this.unsubscribe = doc.onAfterTransaction(this::afterTransaction);
    }

    /** Stops listening to the document. */
    public void destroy() {
        unsubscribe.run();
    }

    /** Whether there is a step to undo. */
    public boolean canUndo() {
        return !undoStack.isEmpty();
    }

    /** Whether there is an undone step to redo. */
    public boolean canRedo() {
        return !redoStack.isEmpty();
    }

    /** The next change starts a new undo step even if it comes within the capture timeout. */
    public void stopCapturing() {
        lastChange = 0;
    }

    /** Forgets all undo and redo steps. */
    public void clear() {
        undoStack.clear();
        redoStack.clear();
    }

    private boolean inScope(Item item) {
        for (AbstractType type : scope) {
            if (isParentOf(type, item)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isParentOf(AbstractType parent, Item child) {
        while (child != null) {
            if (child.parent == parent) {
                return true;
            }
            child = child.parent == null ? null : child.parent.item;
        }
        return false;
    }

    private void afterTransaction(Transaction txn) {
        boolean touchesScope = false;
        for (AbstractType type : scope) {
            if (txn.changedParentTypes.containsKey(type)) {
                touchesScope = true;
                break;
            }
        }
        if (!touchesScope || !trackedOrigins.contains(txn.origin)) {
            return;
        }
        Deque<StackItem> stack = undoing ? redoStack : undoStack;
        if (undoing) {
            stopCapturing();
        } else if (!redoing) {
            redoStack.clear();
        }
        DeleteSet insertions = new DeleteSet();
        ClientClocks after = txn.afterState;
        for (int i = 0; i < after.size(); i++) {
            int start = txn.beforeStateOf(after.client(i));
            if (after.clock(i) > start) {
                insertions.add(after.client(i), start, after.clock(i) - start);
            }
        }
        long now = clock.getAsLong();
        if (lastChange > 0 && now - lastChange < captureTimeoutMillis && !stack.isEmpty() && !undoing && !redoing) {
            StackItem last = stack.peekLast();
            last.deletions = merged(last.deletions, txn.deleteSet);
            last.insertions = merged(last.insertions, insertions);
        } else {
            stack.addLast(new StackItem(copy(txn.deleteSet), insertions));
        }
        if (!undoing && !redoing) {
            lastChange = now;
        }
        // deleted content in scope must survive garbage collection so that it can be restored
        forEachStruct(txn, txn.deleteSet, s -> {
            if (s instanceof Item item && inScope(item)) {
                keep(item);
            }
        });
    }

    private static void keep(Item item) {
        while (item != null && !item.isKeep()) {
            item.setKeep(true);
            item = item.parent == null ? null : item.parent.item;
        }
    }

    private static DeleteSet copy(DeleteSet ds) {
        DeleteSet out = new DeleteSet();
        out.addAll(ds);
        out.sortAndMerge();
        return out;
    }

    private static DeleteSet merged(DeleteSet a, DeleteSet b) {
        DeleteSet out = new DeleteSet();
        out.addAll(a);
        out.addAll(b);
        out.sortAndMerge();
        return out;
    }

    /** Calls {@code f} on every struct in the ranges, splitting items at the range borders. */
    private static void forEachStruct(Transaction txn, DeleteSet ds, java.util.function.Consumer<Struct> f) {
        StructStore store = txn.doc.store;
        for (Map.Entry<Long, DeleteSet.Ranges> e : ds.clients.entrySet()) {
            StructList list = store.clients.get(e.getKey());
            if (list == null) {
                continue;
            }
            DeleteSet.Ranges r = e.getValue();
            for (int i = 0; i < r.size; i++) {
                int start = r.clocks[i];
                int end = start + r.lens[i];
                if (start >= store.getState(e.getKey())) {
                    continue;
                }
                int index = store.findIndexCleanStart(txn, list, start);
                while (index < list.size && list.get(index).clock < end) {
                    Struct s = list.get(index++);
                    if (end < s.endClock()) {
                        store.findIndexCleanStart(txn, list, end);
                    }
                    f.accept(s);
                }
            }
        }
    }

    /** Reverts the last undo step; returns whether anything changed. */
    public boolean undo() {
        undoing = true;
        try {
            return popStackItem(undoStack);
        } finally {
            undoing = false;
        }
    }

    /** Re-applies the last undone step; returns whether anything changed. */
    public boolean redo() {
        redoing = true;
        try {
            return popStackItem(redoStack);
        } finally {
            redoing = false;
        }
    }

    private boolean popStackItem(Deque<StackItem> stack) {
        doc.transact(txn -> {
            while (!stack.isEmpty() && currStackItem == null) {
                StackItem stackItem = stack.removeLast();
                Set<Item> itemsToRedo = new LinkedHashSet<>();
                List<Item> itemsToDelete = new ArrayList<>();
                boolean[] performedChange = {false};
                forEachStruct(txn, stackItem.insertions, s -> {
                    if (s instanceof Item item) {
                        if (item.redone != null) {
                            item = followRedone(txn, item);
                        }
                        if (item != null && !item.isDeleted() && inScope(item)) {
                            itemsToDelete.add(item);
                        }
                    }
                });
                forEachStruct(txn, stackItem.deletions, s -> {
                    if (s instanceof Item item && inScope(item) && !stackItem.insertions.contains(item.client, item.clock)) {
                        itemsToRedo.add(item);
                    }
                });
                for (Item item : itemsToRedo) {
                    performedChange[0] = redoItem(txn, item, itemsToRedo, stackItem.insertions) != null || performedChange[0];
                }
                for (int i = itemsToDelete.size() - 1; i >= 0; i--) {
                    itemsToDelete.get(i).delete(txn);
                    performedChange[0] = true;
                }
                currStackItem = performedChange[0] ? stackItem : null;
            }
            for (Map.Entry<AbstractType, Set<String>> e : txn.changed.entrySet()) {
                if (e.getValue().contains(null) && e.getKey().markers != null) {
                    e.getKey().clearMarkers();
                }
            }
        }, this);
        boolean changed = currStackItem != null;
        currStackItem = null;
        return changed;
    }

    /** The item where this item's content lives now, after possibly several undo/redo moves. */
    private static Item followRedone(Transaction txn, Item item) {
        StructStore store = txn.doc.store;
        long client = item.client;
        int clock = item.clock;
        Struct s;
        int diff;
        Id next = new Id(client, clock);
        do {
            s = store.find(next.client(), next.clock());
            if (s == null) {
                return null;
            }
            diff = next.clock() - s.clock;
            next = s instanceof Item it && it.redone != null ? new Id(it.redone.client(), it.redone.clock() + diff) : null;
        } while (next != null);
        if (!(s instanceof Item)) {
            return null;
        }
        return diff > 0 ? (Item) store.getItemCleanStart(txn, s.client, s.clock + diff) : (Item) s;
    }

    private Item redoItem(Transaction txn, Item item, Set<Item> redoItems, DeleteSet itemsToDelete) {
        StructStore store = txn.doc.store;
        if (item.redone != null) {
            Struct s = store.getItemCleanStart(txn, item.redone.client(), item.redone.clock());
            return s instanceof Item it ? it : null;
        }
        Item parentItem = item.parent.item;
        if (parentItem != null && parentItem.isDeleted()) {
            if (parentItem.redone == null && (!redoItems.contains(parentItem) || redoItem(txn, parentItem, redoItems, itemsToDelete) == null)) {
                return null;
            }
            while (parentItem.redone != null) {
                Struct s = store.getItemCleanStart(txn, parentItem.redone.client(), parentItem.redone.clock());
                if (!(s instanceof Item it)) {
                    return null;
                }
                parentItem = it;
            }
        }
        AbstractType parentType = parentItem == null ? item.parent : ((ContentType) parentItem.content).type;
        Item left;
        Item right;
        if (item.parentSub == null) {
            left = item.left;
            right = item;
            while (left != null) {
                Item trace = traceToParent(txn, left, parentItem);
                if (trace != null) {
                    left = trace;
                    break;
                }
                left = left.left;
            }
            while (right != null) {
                Item trace = traceToParent(txn, right, parentItem);
                if (trace != null) {
                    right = trace;
                    break;
                }
                right = right.right;
            }
        } else {
            right = null;
            if (item.right != null) {
                left = item;
                while (left != null && left.right != null && (left.right.redone != null
                        || itemsToDelete.contains(left.right.client, left.right.clock)
                        || deletedByStack(undoStack, left.right) || deletedByStack(redoStack, left.right))) {
                    left = left.right;
                    while (left.redone != null) {
                        Struct s = store.getItemCleanStart(txn, left.redone.client(), left.redone.clock());
                        if (!(s instanceof Item it)) {
                            return null;
                        }
                        left = it;
                    }
                }
                if (left != null && left.right != null) {
                    // a concurrent change by someone else overwrote this entry: keep theirs
                    return null;
                }
            } else {
                left = parentType.map.get(item.parentSub);
            }
        }
        YDoc d = txn.doc;
        long client = d.clientId();
        int nextClock = store.getState(client);
        Item redone = new Item(client, nextClock, left,
                left == null ? Item.NONE : left.client, left == null ? 0 : left.lastClock(),
                right, right == null ? Item.NONE : right.client, right == null ? 0 : right.clock,
                parentType, item.parentSub, item.content.copy());
        item.redone = new Id(client, nextClock);
        keep(redone);
        redone.integrate(txn, 0);
        return redone;
    }

    private static Item traceToParent(Transaction txn, Item start, Item parentItem) {
        Item trace = start;
        while (trace != null && trace.parent.item != parentItem) {
            if (trace.redone == null) {
                return null;
            }
            Struct s = txn.doc.store.getItemCleanStart(txn, trace.redone.client(), trace.redone.clock());
            trace = s instanceof Item it ? it : null;
        }
        return trace;
    }

    private static boolean deletedByStack(Deque<StackItem> stack, Item item) {
        for (StackItem s : stack) {
            if (s.deletions.contains(item.client, item.clock)) {
                return true;
            }
        }
        return false;
    }
}
