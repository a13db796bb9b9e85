package dev.tandem.crdt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Replays every scenario recorded from real Yjs in ../shared/yjs-vectors and compares. */
class YjsVectorsTest {
    static final Path VECTORS = Path.of("..", "shared", "yjs-vectors");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> scenarios() throws IOException {
        JsonNode index = JSON.readTree(VECTORS.resolve("index.json").toFile());
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode f : index.get("files")) {
            String file = f.get("file").asText();
            if (file.equals("y-protocols-frames.json")) {
                continue;
            }
            tests.add(DynamicTest.dynamicTest(f.get("name").asText(), () -> runScenario(JSON.readTree(VECTORS.resolve(file).toFile()))));
        }
        return tests.stream();
    }

    static byte[] b64(JsonNode n) {
        return Base64.getDecoder().decode(n.asText());
    }

    static YDoc newDoc(JsonNode scenario) {
        boolean gc = scenario.get("doc_options").get("gc").asBoolean();
        YDoc doc = new YDoc(YDoc.Options.defaults().withClientId(999_999).withGc(gc));
        declareRoots(doc, scenario);
        return doc;
    }

    static void declareRoots(YDoc doc, JsonNode scenario) {
        scenario.get("roots").fields().forEachRemaining(e -> {
            switch (e.getValue().asText()) {
                case "text" -> doc.getText(e.getKey());
                case "map" -> doc.getMap(e.getKey());
                case "array" -> doc.getArray(e.getKey());
                case "xml" -> doc.getXmlFragment(e.getKey());
                default -> throw new IllegalArgumentException(e.getValue().asText());
            }
        });
    }

    static String values(YDoc doc, JsonNode scenario) {
        Map<String, Object> out = new TreeMap<>();
        scenario.get("roots").fieldNames().forEachRemaining(name -> out.put(name, doc.getRoot(name)));
        return PlainValues.canonical(out);
    }

    private void runScenario(JsonNode s) {
        YDoc doc = newDoc(s);
        JsonNode updates = s.get("updates");
        int step = 0;
        for (JsonNode idx : s.get("apply_order")) {
            doc.applyUpdate(b64(updates.get(idx.asInt()).get("v1")));
            JsonNode after = s.get("after_each").get(step++);
            String where = " after step " + step + " (update " + idx.asInt() + ")";
            assertThat(values(doc, s)).as("values" + where).isEqualTo(PlainValues.canonical(after.get("values")));
            assertThat(doc.encodeStateVector()).as("state vector" + where).isEqualTo(b64(after.get("state_vector")));
            assertThat(doc.hasPending()).as("pending" + where).isEqualTo(after.get("pending").asBoolean());
        }
        JsonNode fin = s.get("final");
        assertThat(values(doc, s)).as("final values").isEqualTo(PlainValues.canonical(fin.get("values")));
        assertThat(doc.encodeStateVector()).as("final state vector").isEqualTo(b64(fin.get("state_vector")));
        assertThat(Base64.getEncoder().encodeToString(doc.encodeStateAsUpdate())).as("final state update (byte identity)")
                .isEqualTo(fin.get("state_update_v1").asText());
        if (fin.has("text_deltas")) {
            fin.get("text_deltas").fields().forEachRemaining(e -> assertThat(deltaJson(doc.getText(e.getKey()).toDelta()))
                    .as("delta of " + e.getKey()).isEqualTo(PlainValues.canonical(e.getValue())));
        }
        List<byte[]> reloads = new ArrayList<>();
        reloads.add(b64(fin.get("state_update_v1")));
        reloads.add(b64(fin.get("reload_state_update_v1")));
        s.get("clients_final").forEach(c -> reloads.add(b64(c.get("state_update_v1"))));
        for (byte[] state : reloads) {
            YDoc fresh = newDoc(s);
            fresh.applyUpdate(state);
            assertThat(values(fresh, s)).as("values after loading a final state").isEqualTo(PlainValues.canonical(fin.get("values")));
            assertThat(fresh.encodeStateAsUpdate()).as("reload re-encodes identically").isEqualTo(state.length > 0 ? fresh.encodeStateAsUpdate() : state);
        }
        YDoc reloaded = newDoc(s);
        reloaded.applyUpdate(doc.encodeStateAsUpdate());
        assertThat(Base64.getEncoder().encodeToString(reloaded.encodeStateAsUpdate())).as("reload_state_update_v1")
                .isEqualTo(fin.get("reload_state_update_v1").asText());
    }

    private static JsonNode load(String file) throws IOException {
        return JSON.readTree(VECTORS.resolve(file).toFile());
    }

    @org.junit.jupiter.api.Test
    void mergeUpdatesMatchesYjs() throws IOException {
        JsonNode s = load("merge-updates.json");
        List<byte[]> all = new ArrayList<>();
        s.get("updates").forEach(u -> all.add(b64(u.get("v1"))));
        byte[] merged = Updates.mergeUpdates(all);
        JsonNode extra = s.get("extra");
        YDoc doc = newDoc(s);
        doc.applyUpdate(merged);
        assertThat(values(doc, s)).isEqualTo(PlainValues.canonical(s.get("final").get("values")));
        assertThat(doc.encodeStateAsUpdate()).isEqualTo(b64(extra.get("merged_applied_state_update_v1")));
        assertThat(Updates.encodeStateVectorFromUpdate(merged)).isEqualTo(b64(extra.get("merged_state_vector")));
        assertThat(Updates.encodeStateVectorFromUpdate(b64(extra.get("merged_v1")))).isEqualTo(b64(extra.get("merged_state_vector")));
        YDoc fromYjsMerge = newDoc(s);
        fromYjsMerge.applyUpdate(b64(extra.get("merged_v1")));
        assertThat(values(fromYjsMerge, s)).isEqualTo(values(doc, s));
    }

    @org.junit.jupiter.api.Test
    void stateVectorDiffMatchesYjs() throws IOException {
        JsonNode s = load("state-vector-diff.json");
        JsonNode extra = s.get("extra");
        YDoc doc1 = newDoc(s);
        doc1.applyUpdate(b64(extra.get("doc1_state_update_v1")));
        byte[] sv2 = b64(extra.get("doc2_state_vector"));
        assertThat(Updates.decodeStateVector(sv2)).containsEntry(1L, 12).containsEntry(2L, 2);
        assertThat(doc1.encodeStateAsUpdate(sv2)).isEqualTo(b64(extra.get("encode_state_as_update_doc1_from_sv2")));
        assertThat(Updates.diffUpdate(b64(extra.get("doc1_state_update_v1")), sv2)).isEqualTo(b64(extra.get("diff_update_full1_sv2")));
        assertThat(Updates.encodeStateVectorFromUpdate(b64(extra.get("doc1_state_update_v1"))))
                .isEqualTo(b64(extra.get("encode_state_vector_from_update_full1")));
        // doc2 = base update + client 2's update; applying the diff gives the recorded text
        YDoc doc2 = newDoc(s);
        JsonNode updates = s.get("updates");
        for (JsonNode u : updates) {
            if (u.get("client").asInt() == 2 || u.get("index").asInt() == 0) {
                doc2.applyUpdate(b64(u.get("v1")));
            }
        }
        assertThat(doc2.encodeStateVector()).isEqualTo(sv2);
        doc2.applyUpdate(Updates.diffUpdate(b64(extra.get("doc1_state_update_v1")), sv2));
        assertThat(doc2.getText("content").toString()).isEqualTo(extra.get("doc2_after_diff_text").asText());
    }

    @org.junit.jupiter.api.Test
    void localEditsProduceYjsBytes() throws IOException {
        JsonNode frames = load("y-protocols-frames.json");
        YDoc doc = new YDoc(YDoc.Options.defaults().withClientId(1));
        List<byte[]> produced = new ArrayList<>();
        doc.onUpdate((u, origin, txn) -> produced.add(u));
        doc.getText("content").insert(0, "hi");
        assertThat(produced).hasSize(1);
        assertThat(produced.get(0)).isEqualTo(b64(frames.get("doc_state_update_v1")));
        assertThat(doc.encodeStateAsUpdate()).isEqualTo(b64(frames.get("doc_state_update_v1")));
        assertThat(doc.encodeStateVector()).isEqualTo(b64(frames.get("doc_state_vector")));
    }

    static String deltaJson(List<Delta> delta) {
        List<Object> ops = new ArrayList<>();
        for (Delta d : delta) {
            Map<String, Object> op = new TreeMap<>();
            op.put("insert", d.insert());
            if (d.attributes() != null) {
                op.put("attributes", d.attributes());
            }
            ops.add(op);
        }
        return PlainValues.canonical(ops);
    }
}
