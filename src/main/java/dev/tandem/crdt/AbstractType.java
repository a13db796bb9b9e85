package dev.tandem.crdt;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Base of all shared types. A type is either a root of a {@link YDoc} (found by name) or
 * nested in another type. Until a new type is inserted into a document it is "preliminary":
 * changes to it are remembered and applied when it is integrated.
 *
 * <p>Keeps its list content as a doubly linked list of {@link Item}s starting at
 * {@code start}, and its map content as the last item per key in {@code map}.
 */
public abstract class AbstractType {
    private static final int MAX_SEARCH_MARKERS = 80;

    YDoc doc;
    /** The item holding this type, {@code null} for roots and preliminary types. */
    Item item;
    String rootName;
    Item start;
    final Map<String, Item> map = new LinkedHashMap<>();
    /** Number of visible list elements (UTF-16 units for text). */
    int length;
    /** Nesting depth once integrated: 0 for a root, parent's depth + 1 for a nested type. */
    int depth;
    /**
     * While preliminary: the preliminary types handed to this one, so that the depth of the
     * whole preliminary tree is known before any of it is inserted.
     */
    private List<AbstractType> prelimTypes = new ArrayList<>();
    /** Cached index positions for fast index lookups in long lists; {@code null} when disabled. */
    List<SearchMarker> markers;
    private long markerClock;
    private List<Consumer<Transaction>> prelim = new ArrayList<>();
    private final List<Consumer<YEvent>> observers = new ArrayList<>();
    private final List<Consumer<List<YEvent>>> deepObservers = new ArrayList<>();

    /** A remembered (item, index) pair; see {@link #findMarker(int)}. */
    static final class SearchMarker {
        Item p;
        int index;
        long timestamp;

        SearchMarker(Item p, int index, long timestamp) {
            this.p = p;
            this.index = index;
            this.timestamp = timestamp;
            p.setMarker(true);
        }
    }

    AbstractType(boolean useSearchMarkers) {
        markers = useSearchMarkers ? new ArrayList<>() : null;
    }

    /** Type reference number of the update format (0 array ... 6 XML text). */
    abstract int typeRef();

    /** The node or hook name written after the type reference, for XML elements and hooks. */
    String nodeNameForEncoding() {
        return null;
    }

    /** A new, empty, preliminary type of the same kind. */
    abstract AbstractType emptyCopy();

    /**
     * The plain (JSON-like) value of this type, nested types converted too. The walk over the
     * nested types is iterative, so it costs no stack however deep they nest.
     */
    public Object toJson() {
        return plainTree(this);
    }

    /** The nested types whose plain values this type's plain value is built from. */
    List<AbstractType> plainDependencies() {
        return List.of();
    }

    /** This type's plain value, given those of its {@link #plainDependencies()}. */
    abstract Object plainValue(java.util.function.Function<AbstractType, Object> plainOf);

    /**
     * Plain value of {@code top}: collects the type tree below it depth-first with an explicit
     * stack, then builds the values bottom-up, so that no walk recurses per nesting level.
     */
    static Object plainTree(AbstractType top) {
        List<AbstractType> order = new ArrayList<>();
        java.util.Deque<AbstractType> stack = new java.util.ArrayDeque<>();
        stack.push(top);
        while (!stack.isEmpty()) {
            AbstractType t = stack.pop();
            order.add(t);
            for (AbstractType c : t.plainDependencies()) {
                stack.push(c);
            }
        }
        Map<AbstractType, Object> done = new java.util.IdentityHashMap<>();
        for (int i = order.size() - 1; i >= 0; i--) {
            AbstractType t = order.get(i);
            done.put(t, t.plainValue(done::get));
        }
        return done.get(top);
    }

    /** The nested types among {@code values}. */
    static List<AbstractType> typesIn(java.util.Collection<Object> values) {
        List<AbstractType> out = new ArrayList<>();
        for (Object v : values) {
            if (v instanceof AbstractType t) {
                out.add(t);
            }
        }
        return out;
    }

