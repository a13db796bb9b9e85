package dev.tandem.crdt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Shared text with optional formatting attributes and embeds, compatible with {@code Y.Text}.
 * Indexes and lengths count UTF-16 code units, like JavaScript strings (and Java strings).
 */
public class YText extends AbstractType {
    static final int TYPE_REF = 2;
    /** Set once a formatting mark is integrated; formatting disables search markers, as in Yjs. */
    boolean hasFormatting;

    /** A new, preliminary text; insert it into a document to share it. */
    public YText() {
        super(true);
    }

    /** A preliminary text with initial content, to insert into a map or array. */
    public YText(String initial) {
        this();
        if (initial != null && !initial.isEmpty()) {
            insert(0, initial);
        }
    }

    @Override
    int typeRef() {
        return TYPE_REF;
    }

    @Override
    AbstractType emptyCopy() {
        return new YText();
    }

    @Override
    YEvent createEvent(Transaction txn, Set<String> keysChanged) {
        if (!txn.local && hasFormatting) {
            txn.needFormattingCleanup = true;
        }
        return new YEvent(this, txn, keysChanged);
    }

    /** Number of UTF-16 code units. */
    public int length() {
        return length;
    }

    @Override
    public String toString() {
        // Copied straight into one array: a long-edited text is thousands of short strings, and the
        // disk bridge asks for the whole text several times a second.
        char[] chars = new char[length];
        int at = 0;
        for (Item n = start; n != null; n = n.right) {
            if (!n.isDeleted() && n.content instanceof ContentString s) {
                String str = s.str;
                if (at + str.length() > chars.length) {
                    // Only a document whose lengths disagree with its content (bad input) gets here.
                    chars = Arrays.copyOf(chars, Math.max(2 * chars.length, at + str.length()));
                }
                str.getChars(0, str.length(), chars, at);
                at += str.length();
            }
        }
        // Embeds count in the length but are not text.
        return new String(chars, 0, at);
    }

    @Override
    Object plainValue(java.util.function.Function<AbstractType, Object> plainOf) {
        return toString();
    }

    /** Inserts text at {@code index}, taking over the formatting in effect there. */
    public void insert(int index, String text) {
        insert(index, text, null);
    }

    /** Inserts text with the given formatting attributes ({@code null} value: attribute off). */
    public void insert(int index, String text, Map<String, Object> attributes) {
        if (text.isEmpty()) {
            return;
        }
        change(txn -> {
            checkIndex(index, 0);
            Position pos = findPosition(txn, index, attributes == null);
            // attribute order decides the order of the format marks, so keep the caller's order
            Map<String, Object> attrs = new LinkedHashMap<>(attributes == null ? pos.currentAttributes : attributes);
            insertContent(txn, pos, new ContentString(text), attrs);
        });
    }

    /** Inserts an embed (a JSON-like value or a nested type) taking one position. */
    public void insertEmbed(int index, Object embed, Map<String, Object> attributes) {
        notePrelimValues(java.util.Collections.singletonList(embed));
        change(txn -> {
            checkIndex(index, 0);
            Position pos = findPosition(txn, index, attributes == null);
            // as in Yjs, an embed without attributes takes no formatting from its position
            Map<String, Object> attrs = attributes == null ? new LinkedHashMap<>() : new LinkedHashMap<>(attributes);
            Content c = embed instanceof AbstractType t ? contentFor(t) : new ContentEmbed(embed, Json.stringify(embed));
            insertContent(txn, pos, c, attrs);
        });
    }

    /** Deletes {@code len} UTF-16 code units starting at {@code index}. */
    public void delete(int index, int len) {
        if (len == 0) {
            return;
        }
        change(txn -> {
            checkIndex(index, len);
            deleteText(txn, findPosition(txn, index, true), len);
        });
    }

    /** Sets formatting attributes on a range ({@code null} values remove an attribute). */
    public void format(int index, int len, Map<String, Object> attributes) {
        if (len == 0) {
            return;
        }
        change(txn -> {
            checkIndex(index, len);
            Position pos = findPosition(txn, index, false);
            if (pos.right == null) {
                return;
            }
            formatText(txn, pos, len, attributes);
        });
    }

