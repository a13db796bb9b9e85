package dev.tandem.crdt;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The README example and the public API's events, nested types and sub-documents. */
class ApiTest {

    @Test
    void readmeTwoDocumentSync() {
        YDoc server = new YDoc();
        YDoc client = new YDoc();
        server.onUpdate((update, origin, txn) -> client.applyUpdate(update, "server"));
        client.onUpdate((update, origin, txn) -> { if (!"server".equals(origin)) server.applyUpdate(update, "client"); });

        server.getText("content").insert(0, "hello");
        client.getText("content").insert(5, " world");

        assertThat(server.getText("content").toString()).isEqualTo("hello world");
        assertThat(Arrays.equals(server.encodeStateVector(), client.encodeStateVector())).isTrue();
    }

    /** Expected deltas recorded from Yjs 13.6.33 for the same edits (local and remote). */
    @Test
    void textEventsReportFormattingOfRetainedText() {
        YDoc a = new YDoc(YDoc.Options.defaults().withClientId(1));
        YDoc b = new YDoc(YDoc.Options.defaults().withClientId(2));
        a.onUpdate((u, o, txn) -> b.applyUpdate(u));
        YText t = a.getText("t");
        List<String> local = new ArrayList<>();
        List<String> remote = new ArrayList<>();
        t.observe(e -> local.add(DifferentialTest.canonicalDelta(e.delta())));
        b.getText("t").observe(e -> remote.add(DifferentialTest.canonicalDelta(e.delta())));
        Map<String, Object> unbold = new java.util.LinkedHashMap<>();
        unbold.put("bold", null);
        unbold.put("italic", "x");

        t.insert(0, "hello world");
        t.format(0, 5, Map.of("bold", true));
        t.format(2, 6, unbold);
        t.insert(3, "ABC", Map.of("color", "red"));
        a.transact(txn -> {
            t.delete(0, 1);
            t.format(5, 3, Map.of("bold", true));
        });

        List<String> expected = List.of(
                "[{\"insert\":\"hello world\"}]",
                "[{\"attributes\":{\"bold\":true},\"retain\":5}]",
                "[{\"retain\":2},{\"attributes\":{\"bold\":null,\"italic\":\"x\"},\"retain\":6},{\"attributes\":{\"bold\":null},\"retain\":3}]",
                "[{\"retain\":3},{\"attributes\":{\"color\":\"red\"},\"insert\":\"ABC\"}]",
                "[{\"delete\":1},{\"retain\":5},{\"attributes\":{\"bold\":true},\"retain\":3}]");
        assertThat(local).isEqualTo(expected);
        assertThat(remote).isEqualTo(expected);
        assertThat(DifferentialTest.canonicalDelta(b.getText("t").toDelta())).isEqualTo(
                "[{\"attributes\":{\"bold\":true},\"insert\":\"e\"},{\"attributes\":{\"italic\":\"x\"},\"insert\":\"l\"},"
                        + "{\"attributes\":{\"color\":\"red\"},\"insert\":\"ABC\"},{\"attributes\":{\"bold\":true,\"italic\":\"x\"},\"insert\":\"lo \"},"
                        + "{\"attributes\":{\"italic\":\"x\"},\"insert\":\"wo\"},{\"insert\":\"rld\"}]");
    }

    @Test
    void eventsCarryDeltasAndKeyChanges() {
        YDoc doc = new YDoc();
        YText text = doc.getText("t");
        YMap map = doc.getMap("m");
        YArray array = doc.getArray("a");
        text.insert(0, "abcdef");
        map.set("x", 1);
        array.push(List.of(1, 2, 3));
        List<List<Delta>> textDeltas = new ArrayList<>();
        List<Map<String, YEvent.KeyChange>> keys = new ArrayList<>();
        List<List<Delta>> arrayDeltas = new ArrayList<>();
        text.observe(e -> textDeltas.add(e.delta()));
        map.observe(e -> keys.add(e.keys()));
        array.observe(e -> arrayDeltas.add(e.delta()));
        doc.transact(txn -> {
            text.delete(1, 2);
            text.insert(4, "XY", Map.of("bold", true));
            map.set("x", 2);
            map.set("y", "new");
            array.delete(0, 1);
            array.insert(2, List.of("z"));
        });
        assertThat(textDeltas).containsExactly(List.of(Delta.retain(1), Delta.delete(2), Delta.retain(3),
                Delta.insert("XY", Map.of("bold", true))));
        assertThat(keys.get(0)).containsEntry("x", new YEvent.KeyChange(YEvent.Action.UPDATE, 1))
                .containsEntry("y", new YEvent.KeyChange(YEvent.Action.ADD, Undefined.INSTANCE));
        assertThat(arrayDeltas).containsExactly(List.of(Delta.delete(1), Delta.retain(2), Delta.insert(List.of("z"), null)));
        assertThat(text.toDelta()).containsExactly(Delta.insert("adef", null), Delta.insert("XY", Map.of("bold", true)));
    }

    @Test
    void nestedTypesAndSubdocumentsRoundTrip() {
        YDoc doc = new YDoc();
        YMap root = doc.getMap("root");
        YText nested = new YText("pre");
        root.set("text", nested);
        nested.insert(3, "lim");
        YArray list = new YArray();
        list.push(List.of(1, new YMap()));
        root.set("list", list);
        ((YMap) list.get(1)).set("deep", true);
        root.set("sub", new YDoc(YDoc.Options.defaults().withGuid("sub-guid")));
        List<List<Object>> paths = new ArrayList<>();
        root.observeDeep(events -> events.forEach(e -> paths.add(e.pathFrom(root))));
        ((YMap) list.get(1)).set("deep", false);
        assertThat(paths).containsExactly(List.of("list", 1));

        YDoc copy = new YDoc();
        copy.applyUpdate(doc.encodeStateAsUpdate());
        YMap copied = copy.getMap("root");
        assertThat(copied.get("text").toString()).isEqualTo("prelim");
        assertThat(copied.toJson()).isEqualTo(root.toJson());
        assertThat(((YDoc) copied.get("sub")).guid()).isEqualTo("sub-guid");
        assertThat(copy.subdocs()).hasSize(1);
        assertThat(copy.encodeStateAsUpdate()).isEqualTo(doc.encodeStateAsUpdate());
    }

    @Test
    void rootsReceivedBeforeTheyAreNamedKeepTheirContent() {
        YDoc a = new YDoc();
        a.getArray("later").push(List.of("x", 2));
        YDoc b = new YDoc();
        b.applyUpdate(a.encodeStateAsUpdate());
        assertThat(b.rootNames()).contains("later");
        assertThat(b.getArray("later").toList()).containsExactly("x", 2);
        assertThat(b.encodeStateAsUpdate()).isEqualTo(a.encodeStateAsUpdate());
    }

    @Test
    void gcCanBeTurnedOffToKeepHistory() {
        YDoc doc = new YDoc(YDoc.Options.defaults().withGc(false));
        doc.getText("t").insert(0, "keep me");
        doc.getText("t").delete(0, 5);
        YDoc gcDoc = new YDoc();
        gcDoc.getText("t").insert(0, "keep me");
        gcDoc.getText("t").delete(0, 5);
        assertThat(doc.encodeStateAsUpdate().length).isGreaterThan(gcDoc.encodeStateAsUpdate().length);
    }
}
