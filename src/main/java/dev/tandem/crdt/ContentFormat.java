package dev.tandem.crdt;

import java.util.List;

/**
 * A formatting mark in rich text: from here on, attribute {@code key} has {@code value}
 * ({@code null} ends it). Takes no index space.
 */
final class ContentFormat extends SingleContent {
    static final int REF = 6;
    final String key;
    final Object value;
    private final String json;

    ContentFormat(String key, Object value, String json) {
        this.key = key;
        this.value = value;
        this.json = json;
    }

    @Override
    int ref() {
        return REF;
    }

    /** The attribute's value. */
    @Override
    Object value() {
        return value;
    }

    @Override
    boolean isCountable() {
        return false;
    }

    /** No user-visible element: a format takes no index space. */
    @Override
    List<Object> values() {
        return List.of();
    }

    @Override
    Content copy() {
        return new ContentFormat(key, value, json);
    }

    @Override
    void integrate(Transaction txn, Item item) {
        // a search marker knows an index but not the formatting in effect there, so positions
        // found through one would carry the wrong attributes: like Yjs, stop using them
        item.parent.disableMarkers();
        if (item.parent instanceof YText text) {
            text.hasFormatting = true;
        }
    }

    @Override
    void write(Lib0Encoder encoder, int offset) {
        encoder.writeVarString(key);
        encoder.writeVarString(json);
    }
}
