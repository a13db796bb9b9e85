package dev.tandem.crdt;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** All structs of a document, per client, plus what is waiting for missing dependencies. */
final class StructStore {
    final Map<Long, StructList> clients = new HashMap<>();
    /** Structs that arrived before their dependencies, as a v1 update; {@code null} if none. */
    byte[] pendingStructs;
    /** For each client, the lowest clock {@link #pendingStructs} waits for. */
    Map<Long, Integer> pendingMissing = new HashMap<>();
    /** Whether {@link #pendingStructs} holds nested types (only then must a nesting check read it). */
    boolean pendingHasTypes;
    /** Deletions of structs we do not have yet, as a v1 update; {@code null} if none. */
    byte[] pendingDeletes;

    int getState(long client) {
        StructList list = clients.get(client);
        if (list == null || list.size == 0) {
            return 0;
        }
        return list.last().endClock();
    }

    /** Client → next expected clock, for every client with structs. */
    Map<Long, Integer> stateVector() {
        Map<Long, Integer> sv = new LinkedHashMap<>();
        for (Map.Entry<Long, StructList> e : clients.entrySet()) {
            StructList list = e.getValue();
            if (list.size > 0) {
                sv.put(e.getKey(), list.last().endClock());
            }
        }
        return sv;
    }

    void addStruct(Struct s) {
        StructList list = clients.computeIfAbsent(s.client, c -> new StructList());
        if (list.size > 0 && list.last().endClock() != s.clock) {
            throw new IllegalStateException("struct store must stay gap-free");
        }
        list.add(s);
    }

    /** The struct containing this clock, or {@code null}. */
    Struct find(long client, int clock) {
        StructList list = clients.get(client);
        if (list == null) {
            return null;
        }
        int i = list.findIndex(clock);
        return i < 0 ? null : list.get(i);
    }

    Item findItem(long client, int clock) {
        return find(client, clock) instanceof Item item ? item : null;
    }

    /** The struct that starts at this clock, splitting an item if the clock falls inside it. */
    Struct getItemCleanStart(Transaction txn, long client, int clock) {
        StructList list = clients.get(client);
        int index = list.findIndex(clock);
        Struct s = list.get(index);
        if (s.clock < clock && s instanceof Item item) {
            Item right = splitItem(txn, item, clock - s.clock);
            list.insert(index + 1, right);
            return right;
        }
        return s;
    }

    /** The struct that ends at this clock, splitting an item if the clock falls inside it. */
    Struct getItemCleanEnd(Transaction txn, long client, int clock) {
        StructList list = clients.get(client);
        int index = list.findIndex(clock);
        Struct s = list.get(index);
        if (clock != s.clock + s.length - 1 && s instanceof Item item) {
            list.insert(index + 1, splitItem(txn, item, clock - s.clock + 1));
        }
        return s;
    }

    /** Index in the client's list of the struct starting at this clock, splitting if needed. */
    int findIndexCleanStart(Transaction txn, StructList list, int clock) {
        int index = list.findIndex(clock);
        Struct s = list.get(index);
        if (s.clock < clock && s instanceof Item item) {
            list.insert(index + 1, splitItem(txn, item, clock - s.clock));
            return index + 1;
        }
        return index;
    }

    /** Splits {@code left} after {@code diff} elements and returns the new right part. */
    static Item splitItem(Transaction txn, Item left, int diff) {
        long client = left.client;
        int clock = left.clock;
        Item right = new Item(client, clock + diff, left, client, clock + diff - 1, left.right,
                left.rightOriginClient, left.rightOriginClock, left.parent, left.parentSub, left.content.splice(diff));
        if (left.isDeleted()) {
            right.markDeleted();
        }
        if (left.isKeep()) {
            right.setKeep(true);
        }
        if (left.redone != null) {
            right.redone = new Id(left.redone.client(), left.redone.clock() + diff);
        }
        left.right = right;
        if (right.right != null) {
            right.right.left = right;
        }
        txn.mergeStructs.add(right);
        if (right.parentSub != null && right.right == null) {
            right.parent.map.put(right.parentSub, right);
        }
        left.length = diff;
        return right;
    }

    void replaceStruct(Struct oldStruct, Struct newStruct) {
        StructList list = clients.get(oldStruct.client);
        list.set(list.findIndex(oldStruct.clock), newStruct);
    }
}
