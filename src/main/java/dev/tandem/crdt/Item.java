package dev.tandem.crdt;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * One run of content inserted by one client at consecutive clocks, placed in its parent's
 * doubly linked list. {@code origin} (the element to the left when it was inserted) and
 * {@code rightOrigin} (the element to the right) are what YATA uses to give concurrent
 * inserts the same order everywhere.
 */
final class Item extends Struct {
    static final long NONE = -1;
    private static final int KEEP = 1;
    private static final int COUNTABLE = 2;
    private static final int DELETED = 4;
    private static final int MARKER = 8;

    Item left;
    Item right;
    long originClient = NONE;
    int originClock;
    long rightOriginClient = NONE;
    int rightOriginClock;
    /** The parent type once known; {@code null} while only {@link #parentRef} is known. */
    AbstractType parent;
    /** While decoded but not integrated: a root name (String) or the parent's {@link Id}. */
    Object parentRef;
    /** The map key for map entries, {@code null} in lists. */
    String parentSub;
    Content content;
    /** Where undo re-inserted this item's content, if it did. */
    Id redone;
    private byte flags;

    Item(long client, int clock, Item left, long originClient, int originClock, Item right,
            long rightOriginClient, int rightOriginClock, AbstractType parent, String parentSub, Content content) {
        super(client, clock, content.length());
        this.left = left;
        this.originClient = originClient;
        this.originClock = originClock;
        this.right = right;
        this.rightOriginClient = rightOriginClient;
        this.rightOriginClock = rightOriginClock;
        this.parent = parent;
        this.parentSub = parentSub;
        this.content = content;
        if (content.isCountable()) {
            flags |= COUNTABLE;
        }
    }

    boolean hasOrigin() {
        return originClient != NONE;
    }

    boolean hasRightOrigin() {
        return rightOriginClient != NONE;
    }

    @Override
    boolean isDeleted() {
        return (flags & DELETED) != 0;
    }

    void markDeleted() {
        flags |= DELETED;
    }

    boolean isCountable() {
        return (flags & COUNTABLE) != 0;
    }

    boolean isKeep() {
        return (flags & KEEP) != 0;
    }

    void setKeep(boolean keep) {
        flags = (byte) (keep ? flags | KEEP : flags & ~KEEP);
    }

    boolean isMarker() {
        return (flags & MARKER) != 0;
    }

    void setMarker(boolean marker) {
        flags = (byte) (marker ? flags | MARKER : flags & ~MARKER);
    }

    /** Counts towards the parent's visible length. */
    boolean isVisible() {
        return (flags & (COUNTABLE | DELETED)) == COUNTABLE;
    }

    int lastClock() {
        return clock + length - 1;
    }

    /** The nearest non-deleted item to the right. */
    Item next() {
        Item n = right;
        while (n != null && n.isDeleted()) {
            n = n.right;
        }
        return n;
    }

    /** The nearest non-deleted item to the left. */
    Item prev() {
        Item n = left;
        while (n != null && n.isDeleted()) {
            n = n.left;
        }
        return n;
    }

    /**
     * Returns the client whose missing structs this item depends on, or {@link #NONE} when all
     * dependencies are present; in that case resolves left, right and parent (splitting the
     * neighbours as needed) so that it can be integrated.
     */
    long getMissing(Transaction txn, StructStore store) {
        if (hasOrigin() && originClient != client && originClock >= store.getState(originClient)) {
            return originClient;
        }
        if (hasRightOrigin() && rightOriginClient != client && rightOriginClock >= store.getState(rightOriginClient)) {
            return rightOriginClient;
        }
        if (parentRef instanceof Id pid && pid.client() != client && pid.clock() >= store.getState(pid.client())) {
            return pid.client();
        }
        Struct leftStruct = null;
        Struct rightStruct = null;
        if (hasOrigin()) {
            leftStruct = store.getItemCleanEnd(txn, originClient, originClock);
            originClock = leftStruct.clock + leftStruct.length - 1;
            originClient = leftStruct.client;
            left = leftStruct instanceof Item li ? li : null;
        }
        if (hasRightOrigin()) {
            rightStruct = store.getItemCleanStart(txn, rightOriginClient, rightOriginClock);
            rightOriginClock = rightStruct.clock;
            right = rightStruct instanceof Item ri ? ri : null;
        }
        if (leftStruct instanceof GcStruct || rightStruct instanceof GcStruct) {
            parent = null;
        } else if (parentRef == null) {
            if (leftStruct instanceof Item li) {
                parent = li.parent;
                parentSub = li.parentSub;
            }
            if (rightStruct instanceof Item ri) {
                parent = ri.parent;
                parentSub = ri.parentSub;
            }
        } else if (parentRef instanceof Id pid) {
            Struct parentStruct = store.find(pid.client(), pid.clock());
            parent = parentStruct instanceof Item pi && pi.content instanceof ContentType ct ? ct.type : null;
        } else {
            parent = txn.doc.rootForDecoding((String) parentRef);
        }
        parentRef = null;
        return NONE;
    }

