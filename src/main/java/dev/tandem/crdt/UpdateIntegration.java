package dev.tandem.crdt;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Integrates a decoded update into a document: structs in causal order (holding back those
 * whose dependencies are missing), then deletions (holding back those of unknown structs).
 */
final class UpdateIntegration {
    private UpdateIntegration() {
    }

    /** A client's structs from the update and how far they have been consumed. */
    private static final class Target {
        List<Struct> refs;
        int i;

        Target(List<Struct> refs) {
            this.refs = refs;
        }
    }

    static void apply(Transaction txn, DecodedUpdate update) {
        StructStore store = txn.doc.store;
        boolean retry = false;
        Map<Long, Integer> restMissing = new HashMap<>();
        Map<Long, List<Struct>> rest = integrateStructs(txn, store, update.structs(), restMissing);
        if (store.pendingStructs != null) {
            for (Map.Entry<Long, Integer> e : store.pendingMissing.entrySet()) {
                if (e.getValue() < store.getState(e.getKey())) {
                    retry = true;
                    break;
                }
            }
            if (rest != null) {
                for (Map.Entry<Long, Integer> e : restMissing.entrySet()) {
                    store.pendingMissing.merge(e.getKey(), e.getValue(), Math::min);
                }
                store.pendingStructs = Updates.mergeUpdates(List.of(store.pendingStructs, encodeStructs(rest)));
                store.pendingHasTypes |= NestingCheck.hasTypes(rest);
            }
        } else if (rest != null) {
            store.pendingStructs = encodeStructs(rest);
            store.pendingMissing = restMissing;
            store.pendingHasTypes = NestingCheck.hasTypes(rest);
        }
        byte[] dsRest = applyDeleteSet(txn, store, update.deleteSet());
        if (store.pendingDeletes != null) {
            DeleteSet pendingDs = DecodedUpdate.decode(store.pendingDeletes).deleteSet();
            byte[] dsRest2 = applyDeleteSet(txn, store, pendingDs);
            if (dsRest != null && dsRest2 != null) {
                store.pendingDeletes = Updates.mergeUpdates(List.of(dsRest, dsRest2));
            } else {
                store.pendingDeletes = dsRest != null ? dsRest : dsRest2;
            }
        } else {
            store.pendingDeletes = dsRest;
        }
        if (retry) {
            byte[] pending = store.pendingStructs;
            store.pendingStructs = null;
            store.pendingMissing = new HashMap<>();
            store.pendingHasTypes = false;
            apply(txn, DecodedUpdate.decode(pending));
        }
    }

    private static byte[] encodeStructs(Map<Long, List<Struct>> structs) {
        Lib0Encoder enc = new Lib0Encoder();
        UpdateEncoding.writeStructLists(enc, structs);
        enc.writeVarUint(0);
        return enc.toByteArray();
    }

    /**
     * Integrates as many structs as possible. Higher client IDs go first; a struct whose
     * dependency is in the update is integrated after it (depth-first via a stack); one whose
     * dependency is absent sends its client's remaining structs to the returned rest.
     */
    private static Map<Long, List<Struct>> integrateStructs(Transaction txn, StructStore store,
            Map<Long, List<Struct>> clientsStructRefs, Map<Long, Integer> missingSV) {
        Map<Long, Target> targets = new HashMap<>();
        for (Map.Entry<Long, List<Struct>> e : clientsStructRefs.entrySet()) {
            targets.put(e.getKey(), new Target(e.getValue()));
        }
        List<Long> ids = new ArrayList<>(targets.keySet());
        ids.sort(Long::compare);
        if (ids.isEmpty()) {
            return null;
        }
        Deque<Struct> stack = new ArrayDeque<>();
        Map<Long, List<Struct>> restStructs = new LinkedHashMap<>();
        Map<Long, Integer> state = new HashMap<>();
        Target cur = nextTarget(ids, targets);
        if (cur == null) {
            return null;
        }
        Struct head = cur.refs.get(cur.i++);
        while (true) {
            if (!(head instanceof SkipStruct)) {
                final long headClient = head.client;
                int localClock = state.computeIfAbsent(headClient, store::getState);
                int offset = localClock - head.clock;
                if (offset < 0) {
                    stack.push(head);
                    missingSV.merge(headClient, head.clock - 1, Math::min);
                    addStackToRest(stack, targets, restStructs, ids);
                } else {
                    long missing = head instanceof Item item ? item.getMissing(txn, store) : Item.NONE;
                    if (missing != Item.NONE) {
                        stack.push(head);
                        Target t = targets.get(missing);
                        if (t == null || t.refs.size() == t.i) {
                            missingSV.merge(missing, store.getState(missing), Math::min);
                            addStackToRest(stack, targets, restStructs, ids);
                        } else {
                            head = t.refs.get(t.i++);
                            continue;
                        }
                    } else if (offset == 0 || offset < head.length) {
                        if (head instanceof Item item) {
                            item.integrate(txn, offset);
                        } else {
                            integrateGc((GcStruct) head, store, offset);
                        }
                        state.put(headClient, head.clock + head.length);
                    }
                }
            }
            if (!stack.isEmpty()) {
                head = stack.pop();
            } else if (cur != null && cur.i < cur.refs.size()) {
                head = cur.refs.get(cur.i++);
            } else {
                cur = nextTarget(ids, targets);
                if (cur == null) {
                    break;
                }
                head = cur.refs.get(cur.i++);
            }
        }
        return restStructs.isEmpty() ? null : restStructs;
    }

