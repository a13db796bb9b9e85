package dev.tandem.crdt;

import java.util.Collections;
import java.util.List;

/** An embed in rich text (an image, a formula...): one JSON value at one text position. */
final class ContentEmbed extends Content {
    static final int REF = 5;
    final Object embed;
    private final String json;

    ContentEmbed(Object embed, String json) {
        this.embed = embed;
        this.json = json;
    }

    @Override
    int ref() {
        return REF;
    }

    @Override
    int length() {
        return 1;
    }

    @Override
    boolean isCountable() {
        return true;
    }

    @Override
    List<Object> values() {
        return Collections.singletonList(embed);
    }

    @Override
    Content copy() {
        return new ContentEmbed(embed, json);
    }

    @Override
    Content splice(int offset) {
        throw new IllegalStateException("an embed has length 1 and cannot be split");
    }

    @Override
    void write(Lib0Encoder encoder, int offset) {
        encoder.writeVarString(json);
    }
}
