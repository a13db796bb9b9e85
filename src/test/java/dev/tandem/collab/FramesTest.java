package dev.tandem.collab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.crdt.MalformedUpdateException;
import dev.tandem.crdt.YDoc;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The wire format, byte for byte against frames recorded from y-protocols ({@code shared/yjs-vectors}). */
class FramesTest {

    private static final JsonNode VECTORS = load();

    private static JsonNode load() {
        try {
            return new ObjectMapper().readTree(Path.of("../shared/yjs-vectors/y-protocols-frames.json").toFile());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] b64(String field) {
        return Base64.getDecoder().decode(VECTORS.at(field).asText());
    }

    @Test
    void smallEditsAndAwarenessAreQuickButNotASyncStep1OrALargeMessage() {
        byte[] word = "hello".getBytes();
        assertThat(Frames.isQuick(Frames.sync(Frames.SYNC_UPDATE, word))).isTrue();
        assertThat(Frames.isQuick(Frames.sync(Frames.SYNC_STEP2, word))).isTrue();
        assertThat(Frames.isQuick(Frames.awareness(word))).isTrue();
        // its answer encodes the whole document
        assertThat(Frames.isQuick(Frames.sync(Frames.SYNC_STEP1, new YDoc().encodeStateVector()))).isFalse();
        assertThat(Frames.isQuick(Frames.sync(Frames.SYNC_UPDATE, new byte[Frames.QUICK_BYTES]))).isFalse();
        assertThat(Frames.isQuick(new byte[] {Frames.QUERY_AWARENESS})).isFalse();
        assertThat(Frames.isQuick(new byte[0])).isFalse();
    }

    @Test
    void syncFramesMatchYProtocols() {
        YDoc doc = new YDoc();
        doc.applyUpdate(b64("/doc_state_update_v1"));
        assertThat(Frames.sync(Frames.SYNC_STEP1, doc.encodeStateVector())).isEqualTo(b64("/frames/sync_step1_of_doc"));
        assertThat(Frames.sync(Frames.SYNC_STEP1, new YDoc().encodeStateVector())).isEqualTo(b64("/frames/sync_step1_empty_doc"));
        assertThat(Frames.sync(Frames.SYNC_UPDATE, b64("/doc_state_update_v1"))).isEqualTo(b64("/frames/sync_update_doc_state"));
        Frames.Message step2 = Frames.decode(b64("/frames/sync_step2_doc_for_empty_sv"));
        assertThat(step2.type()).isEqualTo(Frames.SYNC);
        assertThat(step2.syncType()).isEqualTo(Frames.SYNC_STEP2);
        assertThat(step2.data()).isEqualTo(b64("/doc_state_update_v1"));
    }

    @Test
    void awarenessFramesMatchYProtocols() {
        Frames.Message update = Frames.decode(b64("/frames/awareness_update"));
        List<Awareness.Entry> entries = Awareness.decode(update.data());
        assertThat(entries).containsExactly(new Awareness.Entry(77, 2, VECTORS.at("/awareness/update_state_json_string").asText()));
        assertThat(Frames.awareness(Awareness.encode(entries))).isEqualTo(b64("/frames/awareness_update"));
        List<Awareness.Entry> removal = Awareness.decode(Frames.decode(b64("/frames/awareness_remove")).data());
        assertThat(removal).containsExactly(new Awareness.Entry(77, 3, "null"));
        assertThat(Frames.decode(b64("/frames/query_awareness")).type()).isEqualTo(Frames.QUERY_AWARENESS);
    }

    @Test
    void awarenessStatesBelongToTheirConnection() {
        Awareness awareness = new Awareness(1000);
        Object ana = new Object();
        Object bob = new Object();
        assertThat(awareness.apply(List.of(new Awareness.Entry(1, 1, "{}")), ana, 0)).hasSize(1);
        assertThat(awareness.apply(List.of(new Awareness.Entry(1, 5, "null")), bob, 0)).isEmpty();
        assertThat(awareness.apply(List.of(new Awareness.Entry(1, 1, "{\"old\":1}")), ana, 0)).isEmpty();
        assertThat(awareness.removeOwnedBy(ana)).containsExactly(new Awareness.Entry(1, 2, "null"));
        assertThat(awareness.isEmpty()).isTrue();
    }

    @Test
    void brokenFramesAreRefused() {
        assertThatThrownBy(() -> Frames.decode(new byte[] {0, 2, 9, 1})).isInstanceOf(MalformedUpdateException.class);
        assertThatThrownBy(() -> Frames.decode(new byte[] {42})).isInstanceOf(MalformedUpdateException.class);
        assertThatThrownBy(() -> Frames.decode(new byte[] {0, 7, 0})).isInstanceOf(MalformedUpdateException.class);
        assertThatThrownBy(() -> Frames.decode(new byte[] {3, 0})).isInstanceOf(MalformedUpdateException.class);
        assertThatThrownBy(() -> Frames.decode(new byte[0])).isInstanceOf(MalformedUpdateException.class);
    }

    @Test
    void aUrlPathSegmentDecodesToAWorkspaceFile() {
        assertThat(CollabAdmission.parse("/collab/12/src%2Fmain%2FApp%20x+y.java")).contains(new RoomKey(12, "src/main/App x+y.java"));
        assertThat(CollabAdmission.parse("/collab/12/src/App.java")).contains(new RoomKey(12, "src/App.java"));
        assertThat(CollabAdmission.parse("/collab/12")).contains(new RoomKey(12, ""));
        assertThat(CollabAdmission.parse("/collab/x/a")).isEmpty();
        assertThat(CollabAdmission.parse("/collab/12/%zz")).isEmpty();
        assertThat(CollabAdmission.parse("/collab/12/%ff")).isEmpty();
    }
}