    private static void integrateGc(GcStruct gc, StructStore store, int offset) {
        if (offset > 0) {
            gc.clock += offset;
            gc.length -= offset;
        }
        store.addStruct(gc);
    }

    private static Target nextTarget(List<Long> ids, Map<Long, Target> targets) {
        while (!ids.isEmpty()) {
            Target t = targets.get(ids.get(ids.size() - 1));
            if (t != null && t.i < t.refs.size()) {
                return t;
            }
            ids.remove(ids.size() - 1);
        }
        return null;
    }

    private static void addStackToRest(Deque<Struct> stack, Map<Long, Target> targets,
            Map<Long, List<Struct>> restStructs, List<Long> ids) {
        for (java.util.Iterator<Struct> it = stack.descendingIterator(); it.hasNext(); ) {
            Struct s = it.next();
            long client = s.client;
            Target t = targets.get(client);
            if (t != null) {
                // the struct on the stack was taken from this client's list but not applied
                t.i--;
                restStructs.put(client, new ArrayList<>(t.refs.subList(t.i, t.refs.size())));
                targets.remove(client);
                t.i = 0;
                t.refs = List.of();
            } else {
                restStructs.put(client, new ArrayList<>(List.of(s)));
            }
            ids.remove(Long.valueOf(client));
        }
        stack.clear();
    }

    /**
     * Deletes the ranges of {@code ds} that this document has; returns the rest (ranges of
     * structs not received yet) as an update, or {@code null}.
     */
    static byte[] applyDeleteSet(Transaction txn, StructStore store, DeleteSet ds) {
        DeleteSet unapplied = new DeleteSet();
        for (Map.Entry<Long, DeleteSet.Ranges> e : ds.clients.entrySet()) {
            long client = e.getKey();
            DeleteSet.Ranges ranges = e.getValue();
            StructList list = store.clients.get(client);
            int state = store.getState(client);
            for (int j = 0; j < ranges.size; j++) {
                int clock = ranges.clocks[j];
                int clockEnd = clock + ranges.lens[j];
                if (clock < state) {
                    if (state < clockEnd) {
                        unapplied.add(client, state, clockEnd - state);
                    }
                    int index = list.findIndex(clock);
                    Struct s = list.get(index);
                    if (!s.isDeleted() && s.clock < clock) {
                        list.insert(index + 1, StructStore.splitItem(txn, (Item) s, clock - s.clock));
                        index++;
                    }
                    while (index < list.size) {
                        s = list.get(index++);
                        if (s.clock < clockEnd) {
                            if (!s.isDeleted()) {
                                if (clockEnd < s.clock + s.length) {
                                    list.insert(index, StructStore.splitItem(txn, (Item) s, clockEnd - s.clock));
                                }
                                ((Item) s).delete(txn);
                            }
                        } else {
                            break;
                        }
                    }
                } else {
                    unapplied.add(client, clock, clockEnd - clock);
                }
            }
        }
        if (unapplied.isEmpty()) {
            return null;
        }
        unapplied.sortAndMerge();
        Lib0Encoder enc = new Lib0Encoder();
        enc.writeVarUint(0);
        unapplied.write(enc);
        return enc.toByteArray();
    }
}