    /** YATA: finds this item's place among concurrent inserts and links it in. */
    void integrate(Transaction txn, int offset) {
        StructStore store = txn.doc.store;
        if (offset > 0) {
            clock += offset;
            Struct l = store.getItemCleanEnd(txn, client, clock - 1);
            left = l instanceof Item li ? li : null;
            originClient = l.client;
            originClock = l.clock + l.length - 1;
            content = content.splice(offset);
            length -= offset;
            if (left != null && (left.parent != parent || !Objects.equals(left.parentSub, parentSub))) {
                // The known part of this struct sits in another type than the update claims (no Yjs
                // client writes that): the rest has no consistent place, so it goes like an item whose
                // parent is gone. Linking it after its left neighbour would put it in one type's list
                // and count it in another's length.
                parent = null;
            }
        }
        if (parent != null && content instanceof ContentType && parent.depth >= txn.doc.maxNestingDepth) {
            // NestingCheck refuses such updates; this only guards structs that were pending and
            // became placeable through local edits: too deep to keep, they go like a lost parent
            parent = null;
        }
        if (parent == null) {
            store.addStruct(new GcStruct(client, clock, length));
            return;
        }
        if ((left == null && (right == null || right.left != null)) || (left != null && left.right != right)) {
            resolveConflicts(store);
        }
        if (left != null) {
            right = left.right;
            left.right = this;
        } else {
            Item r;
            if (parentSub != null) {
                r = parent.map.get(parentSub);
                while (r != null && r.left != null) {
                    r = r.left;
                }
            } else {
                r = parent.start;
                parent.start = this;
            }
            right = r;
        }
        if (right != null) {
            right.left = this;
        } else if (parentSub != null) {
            parent.map.put(parentSub, this);
            if (left != null) {
                // the entry this one replaces is now overwritten
                left.delete(txn);
            }
        }
        if (parentSub == null && isVisible()) {
            parent.length += length;
        }
        store.addStruct(this);
        content.integrate(txn, this);
        txn.addChangedType(parent, parentSub);
        if ((parent.item != null && parent.item.isDeleted()) || (parentSub != null && right != null)) {
            // integrated into a deleted type, or overwritten by a concurrent map entry
            delete(txn);
        }
    }

    private void resolveConflicts(StructStore store) {
        Item newLeft = left;
        Item o;
        if (left != null) {
            o = left.right;
        } else if (parentSub != null) {
            o = parent.map.get(parentSub);
            while (o != null && o.left != null) {
                o = o.left;
            }
        } else {
            o = parent.start;
        }
        Set<Item> conflictingItems = new HashSet<>();
        Set<Item> itemsBeforeOrigin = new HashSet<>();
        while (o != null && o != right) {
            itemsBeforeOrigin.add(o);
            conflictingItems.add(o);
            if (sameOrigin(o)) {
                if (o.client < client) {
                    newLeft = o;
                    conflictingItems.clear();
                } else if (sameRightOrigin(o)) {
                    break;
                }
            } else if (o.hasOrigin()) {
                Struct originOfO = store.find(o.originClient, o.originClock);
                if (originOfO instanceof Item oo && itemsBeforeOrigin.contains(oo)) {
                    if (!conflictingItems.contains(oo)) {
                        newLeft = o;
                        conflictingItems.clear();
                    }
                } else {
                    break;
                }
            } else {
                break;
            }
            o = o.right;
        }
        left = newLeft;
    }

