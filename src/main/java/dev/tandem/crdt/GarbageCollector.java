package dev.tandem.crdt;

import java.util.Map;

/** End-of-transaction housekeeping: drop deleted content, merge adjacent structs. */
final class GarbageCollector {
    private GarbageCollector() {
    }

    /** Replaces the content of items deleted in this transaction by their length only. */
    static void tryGcDeleteSet(DeleteSet ds, StructStore store) {
        for (Map.Entry<Long, DeleteSet.Ranges> e : ds.clients.entrySet()) {
            StructList list = store.clients.get(e.getKey());
            DeleteSet.Ranges r = e.getValue();
            for (int di = r.size - 1; di >= 0; di--) {
                int start = r.clocks[di];
                int end = start + r.lens[di];
                int si = list.findIndex(start);
                if (si < 0) {
                    continue;
                }
                for (; si < list.size; si++) {
                    Struct s = list.get(si);
                    if (s.clock >= end) {
                        break;
                    }
                    if (s instanceof Item item && item.isDeleted() && !item.isKeep()) {
                        item.gc(store);
                    }
                }
            }
        }
    }

    /** Merges deleted structs with their left neighbours where possible. */
    static void tryMergeDeleteSet(DeleteSet ds, StructStore store) {
        for (Map.Entry<Long, DeleteSet.Ranges> e : ds.clients.entrySet()) {
            StructList list = store.clients.get(e.getKey());
            DeleteSet.Ranges r = e.getValue();
            for (int di = r.size - 1; di >= 0; di--) {
                int clock = r.clocks[di];
                int lastIndex = list.findIndex(clock + r.lens[di] - 1);
                if (lastIndex < 0) {
                    continue;
                }
                int mostRight = Math.min(list.size - 1, 1 + lastIndex);
                for (int si = mostRight; si > 0 && list.get(si).clock >= clock; ) {
                    si -= 1 + tryToMergeWithLefts(list, si);
                }
            }
        }
    }

    /** Merges the struct at {@code pos} into its left neighbours while possible; returns how many merged. */
    static int tryToMergeWithLefts(StructList list, int pos) {
        int i = pos;
        for (; i > 0; i--) {
            Struct right = list.get(i);
            Struct left = list.get(i - 1);
            if (left.isDeleted() == right.isDeleted() && left.getClass() == right.getClass() && mergeStructs(left, right)) {
                if (right instanceof Item ri && ri.parentSub != null && ri.parent.map.get(ri.parentSub) == ri) {
                    ri.parent.map.put(ri.parentSub, (Item) left);
                }
                continue;
            }
            break;
        }
        int merged = pos - i;
        if (merged > 0) {
            list.remove(pos + 1 - merged, merged);
        }
        return merged;
    }

    private static boolean mergeStructs(Struct left, Struct right) {
        if (left instanceof Item li) {
            return li.mergeWith((Item) right);
        }
        left.length += right.length;
        return true;
    }
}