    private void checkIndex(int index, int len) {
        if (index < 0 || len < 0 || index + len > length) {
            throw new IndexOutOfBoundsException("range " + index + "+" + len + " outside text of length " + length);
        }
    }

    /** The content as a delta: inserts with their attributes. */
    public List<Delta> toDelta() {
        List<Delta> ops = new ArrayList<>();
        Map<String, Object> attrs = new LinkedHashMap<>();
        StringBuilder str = new StringBuilder();
        for (Item n = start; n != null; n = n.right) {
            if (n.isDeleted()) {
                continue;
            }
            if (n.content instanceof ContentString s) {
                str.append(s.str);
            } else if (n.content instanceof ContentType || n.content instanceof ContentEmbed) {
                packString(ops, str, attrs);
                ops.add(Delta.insert(n.content.values().get(0), attrs));
            } else if (n.content instanceof ContentFormat f) {
                packString(ops, str, attrs);
                updateAttributes(attrs, f);
            }
        }
        packString(ops, str, attrs);
        return ops;
    }

    private static void packString(List<Delta> ops, StringBuilder str, Map<String, Object> attrs) {
        if (str.length() > 0) {
            ops.add(Delta.insert(str.toString(), attrs));
            str.setLength(0);
        }
    }

    static void updateAttributes(Map<String, Object> attrs, ContentFormat f) {
        if (f.value == null) {
            attrs.remove(f.key);
        } else {
            attrs.put(f.key, f.value);
        }
    }

    // ---------------------------------------------------------------- position walking

    /** A cursor between {@code left} and {@code right} with the attributes in effect there. */
    static final class Position {
        Item left;
        Item right;
        int index;
        final Map<String, Object> currentAttributes;

        Position(Item left, Item right, int index, Map<String, Object> currentAttributes) {
            this.left = left;
            this.right = right;
            this.index = index;
            this.currentAttributes = currentAttributes;
        }

        void forward() {
            if (!right.isDeleted()) {
                if (right.content instanceof ContentFormat f) {
                    updateAttributes(currentAttributes, f);
                } else {
                    index += right.length;
                }
            }
            left = right;
            right = right.right;
        }
    }

    private Position findPosition(Transaction txn, int index, boolean useSearchMarker) {
        Map<String, Object> attrs = new LinkedHashMap<>();
        SearchMarker marker = useSearchMarker ? findMarker(index) : null;
        Position pos = marker != null
                ? new Position(marker.p.left, marker.p, marker.index, attrs)
                : new Position(null, start, 0, attrs);
        int count = index - pos.index;
        while (pos.right != null && count > 0) {
            Item r = pos.right;
            if (!r.isDeleted()) {
                if (r.content instanceof ContentFormat f) {
                    updateAttributes(attrs, f);
                } else {
                    if (count < r.length) {
                        txn.doc.store.getItemCleanStart(txn, r.client, r.clock + count);
                    }
                    pos.index += r.length;
                    count -= r.length;
                }
            }
            pos.left = r;
            pos.right = r.right;
        }
        return pos;
    }

    private void insertContent(Transaction txn, Position pos, Content content, Map<String, Object> attributes) {
        for (String key : pos.currentAttributes.keySet()) {
            if (!attributes.containsKey(key)) {
                attributes.put(key, null);
            }
        }
        minimizeAttributeChanges(pos, attributes);
        Map<String, Object> negated = insertAttributes(txn, pos, attributes);
        updateMarkerChanges(pos.index, content.length());
        Item right = insertItem(txn, pos.left, pos.right, null, content);
        pos.right = right;
        pos.forward();
        insertNegatedAttributes(txn, pos, negated);
    }

    /** An absent attribute counts as {@code null}. */
    private static boolean formatMatches(Item item, Map<String, Object> attributes) {
        return item.content instanceof ContentFormat f && Objects.equals(attributes.get(f.key), f.value);
    }

    /** Only attributes present in {@code negated} match (an absent one is not {@code null} here, as in Yjs). */
    private static boolean negatedMatches(Item item, Map<String, Object> negated) {
        return item.content instanceof ContentFormat f && negated.containsKey(f.key) && Objects.equals(negated.get(f.key), f.value);
    }

