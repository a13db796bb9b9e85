package dev.tandem.collab;

import dev.tandem.crdt.YDoc;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The first state of a document made from a file's text. Its client ID is derived from the text, so
 * two seeds of the same text are the same Yjs update: if a room's history were ever lost and the
 * room seeded again from an unchanged file, clients still holding the old document merge with the
 * new one without doubling the text.
 */
final class Seed {

    private Seed() {
    }

    static byte[] of(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        YDoc seed = new YDoc(YDoc.Options.defaults().withClientId(crc.getValue()));
        if (!text.isEmpty()) {
            seed.getText("content").insert(0, text);
        }
        return seed.encodeStateAsUpdate();
    }
}
