package dev.tandem.crdt;


/** An embed in rich text (an image, a formula...): one JSON value at one text position. */
final class ContentEmbed extends SingleContent {
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
    Object value() {
        return embed;
    }

    @Override
    Content copy() {
        return new ContentEmbed(embed, json);
    }

    @Override
    void write(Lib0Encoder encoder, int offset) {
        encoder.writeVarString(json);
    }
}
