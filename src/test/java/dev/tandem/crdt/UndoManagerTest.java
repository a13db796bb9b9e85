package dev.tandem.crdt;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class UndoManagerTest {
    private static YjsOracle oracle;

    @BeforeAll
    static void start() throws Exception {
        oracle = new YjsOracle();
    }

    @AfterAll
    static void stop() {
        oracle.close();
    }

    @Test
    void undoesOnlyOwnChanges() {
        YDoc alice = new YDoc(YDoc.Options.defaults().withClientId(1));
        YDoc bob = new YDoc(YDoc.Options.defaults().withClientId(2));
        alice.onUpdate((u, o, t) -> bob.applyUpdate(u, "net"));
        bob.onUpdate((u, o, t) -> {
            if (!"net".equals(o)) {
                alice.applyUpdate(u, "net");
            }
        });
        YText text = alice.getText("t");
        UndoManager undo = new UndoManager(List.of(text), Set.of(), 0, () -> 0);
        text.insert(0, "hello");
        bob.getText("t").insert(5, " world");
        text.insert(0, ">> ");
        assertThat(text.toString()).isEqualTo(">> hello world");
        undo.undo();
        assertThat(text.toString()).isEqualTo("hello world");
        undo.undo();
        assertThat(text.toString()).isEqualTo(" world");
        assertThat(bob.getText("t").toString()).isEqualTo(" world");
        undo.redo();
        assertThat(text.toString()).isEqualTo("hello world");
        undo.redo();
        assertThat(text.toString()).isEqualTo(">> hello world");
        assertThat(undo.canRedo()).isFalse();
    }

    @Test
    void captureTimeoutGroupsChanges() {
        long[] now = {1000};
        YDoc doc = new YDoc();
        YText text = doc.getText("t");
        UndoManager undo = new UndoManager(List.of(text), Set.of(), 500, () -> now[0]);
        text.insert(0, "a");
        now[0] += 100;
        text.insert(1, "b");
        now[0] += 1000;
        text.insert(2, "c");
        undo.undo();
        assertThat(text.toString()).isEqualTo("ab");
        undo.undo();
        assertThat(text.toString()).isEmpty();
    }

    /**
     * A Java document and a Yjs document with the same client ID ("twins") get the same local
     * edits, undos and redos and the same remote edits; they must stay equal and produce
     * byte-identical updates.
     */
    @Test
    void behavesLikeYjsUndoManager() {
        for (long seed = 1; seed <= 150; seed++) {
            try {
                twinSession(seed);
            } catch (Throwable e) {
                throw new AssertionError("undo session failed at seed " + seed, e);
            }
        }
    }

    private void twinSession(long seed) {
        Random rnd = new Random(seed);
        oracle.call(Map.of("cmd", "reset"));
        DifferentialTest.JavaPeer java = new DifferentialTest.JavaPeer(1, rnd.nextBoolean());
        oracle.call(Map.of("cmd", "new", "id", 1, "clientId", 1, "gc", java.doc.gcEnabled()));
        oracle.call(Map.of("cmd", "new", "id", 2, "clientId", 2, "gc", true));
        oracle.call(Map.of("cmd", "undoManager", "id", 1));
        UndoManager undo = new UndoManager(List.of(java.doc.getText("t"), java.doc.getMap("m")), Set.of(), 0, () -> 0);
        for (int step = 0; step < 40; step++) {
            int k = rnd.nextInt(10);
            List<byte[]> javaUpdates;
            List<byte[]> yjsUpdates = new ArrayList<>();
            List<String> yjsEvents = new ArrayList<>();
            if (k < 4) {
                Map<String, Object> op = op(rnd, java.doc.getText("t").length());
                javaUpdates = java.op(op);
                JsonNode reply = oracle.call(Map.of("cmd", "op", "id", 1, "op", op));
                reply.get("updates").forEach(u -> yjsUpdates.add(YjsOracle.unb64(u)));
                reply.get("events").forEach(e -> yjsEvents.add(PlainValues.canonical(e)));
            } else if (k < 7) {
                String cmd = k < 6 ? "undo" : "redo";
                boolean changed = k < 6 ? undo.undo() : undo.redo();
                javaUpdates = java.drain();
                JsonNode reply = oracle.call(Map.of("cmd", cmd, "id", 1));
                reply.get("updates").forEach(u -> yjsUpdates.add(YjsOracle.unb64(u)));
                reply.get("events").forEach(e -> yjsEvents.add(PlainValues.canonical(e)));
                assertThat(changed).as(cmd + " changed").isEqualTo(reply.get("changed").asBoolean());
            } else {
                JsonNode view = oracle.call(Map.of("cmd", "op", "id", 2, "op", op(rnd, peerLength())));
                for (JsonNode u : view.get("updates")) {
                    java.apply(YjsOracle.unb64(u));
                    oracle.call(Map.of("cmd", "apply", "id", 1, "update", u.asText()))
                            .get("events").forEach(e -> yjsEvents.add(PlainValues.canonical(e)));
                }
                javaUpdates = List.of();
            }
            assertThat(javaUpdates.stream().map(YjsOracle::b64).toList()).as("step " + step + " updates")
                    .isEqualTo(yjsUpdates.stream().map(YjsOracle::b64).toList());
            assertThat(java.events()).as("step " + step + " text event deltas").isEqualTo(yjsEvents);
            for (byte[] u : javaUpdates) {
                oracle.call(Map.of("cmd", "apply", "id", 2, "update", YjsOracle.b64(u)));
            }
            String yjs = DifferentialTest.yjsSnapshot(oracle.call(Map.of("cmd", "snapshot", "id", 1)));
            assertThat(java.snapshot()).as("step " + step).isEqualTo(yjs);
        }
    }

    private int peerLength() {
        return oracle.call(Map.of("cmd", "op", "id", 2, "op", Map.of("kind", "mapDelete", "key", "zz"))).get("view").get("t").asInt();
    }

    private static Map<String, Object> op(Random rnd, int len) {
        Map<String, Object> op = new LinkedHashMap<>();
        int k = rnd.nextInt(10);
        if (k < 5 || len == 0) {
            op.put("kind", "textInsert");
            op.put("index", rnd.nextInt(len + 1));
            op.put("text", List.of("a", "bc", "xyz", "é", "中文", "hello ").get(rnd.nextInt(6)));
        } else if (k < 8) {
            int index = rnd.nextInt(len);
            op.put("kind", "textDelete");
            op.put("index", index);
            op.put("len", 1 + rnd.nextInt(Math.min(6, len - index)));
        } else {
            op.put("kind", "mapSet");
            op.put("key", String.valueOf((char) ('a' + rnd.nextInt(3))));
            op.put("value", rnd.nextInt(100));
        }
        return op;
    }
}