    private boolean sameOrigin(Item o) {
        return o.originClient == originClient && (originClient == NONE || o.originClock == originClock);
    }

    private boolean sameRightOrigin(Item o) {
        return o.rightOriginClient == rightOriginClient && (rightOriginClient == NONE || o.rightOriginClock == rightOriginClock);
    }

    void delete(Transaction txn) {
        if (isDeleted()) {
            return;
        }
        markDeletedInTransaction(txn);
        content.delete(txn);
    }

    /** Marks this item deleted and records it, without deleting what its content holds. */
    void markDeletedInTransaction(Transaction txn) {
        if (isCountable() && parentSub == null) {
            parent.length -= length;
        }
        markDeleted();
        txn.deleteSet.add(client, clock, length);
        txn.addChangedType(parent, parentSub);
    }

    /** Drops the content of this deleted item, keeping only its length. */
    void gc(StructStore store) {
        if (!isDeleted()) {
            throw new IllegalStateException("only deleted items can be garbage-collected");
        }
        content.gc(store);
        content = new ContentDeleted(length);
    }

    /**
     * Turns this deleted item inside a garbage-collected type into a GC struct. A nested
     * type's own items are left to the caller (see {@link ContentType#gc}), so that deep
     * nesting is walked without recursion.
     */
    void gcShallow(StructStore store) {
        if (!isDeleted()) {
            throw new IllegalStateException("only deleted items can be garbage-collected");
        }
        if (!(content instanceof ContentType)) {
            content.gc(store);
        }
        store.replaceStruct(this, new GcStruct(client, clock, length));
    }

    /** Merges {@code r}, the next item of the same client, into this one if nothing tells them apart. */
    boolean mergeWith(Item r) {
        if (r.originClient == client && r.originClock == lastClock()
                && right == r
                && sameRightOrigin(r)
                && r.client == client
                && clock + length == r.clock
                && isDeleted() == r.isDeleted()
                && redone == null && r.redone == null
                && content.getClass() == r.content.getClass()
                && content.mergeWith(r.content)) {
            parent.onItemMerged(this, r);
            if (r.isKeep()) {
                setKeep(true);
            }
            right = r.right;
            if (right != null) {
                right.left = this;
            }
            length += r.length;
            return true;
        }
        return false;
    }

    @Override
    void write(Lib0Encoder encoder, int offset) {
        long oc = originClient;
        int ock = originClock;
        if (offset > 0) {
            oc = client;
            ock = clock + offset - 1;
        }
        int info = (content.ref() & 0x1F)
                | (oc == NONE ? 0 : 0x80)
                | (rightOriginClient == NONE ? 0 : 0x40)
                | (parentSub == null ? 0 : 0x20);
        encoder.writeUint8(info);
        if (oc != NONE) {
            encoder.writeVarUint(oc);
            encoder.writeVarUint(ock);
        }
        if (rightOriginClient != NONE) {
            encoder.writeVarUint(rightOriginClient);
            encoder.writeVarUint(rightOriginClock);
        }
        if (oc == NONE && rightOriginClient == NONE) {
            writeParentInfo(encoder);
            if (parentSub != null) {
                encoder.writeVarString(parentSub);
            }
        }
        content.write(encoder, offset);
    }

    private void writeParentInfo(Lib0Encoder encoder) {
        if (parent != null) {
            if (parent.item == null) {
                encoder.writeVarUint(1);
                encoder.writeVarString(parent.rootName());
            } else {
                encoder.writeVarUint(0);
                encoder.writeVarUint(parent.item.client);
                encoder.writeVarUint(parent.item.clock);
            }
        } else if (parentRef instanceof String name) {
            encoder.writeVarUint(1);
            encoder.writeVarString(name);
        } else if (parentRef instanceof Id pid) {
            encoder.writeVarUint(0);
            encoder.writeVarUint(pid.client());
            encoder.writeVarUint(pid.clock());
        } else {
            throw new IllegalStateException("item without parent information");
        }
    }

    @Override
    Struct sliceFrom(int diff) {
        Item copy = new Item(client, clock + diff, null, client, clock + diff - 1, null,
                rightOriginClient, rightOriginClock, parent, parentSub, content.copy().splice(diff));
        copy.parentRef = parentRef;
        return copy;
    }
}