    /** A stored value in plain form, nested types taken from {@code plainOf}. */
    static Object toPlain(Object v, java.util.function.Function<AbstractType, Object> plainOf) {
        return v instanceof AbstractType t ? plainOf.apply(t) : toPlain(v);
    }

    /** A nested type as JavaScript would print it into XML (its string form, else its plain value). */
    static String jsString(Object v, java.util.function.Function<AbstractType, Object> plainOf) {
        if (v instanceof AbstractType t) {
            Object plain = plainOf.apply(t);
            return plain instanceof String s ? s : Json.jsString(plain);
        }
        return Json.jsString(v);
    }

    /** The document this type belongs to, {@code null} while preliminary. */
    public YDoc doc() {
        return doc;
    }

    /** The type this one is nested in, {@code null} for roots and preliminary types. */
    public AbstractType parent() {
        return item == null ? null : item.parent;
    }

    String rootName() {
        return rootName;
    }

    void integrate(YDoc doc, Item item) {
        this.doc = doc;
        this.item = item;
        this.depth = item == null ? 0 : item.parent.depth + 1;
        List<Consumer<Transaction>> ops = prelim;
        prelim = null;
        prelimTypes = null;
        if (ops != null && !ops.isEmpty()) {
            doc.transact(txn -> ops.forEach(op -> op.accept(txn)));
        }
    }

    /** Remembers preliminary types given to this preliminary type (see {@link #prelimHeight}). */
    void notePrelimValues(Iterable<?> values) {
        if (doc != null || prelimTypes == null) {
            return;
        }
        for (Object v : values) {
            if (v instanceof AbstractType t && t.doc == null) {
                prelimTypes.add(t);
            }
        }
    }

    /**
     * Levels of nesting this preliminary type brings along: 1 for itself plus the deepest chain
     * of preliminary types handed to it. Iterative, and refuses a type that contains itself.
     */
    int prelimHeight() {
        Map<AbstractType, Integer> heights = new java.util.IdentityHashMap<>();
        Map<AbstractType, Boolean> open = new java.util.IdentityHashMap<>();
        java.util.Deque<AbstractType> stack = new java.util.ArrayDeque<>();
        stack.push(this);
        while (!stack.isEmpty()) {
            AbstractType t = stack.peek();
            List<AbstractType> children = t.prelimTypes == null ? List.of() : t.prelimTypes;
            if (open.putIfAbsent(t, Boolean.TRUE) == null) {
                for (AbstractType c : children) {
                    if (open.containsKey(c) && !heights.containsKey(c)) {
                        throw new IllegalArgumentException("a shared type cannot contain itself");
                    }
                    if (!heights.containsKey(c)) {
                        stack.push(c);
                    }
                }
                continue;
            }
            stack.pop();
            if (heights.containsKey(t)) {
                continue;
            }
            int h = 0;
            for (AbstractType c : children) {
                h = Math.max(h, heights.getOrDefault(c, 0));
            }
            heights.put(t, h + 1);
        }
        return heights.get(this);
    }

    /** Runs a change in a transaction, or remembers it while this type is preliminary. */
    void change(Consumer<Transaction> op) {
        if (doc != null) {
            doc.transact(op);
        } else {
            prelim.add(op);
        }
    }

    // ---------------------------------------------------------------- observers

    /** Calls {@code listener} after each transaction that changed this type. Returns an unsubscriber. */
    public Runnable observe(Consumer<YEvent> listener) {
        observers.add(listener);
        return () -> observers.remove(listener);
    }

    /** Calls {@code listener} with all events on this type and its descendants per transaction. */
    public Runnable observeDeep(Consumer<List<YEvent>> listener) {
        deepObservers.add(listener);
        return () -> deepObservers.remove(listener);
    }

    boolean hasDeepObservers() {
        return !deepObservers.isEmpty();
    }

    void callDeepObservers(List<YEvent> events) {
        for (Consumer<List<YEvent>> l : List.copyOf(deepObservers)) {
            l.accept(events);
        }
    }

    abstract YEvent createEvent(Transaction txn, java.util.Set<String> keysChanged);