    private static void minimizeAttributeChanges(Position pos, Map<String, Object> attributes) {
        while (pos.right != null && (pos.right.isDeleted() || formatMatches(pos.right, attributes))) {
            pos.forward();
        }
    }

    private Map<String, Object> insertAttributes(Transaction txn, Position pos, Map<String, Object> attributes) {
        Map<String, Object> negated = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : attributes.entrySet()) {
            String key = e.getKey();
            Object value = e.getValue() instanceof Undefined ? null : e.getValue();
            Object current = pos.currentAttributes.get(key);
            if (!Objects.equals(current, value)) {
                negated.put(key, current);
                pos.right = insertItem(txn, pos.left, pos.right, null, new ContentFormat(key, value, Json.stringify(value)));
                pos.forward();
            }
        }
        return negated;
    }

    private void insertNegatedAttributes(Transaction txn, Position pos, Map<String, Object> negated) {
        while (pos.right != null && (pos.right.isDeleted() || negatedMatches(pos.right, negated))) {
            if (!pos.right.isDeleted()) {
                negated.remove(((ContentFormat) pos.right.content).key);
            }
            pos.forward();
        }
        for (Map.Entry<String, Object> e : negated.entrySet()) {
            pos.right = insertItem(txn, pos.left, pos.right, null, new ContentFormat(e.getKey(), e.getValue(), Json.stringify(e.getValue())));
            pos.forward();
        }
    }

    private void formatText(Transaction txn, Position pos, int len, Map<String, Object> attributes) {
        minimizeAttributeChanges(pos, attributes);
        Map<String, Object> negated = insertAttributes(txn, pos, attributes);
        iteration:
        while (pos.right != null && (len > 0 || (!negated.isEmpty() && (pos.right.isDeleted() || pos.right.content instanceof ContentFormat)))) {
            Item r = pos.right;
            if (!r.isDeleted()) {
                if (r.content instanceof ContentFormat f) {
                    if (attributes.containsKey(f.key)) {
                        Object attr = attributes.get(f.key);
                        if (Objects.equals(attr, f.value)) {
                            negated.remove(f.key);
                        } else {
                            if (len == 0) {
                                break iteration;
                            }
                            negated.put(f.key, f.value);
                        }
                        r.delete(txn);
                    } else {
                        pos.currentAttributes.put(f.key, f.value);
                    }
                } else {
                    if (len < r.length) {
                        txn.doc.store.getItemCleanStart(txn, r.client, r.clock + len);
                    }
                    len -= r.length;
                }
            }
            pos.forward();
        }
        if (len > 0) {
            pos.right = insertItem(txn, pos.left, pos.right, null, new ContentString("\n".repeat(len)));
            pos.forward();
        }
        insertNegatedAttributes(txn, pos, negated);
    }

    private void deleteText(Transaction txn, Position pos, int len) {
        int startLength = len;
        Map<String, Object> startAttrs = new LinkedHashMap<>(pos.currentAttributes);
        Item startItem = pos.right;
        while (len > 0 && pos.right != null) {
            Item r = pos.right;
            // text counts characters, embeds and nested types (as Yjs does), nothing else
            if (!r.isDeleted() && (r.content instanceof ContentString || r.content instanceof ContentEmbed || r.content instanceof ContentType)) {
                if (len < r.length) {
                    txn.doc.store.getItemCleanStart(txn, r.client, r.clock + len);
                }
                len -= r.length;
                r.delete(txn);
            }
            pos.forward();
        }
        if (startItem != null) {
            cleanupFormattingGap(txn, startItem, pos.right, startAttrs, pos.currentAttributes);
        }
        updateMarkerChanges(pos.index, -startLength + len);
    }

    /** Removes formatting marks made redundant by a deletion between {@code start} and the next content. */
    static int cleanupFormattingGap(Transaction txn, Item start, Item curr, Map<String, Object> startAttributes,
            Map<String, Object> currAttributes) {
        Item end = start;
        Map<String, ContentFormat> endFormats = new HashMap<>();
        while (end != null && (!end.isCountable() || end.isDeleted())) {
            if (!end.isDeleted() && end.content instanceof ContentFormat cf) {
                endFormats.put(cf.key, cf);
            }
            end = end.right;
        }
        int cleanups = 0;
        boolean reachedCurr = false;
        while (start != end) {
            if (curr == start) {
                reachedCurr = true;
            }
            if (!start.isDeleted() && start.content instanceof ContentFormat cf) {
                Object startValue = startAttributes.get(cf.key);
                if (endFormats.get(cf.key) != cf || Objects.equals(startValue, cf.value)) {
                    start.delete(txn);
                    cleanups++;
                    if (!reachedCurr && Objects.equals(currAttributes.get(cf.key), cf.value) && !Objects.equals(startValue, cf.value)) {
                        if (startValue == null) {
                            currAttributes.remove(cf.key);
                        } else {
                            currAttributes.put(cf.key, startValue);
                        }
                    }
                }
                if (!reachedCurr && !start.isDeleted()) {
                    updateAttributes(currAttributes, cf);
                }
            }
            start = start.right;
        }
        return cleanups;
    }

    /** After remote changes: deletes duplicate formatting marks that no longer do anything. */
    static void cleanupAfterTransaction(Transaction txn) {
        YDoc doc = txn.doc;
        Set<YText> needFullCleanup = new java.util.LinkedHashSet<>();
        ClientClocks after = txn.afterState;
        for (int c = 0; c < after.size(); c++) {
            long client = after.client(c);
            int from = txn.beforeStateOf(client);
            if (after.clock(c) == from) {
                continue;
            }
            StructList list = doc.store.clients.get(client);
            for (int i = Math.max(0, list.findIndex(from)); i < list.size; i++) {
                if (list.get(i) instanceof Item it && !it.isDeleted() && it.content instanceof ContentFormat
                        && it.parent instanceof YText t) {
                    needFullCleanup.add(t);
                }
            }
        }
        doc.transact(t -> {
            for (Map.Entry<Long, DeleteSet.Ranges> e : txn.deleteSet.clients.entrySet()) {
                long client = e.getKey();
                DeleteSet.Ranges ranges = e.getValue();
                StructList list = doc.store.clients.get(client);
                if (list == null) {
                    continue;
                }
                for (int r = 0; r < ranges.size; r++) {
                    int clockStart = ranges.clocks[r];
                    int clockEnd = clockStart + ranges.lens[r];
                    int index = doc.store.findIndexCleanStart(t, list, clockStart);
                    while (index < list.size && list.get(index).clock < clockEnd) {
                        Struct s = list.get(index++);
                        if (clockEnd < s.endClock()) {
                            doc.store.findIndexCleanStart(t, list, clockEnd);
                        }
                        if (!(s instanceof Item item) || !(item.parent instanceof YText text) || !text.hasFormatting
                                || needFullCleanup.contains(text)) {
                            continue;
                        }
                        if (item.content instanceof ContentFormat) {
                            needFullCleanup.add(text);
                        } else {
                            cleanupContextlessFormattingGap(t, item);
                        }
                    }
                }
            }
            for (YText text : needFullCleanup) {
                text.cleanupFormatting(t);
            }
        });
    }

    private static void cleanupContextlessFormattingGap(Transaction txn, Item item) {
        while (item != null && item.right != null && (item.right.isDeleted() || !item.right.isCountable())) {
            item = item.right;
        }
        Set<String> seen = new HashSet<>();
        while (item != null && (item.isDeleted() || !item.isCountable())) {
            if (!item.isDeleted() && item.content instanceof ContentFormat f) {
                if (!seen.add(f.key)) {
                    item.delete(txn);
                }
            }
            item = item.left;
        }
    }

    private void cleanupFormatting(Transaction txn) {
        Item startItem = start;
        Map<String, Object> startAttributes = new HashMap<>();
        Map<String, Object> currentAttributes = new HashMap<>();
        for (Item end = start; end != null; end = end.right) {
            if (!end.isDeleted()) {
                if (end.content instanceof ContentFormat f) {
                    updateAttributes(currentAttributes, f);
                } else {
                    cleanupFormattingGap(txn, startItem, end, startAttributes, currentAttributes);
                    startAttributes = new HashMap<>(currentAttributes);
                    startItem = end;
                }
            }
        }
    }
}
