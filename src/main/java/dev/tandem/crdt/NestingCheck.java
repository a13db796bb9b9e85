package dev.tandem.crdt;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Refuses, before anything is applied, an update that would nest shared types deeper than the
 * document allows. Deleting, printing, garbage-collecting or undoing a type walks its subtree
 * recursively, so an unbounded depth would let one hostile update overflow the stack.
 *
 * <p>The depth of every nested type the update (together with the structs already pending)
 * would integrate is derived the way integration derives an item's parent: from its parent
 * reference, else from its right or left origin, looked up in the document first, then in the
 * update, then in the pending structs. Structs whose dependencies are still missing cannot be
 * placed yet and are checked when the update that completes them arrives. The walk is
 * iterative and remembers every result, so it costs one pass over the structs it touches.
 */
final class NestingCheck {
    /** The item will not be placed in any type (its parent is garbage-collected or not a type). */
    private static final int NONE = -1;
    /** The item's place depends on structs that have not arrived. */
    private static final int UNKNOWN = -2;
    /** A neighbour that is a garbage-collection struct (used within one step only). */
    private static final int COLLECTED = -3;

    private final StructStore store;
    private final List<Map<Long, List<Struct>>> sources = new ArrayList<>();
    /** Depth of the type each decoded struct is placed in (its parent), once known. */
    private final Map<Struct, Integer> parentDepth = new IdentityHashMap<>();

    private NestingCheck(StructStore store) {
        this.store = store;
    }

    /**
     * Throws {@link MalformedUpdateException} if applying {@code update} to {@code doc} would
     * place a shared type deeper than {@link YDoc#maxNestingDepth()}.
     */
    static void check(YDoc doc, DecodedUpdate update) {
        StructStore store = doc.store;
        boolean updateHasTypes = hasTypes(update.structs());
        if (!updateHasTypes && !store.pendingHasTypes) {
            return;
        }
        NestingCheck check = new NestingCheck(store);
        check.sources.add(update.structs());
        if (store.pendingStructs != null) {
            check.sources.add(DecodedUpdate.decode(store.pendingStructs).structs());
        }
        for (Map<Long, List<Struct>> source : check.sources) {
            for (List<Struct> structs : source.values()) {
                for (Struct s : structs) {
                    // a type the document already has is skipped by integration, so is not checked
                    if (s instanceof Item item && item.content instanceof ContentType
                            && item.clock >= store.getState(item.client)) {
                        int depth = check.resolve(item);
                        if (depth >= 0 && depth + 1 > doc.maxNestingDepth) {
                            throw new MalformedUpdateException("update nests shared types deeper than "
                                    + doc.maxNestingDepth + " levels");
                        }
                    }
                }
            }
        }
    }

    /** Whether any of these structs holds a shared type. */
    static boolean hasTypes(Map<Long, List<Struct>> structs) {
        for (Collection<Struct> list : structs.values()) {
            for (Struct s : list) {
                if (s instanceof Item item && item.content instanceof ContentType) {
                    return true;
                }
            }
        }
        return false;
    }

    /** One step of the walk: either a final depth, or the struct whose depth decides it. */
    private record Step(int depth, Item next, boolean viaType) {
        static Step done(int depth) {
            return new Step(depth, null, false);
        }
    }

    /** Depth of the type {@code start} will be placed in, or {@link #NONE} / {@link #UNKNOWN}. */
    private int resolve(Item start) {
        Deque<Step> chain = new ArrayDeque<>();
        Deque<Item> items = new ArrayDeque<>();
        Map<Item, Boolean> onChain = new IdentityHashMap<>();
        Item cur = start;
        int result;
        while (true) {
            Integer known = parentDepth.get(cur);
            if (known != null) {
                result = known;
                break;
            }
            Step step = step(cur);
            if (step.next() == null) {
                parentDepth.put(cur, step.depth());
                result = step.depth();
                break;
            }
            if (onChain.put(cur, Boolean.TRUE) != null || onChain.containsKey(step.next())) {
                // structs referring to each other in a circle never integrate
                parentDepth.put(cur, UNKNOWN);
                result = UNKNOWN;
                break;
            }
            chain.push(step);
            items.push(cur);
            cur = step.next();
        }
        while (!chain.isEmpty()) {
            Step step = chain.pop();
            Item item = items.pop();
            if (result >= 0 && step.viaType()) {
                result++;
            }
            parentDepth.put(item, result);
        }
        return result;
    }

    private Step step(Item item) {
        if (item.parentRef instanceof String) {
            return Step.done(0);
        }
        if (item.parentRef instanceof Id pid) {
            return viaParentItem(pid.client(), pid.clock());
        }
        Step right = item.hasRightOrigin() ? neighbour(item.rightOriginClient, item.rightOriginClock) : null;
        Step left = item.hasOrigin() ? neighbour(item.originClient, item.originClock) : null;
        if (right == null && left == null) {
            return Step.done(NONE);
        }
        if (isDone(right, UNKNOWN) || isDone(left, UNKNOWN)) {
            return Step.done(UNKNOWN);
        }
        if (isDone(right, COLLECTED) || isDone(left, COLLECTED)) {
            // a garbage-collected neighbour leaves the item without parent, as in integration
            return Step.done(NONE);
        }
        // integration takes the parent from the right neighbour when there is one
        return right != null ? right : left;
    }

    private static boolean isDone(Step step, int depth) {
        return step != null && step.next() == null && step.depth() == depth;
    }

    /** The parent depth an item shares with its neighbour at this ID. */
    private Step neighbour(long client, int clock) {
        if (clock < store.getState(client)) {
            Struct s = store.find(client, clock);
            return s instanceof Item it ? Step.done(it.parent == null ? NONE : it.parent.depth) : Step.done(COLLECTED);
        }
        Struct s = findDecoded(client, clock);
        if (s == null || s instanceof SkipStruct) {
            return Step.done(UNKNOWN);
        }
        return s instanceof Item it ? new Step(0, it, false) : Step.done(COLLECTED);
    }

    /** The depth of the type held by the item at this ID, which becomes the parent. */
    private Step viaParentItem(long client, int clock) {
        if (clock < store.getState(client)) {
            Struct s = store.find(client, clock);
            return s instanceof Item it && it.content instanceof ContentType ct ? Step.done(ct.type.depth) : Step.done(NONE);
        }
        Struct s = findDecoded(client, clock);
        if (s == null || s instanceof SkipStruct) {
            return Step.done(UNKNOWN);
        }
        if (!(s instanceof Item it) || !(it.content instanceof ContentType)) {
            return Step.done(NONE);
        }
        return new Step(0, it, true);
    }

    private Struct findDecoded(long client, int clock) {
        for (Map<Long, List<Struct>> source : sources) {
            List<Struct> list = source.get(client);
            if (list == null) {
                continue;
            }
            int lo = 0;
            int hi = list.size() - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                Struct s = list.get(mid);
                if (clock < s.clock) {
                    hi = mid - 1;
                } else if (clock >= s.clock + s.length) {
                    lo = mid + 1;
                } else {
                    return s;
                }
            }
        }
        return null;
    }
}