    void callObserver(Transaction txn, java.util.Set<String> keysChanged) {
        if (!txn.local && markers != null) {
            clearMarkers();
        }
        YEvent event = createEvent(txn, keysChanged);
        AbstractType t = this;
        while (true) {
            // Sized for the usual one event per type and transaction (a keystroke is a transaction).
            txn.changedParentTypes.computeIfAbsent(t, k -> new ArrayList<>(1)).add(event);
            if (t.item == null) {
                break;
            }
            t = t.item.parent;
        }
        if (!observers.isEmpty()) {
            for (Consumer<YEvent> l : List.copyOf(observers)) {
                l.accept(event);
            }
        }
    }

    // ---------------------------------------------------------------- search markers

    void clearMarkers() {
        for (SearchMarker m : markers) {
            m.p.setMarker(false);
        }
        markers.clear();
    }

    void disableMarkers() {
        if (markers != null) {
            clearMarkers();
            markers = null;
        }
    }

    /**
     * Finds an item near list position {@code index} starting from the closest cached marker,
     * so that sequential edits in long texts do not walk the list from the start.
     */
    SearchMarker findMarker(int index) {
        if (start == null || index == 0 || markers == null) {
            return null;
        }
        SearchMarker marker = null;
        for (SearchMarker m : markers) {
            if (marker == null || Math.abs(index - m.index) < Math.abs(index - marker.index)) {
                marker = m;
            }
        }
        Item p = start;
        int pindex = 0;
        if (marker != null) {
            p = marker.p;
            pindex = marker.index;
            marker.timestamp = markerClock++;
        }
        while (p.right != null && pindex < index) {
            if (p.isVisible()) {
                if (index < pindex + p.length) {
                    break;
                }
                pindex += p.length;
            }
            p = p.right;
        }
        while (p.left != null && pindex > index) {
            p = p.left;
            if (p.isVisible()) {
                pindex -= p.length;
            }
        }
        // a marker must not sit on an item that may merge into its left neighbour
        while (p.left != null && p.left.client == p.client && p.left.clock + p.left.length == p.clock) {
            p = p.left;
            if (p.isVisible()) {
                pindex -= p.length;
            }
        }
        if (marker != null && Math.abs(marker.index - pindex) < (double) p.parent.length / MAX_SEARCH_MARKERS) {
            overwriteMarker(marker, p, pindex);
            return marker;
        }
        if (markers.size() >= MAX_SEARCH_MARKERS) {
            SearchMarker oldest = markers.get(0);
            for (SearchMarker m : markers) {
                if (m.timestamp < oldest.timestamp) {
                    oldest = m;
                }
            }
            overwriteMarker(oldest, p, pindex);
            return oldest;
        }
        SearchMarker created = new SearchMarker(p, pindex, markerClock++);
        markers.add(created);
        return created;
    }

    private void overwriteMarker(SearchMarker m, Item p, int index) {
        m.p.setMarker(false);
        m.p = p;
        p.setMarker(true);
        m.index = index;
        m.timestamp = markerClock++;
    }

    /** Shifts markers after a local insert ({@code len > 0}) or delete ({@code len < 0}) at index. */
    void updateMarkerChanges(int index, int len) {
        if (markers == null) {
            return;
        }
        for (int i = markers.size() - 1; i >= 0; i--) {
            SearchMarker m = markers.get(i);
            if (len > 0) {
                Item p = m.p;
                p.setMarker(false);
                while (p != null && (p.isDeleted() || !p.isCountable())) {
                    p = p.left;
                    if (p != null && p.isVisible()) {
                        m.index -= p.length;
                    }
                }
                if (p == null || p.isMarker()) {
                    markers.remove(i);
                    continue;
                }
                m.p = p;
                p.setMarker(true);
            }
            if (index < m.index || (len > 0 && index == m.index)) {
                m.index = Math.max(index, m.index + len);
            }
        }
    }

    void onItemMerged(Item left, Item right) {
        if (markers == null) {
            return;
        }
        for (SearchMarker m : markers) {
            if (m.p == right) {
                m.p = left;
                if (left.isVisible()) {
                    m.index -= left.length;
                }
            }
        }
    }

    // ---------------------------------------------------------------- list operations

    /** All visible list values in order. */
    List<Object> listToArray() {
        List<Object> out = new ArrayList<>(length);
        for (Item n = start; n != null; n = n.right) {
            if (n.isVisible()) {
                out.addAll(n.content.values());
            }
        }
        return out;
    }

    Object listGet(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException("index " + index + " of length " + length);
        }
        SearchMarker marker = findMarker(index);
        Item n = start;
        if (marker != null) {
            n = marker.p;
            index -= marker.index;
        }
        for (; n != null; n = n.right) {
            if (n.isVisible()) {
                if (index < n.length) {
                    return n.content.values().get(index);
                }
                index -= n.length;
            }
        }
        throw new IndexOutOfBoundsException("index out of bounds");
    }

    List<Object> listSlice(int from, int to) {
        from = Math.max(0, from);
        to = Math.min(length, to);
        List<Object> out = new ArrayList<>(Math.max(0, to - from));
        int index = 0;
        for (Item n = start; n != null && index < to; n = n.right) {
            if (n.isVisible()) {
                int len = n.length;
                if (index + len > from) {
                    List<Object> values = n.content.values();
                    for (int i = Math.max(0, from - index); i < len && index + i < to; i++) {
                        out.add(values.get(i));
                    }
                }
                index += len;
            }
        }
        return out;
    }

    void listInsert(Transaction txn, int index, List<?> values) {
        if (index < 0 || index > length) {
            throw new IndexOutOfBoundsException("index " + index + " of length " + length);
        }
        if (index == 0) {
            updateMarkerChanges(index, values.size());
            listInsertAfter(txn, null, values);
            return;
        }
        int startIndex = index;
        SearchMarker marker = findMarker(index);
        Item n = start;
        if (marker != null) {
            n = marker.p;
            index -= marker.index;
            if (index == 0) {
                n = n.prev();
                index += n != null && n.isVisible() ? n.length : 0;
            }
        }
        for (; n != null; n = n.right) {
            if (n.isVisible()) {
                if (index <= n.length) {
                    if (index < n.length) {
                        txn.doc.store.getItemCleanStart(txn, n.client, n.clock + index);
                    }
                    break;
                }
                index -= n.length;
            }
        }
        updateMarkerChanges(startIndex, values.size());
        listInsertAfter(txn, n, values);
    }

    void listInsertAfter(Transaction txn, Item reference, List<?> values) {
        Item left = reference;
        Item right = reference == null ? start : reference.right;
        List<Object> json = new ArrayList<>();
        for (Object v : values) {
            Content c = contentFor(v);
            if (c == null) {
                json.add(v);
                continue;
            }
            if (!json.isEmpty()) {
                left = insertItem(txn, left, right, null, new ContentAny(json));
                json = new ArrayList<>();
            }
            left = insertItem(txn, left, right, null, c);
        }
        if (!json.isEmpty()) {
            insertItem(txn, left, right, null, new ContentAny(json));
        }
    }

    /** Content for values that are not plain JSON-like values; {@code null} for plain values. */
    static Content contentFor(Object v) {
        if (v instanceof AbstractType t) {
            if (t.doc != null || t.item != null) {
                throw new IllegalArgumentException("this type is already part of a document");
            }
            return new ContentType(t);
        }
        if (v instanceof byte[] bytes) {
            return new ContentBinary(bytes.clone());
        }
        if (v instanceof YDoc sub) {
            return new ContentDoc(sub);
        }
        checkPlainValue(v, 0);
        return null;
    }

    private static void checkPlainValue(Object v, int depth) {
        if (depth > 100) {
            throw new IllegalArgumentException("value nested too deeply");
        }
        if (v == null || v instanceof Undefined || v instanceof Boolean || v instanceof String
                || v instanceof Number && !(v instanceof java.math.BigDecimal) || v instanceof byte[]) {
            if (v instanceof BigInteger b && b.bitLength() > 64) {
                throw new IllegalArgumentException("bigint values are limited to 64 bits");
            }
            return;
        }
        if (v instanceof List<?> list) {
            for (Object o : list) {
                checkPlainValue(o, depth + 1);
            }
            return;
        }
        if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String)) {
                    throw new IllegalArgumentException("map keys must be strings");
                }
                checkPlainValue(e.getValue(), depth + 1);
            }
            return;
        }
        throw new IllegalArgumentException("unsupported value type " + v.getClass().getName());
    }

    /**
     * Creates, integrates and returns a new local item between {@code left} and {@code right}.
     * A nested type that would end up deeper than the document allows is refused before
     * anything changes.
     */
    Item insertItem(Transaction txn, Item left, Item right, String parentSub, Content content) {
        YDoc d = txn.doc;
        if (content instanceof ContentType ct && depth + ct.type.prelimHeight() > d.maxNestingDepth) {
            throw new IllegalArgumentException("shared types may nest at most " + d.maxNestingDepth + " levels deep");
        }
        long client = d.clientId();
        Item it = new Item(client, d.store.getState(client), left,
                left == null ? Item.NONE : left.client, left == null ? 0 : left.lastClock(),
                right, right == null ? Item.NONE : right.client, right == null ? 0 : right.clock,
                this, parentSub, content);
        it.integrate(txn, 0);
        return it;
    }

    void listDelete(Transaction txn, int index, int len) {
        if (len == 0) {
            return;
        }
        if (index < 0 || len < 0 || index + len > length) {
            throw new IndexOutOfBoundsException("cannot delete " + len + " at " + index + " of length " + length);
        }
        int startIndex = index;
        int startLength = len;
        SearchMarker marker = findMarker(index);
        Item n = start;
        if (marker != null) {
            n = marker.p;
            index -= marker.index;
        }
        StructStore store = txn.doc.store;
        for (; n != null && index > 0; n = n.right) {
            if (n.isVisible()) {
                if (index < n.length) {
                    store.getItemCleanStart(txn, n.client, n.clock + index);
                }
                index -= n.length;
            }
        }
        while (len > 0 && n != null) {
            if (!n.isDeleted()) {
                if (len < n.length) {
                    store.getItemCleanStart(txn, n.client, n.clock + len);
                }
                n.delete(txn);
                len -= n.length;
            }
            n = n.right;
        }
        updateMarkerChanges(startIndex, -startLength + len);
    }

    // ---------------------------------------------------------------- map operations

    Object mapGet(String key) {
        Item it = map.get(key);
        if (it == null || it.isDeleted()) {
            return null;
        }
        List<Object> values = it.content.values();
        return values.get(it.length - 1);
    }

    boolean mapHas(String key) {
        Item it = map.get(key);
        return it != null && !it.isDeleted();
    }

    void mapSet(Transaction txn, String key, Object value) {
        Content c = contentFor(value);
        if (c == null) {
            List<Object> one = new ArrayList<>(1);
            one.add(value);
            c = new ContentAny(one);
        }
        Item left = map.get(key);
        insertItem(txn, left, null, key, c);
    }

    void mapDelete(Transaction txn, String key) {
        Item it = map.get(key);
        if (it != null) {
            it.delete(txn);
        }
    }

    /** Visible map entries in insertion order of their keys. */
    Map<String, Object> mapEntries() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Item> e : map.entrySet()) {
            Item it = e.getValue();
            if (!it.isDeleted()) {
                out.put(e.getKey(), it.content.values().get(it.length - 1));
            }
        }
        return out;
    }

    /** Converts a stored value to its plain form (nested types to their JSON value). */
    static Object toPlain(Object v) {
        if (v instanceof AbstractType t) {
            return t.toJson();
        }
        if (v instanceof YDoc d) {
            return Map.of("$doc", d.guid());
        }
        return v;
    }

    /** Takes over the content of a placeholder root created while decoding. */
    void adopt(AbstractType placeholder) {
        start = placeholder.start;
        for (Item n = start; n != null; n = n.right) {
            n.parent = this;
        }
        map.putAll(placeholder.map);
        for (Item it : map.values()) {
            for (Item n = it; n != null; n = n.left) {
                n.parent = this;
            }
        }
        length = placeholder.length;
    }
}
