package dev.tandem.crdt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random multi-peer sessions, half Java documents and half real Yjs documents, with updates
 * delayed, reordered, duplicated, merged and diffed on the way; all peers must converge, and
 * each side's full state must load on the other side to the same values.
 *
 * <p>Every peer has a twin of the other implementation with the same client ID that gets the
 * same edits and the same incoming updates: the twins must produce byte-identical updates and
 * the same text event deltas (inserts with attributes, retains carrying formatting changes,
 * deletes), for local edits and for applied updates alike.
 *
 * <p>{@code -Dcrdt.diff.sessions=N} sets the number of sessions (default 300),
 * {@code -Dcrdt.diff.seed=S} the first seed; a failure names the seed to replay with
 * {@code -Dcrdt.diff.sessions=1 -Dcrdt.diff.seed=S}.
 */
class DifferentialTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] PIECES = {
        "a", "b", "c", "hello", " ", "\n", "é", "ü", "中", "文字", "한국어", "😀", "👍🏽", "👩‍👩‍👧", "a\u0301",
        "𝒳", "🏳️‍🌈", "xyz", "Lorem ipsum dolor sit amet, ", "\t", "\"q\"", "\\",
    };
    private static YjsOracle oracle;

    @BeforeAll
    static void startOracle() throws Exception {
        oracle = new YjsOracle();
    }

    @AfterAll
    static void stopOracle() {
        if (oracle != null) {
            oracle.close();
        }
    }

    @Test
    void randomSessionsConvergeWithRealYjs() {
        int sessions = Integer.getInteger("crdt.diff.sessions", 300);
        long firstSeed = Long.getLong("crdt.diff.seed", 1L);
        for (long seed = firstSeed; seed < firstSeed + sessions; seed++) {
            try {
                new Session(seed).run();
            } catch (Throwable e) {
                throw new AssertionError("differential session failed; replay with -Dcrdt.diff.sessions=1 -Dcrdt.diff.seed=" + seed, e);
            }
        }
    }

    interface Peer {
        JsonNode view();

        List<byte[]> op(Map<String, Object> op);

        List<byte[]> apply(byte[] update);

        byte[] state(byte[] sv);

        byte[] stateVector();

        String snapshot();

        /** Deltas of the events on the text 't' since the last call, as canonical JSON. */
        List<String> events();
    }

    static String canonicalDelta(List<Delta> delta) {
        List<Object> ops = new ArrayList<>();
        for (Delta d : delta) {
            Map<String, Object> op = new TreeMap<>();
            if (d.isInsert()) {
                op.put("insert", d.insert());
            }
            if (d.isRetain()) {
                op.put("retain", d.retain());
            }
            if (d.isDelete()) {
                op.put("delete", d.delete());
            }
            if (d.attributes() != null) {
                op.put("attributes", d.attributes());
            }
            ops.add(op);
        }
        return PlainValues.canonical(ops);
    }

    static final class JavaPeer implements Peer {
        final YDoc doc;
        final List<byte[]> produced = new ArrayList<>();
        final List<String> events = new ArrayList<>();

        JavaPeer(long clientId, boolean gc) {
            doc = new YDoc(YDoc.Options.defaults().withClientId(clientId).withGc(gc));
            // read the delta inside the observer, as editors do (and as the Yjs twin does)
            doc.getText("t").observe(e -> events.add(canonicalDelta(e.delta())));
            doc.getMap("m");
            doc.getArray("a");
            doc.onUpdate((u, origin, txn) -> {
                if (!"remote".equals(origin)) {
                    produced.add(u);
                }
            });
        }

        @Override
        public JsonNode view() {
            Map<String, Object> v = new HashMap<>();
            v.put("t", doc.getText("t").length());
            v.put("ts", doc.getText("t").toString());
            v.put("nts", doc.getMap("m").get("nt") instanceof YText nt ? nt.toString() : "");
            v.put("a", doc.getArray("a").length());
            Object nt = doc.getMap("m").get("nt");
            Object na = doc.getMap("m").get("na");
            v.put("nt", nt instanceof YText t ? t.length() : -1);
            v.put("na", na instanceof YArray a ? a.length() : -1);
            int amap = -1;
            List<Object> items = doc.getArray("a").toList();
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i) instanceof YMap) {
                    amap = i;
                    break;
                }
            }
            v.put("amap", amap);
            return JSON.valueToTree(v);
        }

        @Override
        @SuppressWarnings("unchecked")
        public List<byte[]> op(Map<String, Object> op) {
            YText t = doc.getText("t");
            YMap m = doc.getMap("m");
            YArray a = doc.getArray("a");
            int index = op.get("index") instanceof Integer i ? i : 0;
            int len = op.get("len") instanceof Integer l ? l : 0;
            switch ((String) op.get("kind")) {
                case "textInsert" -> t.insert(index, (String) op.get("text"), (Map<String, Object>) op.get("attrs"));
                case "textDelete" -> t.delete(index, len);
                case "textFormat" -> t.format(index, len, (Map<String, Object>) op.get("attrs"));
                case "mapSet" -> m.set((String) op.get("key"), value(op.get("value")));
                case "mapDelete" -> m.delete((String) op.get("key"));
                case "arrayInsert" -> a.insert(index, values((List<Object>) op.get("values")));
                case "arrayDelete" -> a.delete(index, len);
                case "nestedTextInsert" -> ((YText) m.get("nt")).insert(index, (String) op.get("text"));
                case "nestedTextDelete" -> ((YText) m.get("nt")).delete(index, len);
                case "nestedArrayInsert" -> ((YArray) m.get("na")).insert(index, values((List<Object>) op.get("values")));
                case "nestedArrayDelete" -> ((YArray) m.get("na")).delete(index, len);
                case "arrayMapSet" -> ((YMap) a.get((Integer) op.get("at"))).set((String) op.get("key"), value(op.get("value")));
                default -> throw new IllegalArgumentException(op.toString());
            }
            return drain();
        }

        List<byte[]> drain() {
            List<byte[]> out = new ArrayList<>(produced);
            produced.clear();
            return out;
        }

        private static List<Object> values(List<Object> vs) {
            List<Object> out = new ArrayList<>();
            for (Object v : vs) {
                out.add(value(v));
            }
            return out;
        }

        @SuppressWarnings("unchecked")
        private static Object value(Object v) {
            if (v instanceof Map<?, ?> m) {
                if (m.containsKey("$binary")) {
                    return Base64.getDecoder().decode((String) m.get("$binary"));
                }
                if (m.containsKey("$ytext")) {
                    return new YText((String) m.get("$ytext"));
                }
                if (m.containsKey("$ymap")) {
                    YMap y = new YMap();
                    ((Map<String, Object>) m.get("$ymap")).forEach((k, x) -> y.set(k, value(x)));
                    return y;
                }
                if (m.containsKey("$yarray")) {
                    YArray y = new YArray();
                    y.push(values((List<Object>) m.get("$yarray")));
                    return y;
                }
            }
            return v;
        }

        @Override
        public List<byte[]> apply(byte[] update) {
            doc.applyUpdate(update, "remote");
            return drain();
        }

        @Override
        public byte[] state(byte[] sv) {
            return doc.encodeStateAsUpdate(sv);
        }

        @Override
        public byte[] stateVector() {
            return doc.encodeStateVector();
        }

        @Override
        public String snapshot() {
            return javaSnapshot(doc);
        }

        @Override
        public List<String> events() {
            List<String> out = new ArrayList<>(events);
            events.clear();
            return out;
        }
    }

    static String javaSnapshot(YDoc doc) {
        Map<String, Object> values = new TreeMap<>();
        values.put("t", doc.getText("t"));
        values.put("m", doc.getMap("m"));
        values.put("a", doc.getArray("a"));
        List<Object> delta = new ArrayList<>();
        for (Delta d : doc.getText("t").toDelta()) {
            Map<String, Object> op = new TreeMap<>();
            op.put("insert", d.insert());
            if (d.attributes() != null) {
                op.put("attributes", d.attributes());
            }
            delta.add(op);
        }
        Map<String, Object> snap = new TreeMap<>();
        snap.put("values", values);
        snap.put("delta", delta);
        return PlainValues.canonical(snap);
    }

    static String yjsSnapshot(JsonNode reply) {
        try {
            return PlainValues.canonical(JSON.readTree(reply.get("snapshot").asText()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static final class YjsPeer implements Peer {
        final int id;
        JsonNode view;
        final List<String> events = new ArrayList<>();

        YjsPeer(int id, long clientId, boolean gc) {
            this.id = id;
            view = oracle.call(Map.of("cmd", "new", "id", id, "clientId", clientId, "gc", gc)).get("view");
        }

        @Override
        public JsonNode view() {
            return view;
        }

        private List<byte[]> updates(JsonNode reply) {
            view = reply.get("view");
            reply.get("events").forEach(e -> events.add(PlainValues.canonical(e)));
            List<byte[]> out = new ArrayList<>();
            reply.get("updates").forEach(u -> out.add(YjsOracle.unb64(u)));
            return out;
        }

        @Override
        public List<byte[]> op(Map<String, Object> op) {
            return updates(oracle.call(Map.of("cmd", "op", "id", id, "op", op)));
        }

        @Override
        public List<byte[]> apply(byte[] update) {
            return updates(oracle.call(Map.of("cmd", "apply", "id", id, "update", YjsOracle.b64(update))));
        }

        @Override
        public byte[] state(byte[] sv) {
            Map<String, Object> cmd = new HashMap<>(Map.of("cmd", "state", "id", id));
            if (sv != null) {
                cmd.put("sv", YjsOracle.b64(sv));
            }
            return YjsOracle.unb64(oracle.call(cmd).get("update"));
        }

        @Override
        public byte[] stateVector() {
            return YjsOracle.unb64(oracle.call(Map.of("cmd", "sv", "id", id)).get("sv"));
        }

        @Override
        public String snapshot() {
            return yjsSnapshot(oracle.call(Map.of("cmd", "snapshot", "id", id)));
        }

        @Override
        public List<String> events() {
            List<String> out = new ArrayList<>(events);
            events.clear();
            return out;
        }
    }

    /**
     * A peer and its twin of the other implementation (same client ID, same inputs). The twin
     * must produce the same updates byte for byte and the same text event deltas.
     */
    static final class Twin implements Peer {
        final Peer primary;
        final Peer twin;

        Twin(Peer primary, Peer twin) {
            this.primary = primary;
            this.twin = twin;
        }

        private List<byte[]> compare(String what, List<byte[]> a, List<byte[]> b) {
            assertThat(b.stream().map(YjsOracle::b64).toList()).as(what + ": the updates of the twin of " + primary.getClass().getSimpleName())
                    .isEqualTo(a.stream().map(YjsOracle::b64).toList());
            assertThat(twin.events()).as(what + ": the twin's text event deltas").isEqualTo(primary.events());
            return a;
        }

        @Override
        public JsonNode view() {
            return primary.view();
        }

        @Override
        public List<byte[]> op(Map<String, Object> op) {
            if (Boolean.getBoolean("crdt.diff.debug")) {
                System.out.println("STATE " + YjsOracle.b64(primary.state(null)) + " OP " + op);
            }
            return compare("op " + op, primary.op(op), twin.op(op));
        }

        @Override
        public List<byte[]> apply(byte[] update) {
            return compare("applied update", primary.apply(update), twin.apply(update));
        }

        @Override
        public byte[] state(byte[] sv) {
            return primary.state(sv);
        }

        @Override
        public byte[] stateVector() {
            return primary.stateVector();
        }

        @Override
        public String snapshot() {
            return primary.snapshot();
        }

        @Override
        public List<String> events() {
            return primary.events();
        }
    }

    record Message(int to, byte[] update) {
    }

    final class Session {
        final long seed;
        final Random rnd;
        final List<Peer> peers = new ArrayList<>();
        final List<Message> inflight = new ArrayList<>();

        Session(long seed) {
            this.seed = seed;
            this.rnd = new Random(seed);
        }

        void run() {
            oracle.call(Map.of("cmd", "reset"));
            int n = 2 + rnd.nextInt(3);
            boolean gc = rnd.nextInt(4) != 0;
            for (int i = 0; i < n; i++) {
                long clientId = 1 + rnd.nextInt(1000) * 8L + i;
                Peer java = new JavaPeer(clientId, gc);
                Peer yjs = new YjsPeer(i, clientId, gc);
                peers.add(i % 2 == 0 ? new Twin(java, yjs) : new Twin(yjs, java));
            }
            int steps = 10 + rnd.nextInt(70);
            for (int s = 0; s < steps; s++) {
                double r = rnd.nextDouble();
                if (r < 0.55 || inflight.isEmpty()) {
                    int p = rnd.nextInt(n);
                    Map<String, Object> op = randomOp(peers.get(p).view());
                    send(p, peers.get(p).op(op));
                } else if (r < 0.85) {
                    deliver(rnd.nextInt(inflight.size()));
                } else if (r < 0.92) {
                    mergeInbox();
                } else if (r < 0.96) {
                    syncStep();
                } else {
                    diffMessage();
                }
            }
            while (!inflight.isEmpty()) {
                deliver(rnd.nextInt(inflight.size()));
            }
            checkConverged();
        }

        void send(int from, List<byte[]> updates) {
            for (byte[] u : updates) {
                for (int q = 0; q < peers.size(); q++) {
                    if (q != from) {
                        inflight.add(new Message(q, u));
                        if (rnd.nextInt(20) == 0) {
                            inflight.add(new Message(q, u));
                        }
                    }
                }
            }
        }

        void deliver(int i) {
            Message m = inflight.remove(i);
            send(m.to(), peers.get(m.to()).apply(m.update()));
        }

        void mergeInbox() {
            int to = rnd.nextInt(peers.size());
            List<byte[]> batch = new ArrayList<>();
            for (int i = inflight.size() - 1; i >= 0; i--) {
                if (inflight.get(i).to() == to && rnd.nextBoolean()) {
                    batch.add(0, inflight.remove(i).update());
                }
            }
            if (batch.isEmpty()) {
                return;
            }
            byte[] merged;
            if (rnd.nextBoolean()) {
                merged = Updates.mergeUpdates(batch);
            } else {
                List<String> enc = new ArrayList<>();
                batch.forEach(b -> enc.add(YjsOracle.b64(b)));
                merged = YjsOracle.unb64(oracle.call(Map.of("cmd", "merge", "updates", enc)).get("update"));
            }
            inflight.add(new Message(to, merged));
        }

        void syncStep() {
            int a = rnd.nextInt(peers.size());
            int b = rnd.nextInt(peers.size());
            if (a == b) {
                return;
            }
            byte[] update = peers.get(a).state(peers.get(b).stateVector());
            inflight.add(new Message(b, update));
        }

        void diffMessage() {
            int i = rnd.nextInt(inflight.size());
            Message m = inflight.get(i);
            byte[] sv = peers.get(m.to()).stateVector();
            byte[] diff = rnd.nextBoolean()
                    ? Updates.diffUpdate(m.update(), sv)
                    : YjsOracle.unb64(oracle.call(Map.of("cmd", "diff", "update", YjsOracle.b64(m.update()), "sv", YjsOracle.b64(sv))).get("update"));
            inflight.set(i, new Message(m.to(), diff));
        }

        void checkConverged() {
            String expected = peers.get(0).snapshot();
            if (Boolean.getBoolean("crdt.diff.verbose")) {
                for (int i = 0; i < peers.size(); i++) {
                    System.out.println("peer " + i + " " + peers.get(i).getClass().getSimpleName() + ": " + peers.get(i).snapshot());
                }
            }
            byte[] sv0 = peers.get(0).stateVector();
            for (int i = 0; i < peers.size(); i++) {
                Peer p = peers.get(i);
                assertThat(p.snapshot()).as("peer " + i + " values").isEqualTo(expected);
                assertThat(Updates.decodeStateVector(p.stateVector())).as("peer " + i + " state vector").isEqualTo(Updates.decodeStateVector(sv0));
                if (p instanceof Twin tw) {
                    JavaPeer jp = (JavaPeer) (tw.primary instanceof JavaPeer ? tw.primary : tw.twin);
                    assertThat(jp.doc.hasPending()).as("peer " + i + " pending").isFalse();
                }
                byte[] state = p.state(null);
                YDoc fresh = new YDoc();
                fresh.getText("t");
                fresh.getMap("m");
                fresh.getArray("a");
                fresh.applyUpdate(state);
                assertThat(javaSnapshot(fresh)).as("peer " + i + " state loaded in Java").isEqualTo(expected);
                JsonNode loaded = oracle.call(Map.of("cmd", "load", "update", YjsOracle.b64(state)));
                assertThat(yjsSnapshot(loaded)).as("peer " + i + " state loaded in Yjs").isEqualTo(expected);
            }
        }

        /**
         * Moves index ops off the middle of surrogate pairs: Yjs replaces a split pair by
         * U+FFFD only where the pair happens to sit inside one item, and item boundaries depend
         * on each peer's merge history, so such splits make even Yjs peers diverge. Editors never
         * split a pair; the vectors cover Yjs's split behaviour.
         */
        Map<String, Object> avoidSplitPairs(Map<String, Object> op, JsonNode view) {
            String kind = (String) op.get("kind");
            String s = kind.startsWith("nestedText") ? view.get("nts").asText() : kind.startsWith("text") ? view.get("ts").asText() : null;
            if (s == null || !op.containsKey("index")) {
                return op;
            }
            int index = inPair(s, (Integer) op.get("index")) ? (Integer) op.get("index") - 1 : (Integer) op.get("index");
            op.put("index", index);
            if (op.containsKey("len")) {
                int end = index + Math.max(1, (Integer) op.get("len"));
                end = Math.min(end, s.length());
                if (inPair(s, end)) {
                    end++;
                }
                op.put("len", Math.max(1, end - index));
            }
            return op;
        }

        private boolean inPair(String s, int i) {
            return i > 0 && i < s.length() && Character.isHighSurrogate(s.charAt(i - 1)) && Character.isLowSurrogate(s.charAt(i));
        }

        Map<String, Object> randomOp(JsonNode view) {
            return avoidSplitPairs(randomOpAnywhere(view), view);
        }

        Map<String, Object> randomOpAnywhere(JsonNode view) {
            int t = view.get("t").asInt();
            int a = view.get("a").asInt();
            int nt = view.get("nt").asInt();
            int na = view.get("na").asInt();
            int amap = view.get("amap").asInt();
            Map<String, Object> op = new LinkedHashMap<>();
            int k = rnd.nextInt(100);
            if (k < 30 || (k < 45 && t == 0)) {
                op.put("kind", "textInsert");
                op.put("index", rnd.nextInt(t + 1));
                op.put("text", randomText());
                if (rnd.nextInt(10) == 0) {
                    op.put("attrs", randomAttrs());
                }
            } else if (k < 45) {
                op.put("kind", "textDelete");
                int index = rnd.nextInt(t);
                op.put("index", index);
                op.put("len", 1 + rnd.nextInt(rnd.nextInt(4) == 0 ? t - index : Math.min(5, t - index)));
            } else if (k < 52 && t > 0) {
                op.put("kind", "textFormat");
                int index = rnd.nextInt(t);
                op.put("index", index);
                op.put("len", 1 + rnd.nextInt(t - index));
                op.put("attrs", randomAttrs());
            } else if (k < 60) {
                op.put("kind", "mapSet");
                op.put("key", String.valueOf((char) ('a' + rnd.nextInt(5))));
                op.put("value", randomValue(0));
            } else if (k < 63) {
                op.put("kind", "mapDelete");
                op.put("key", String.valueOf((char) ('a' + rnd.nextInt(5))));
            } else if (k < 66) {
                op.put("kind", "mapSet");
                boolean text = rnd.nextBoolean();
                op.put("key", text ? "nt" : "na");
                op.put("value", text ? Map.of("$ytext", randomText()) : Map.of("$yarray", java.util.Arrays.asList(randomValue(1))));
            } else if (k < 75 || (k < 82 && a == 0)) {
                op.put("kind", "arrayInsert");
                op.put("index", rnd.nextInt(a + 1));
                List<Object> values = new ArrayList<>();
                int count = 1 + rnd.nextInt(3);
                for (int i = 0; i < count; i++) {
                    values.add(rnd.nextInt(8) == 0 ? Map.of("$ymap", mapOf("x", randomValue(1))) : randomValue(0));
                }
                op.put("values", values);
            } else if (k < 82) {
                op.put("kind", "arrayDelete");
                int index = rnd.nextInt(a);
                op.put("index", index);
                op.put("len", 1 + rnd.nextInt(Math.min(4, a - index)));
            } else if (k < 90 && nt >= 0) {
                if (nt == 0 || rnd.nextBoolean()) {
                    op.put("kind", "nestedTextInsert");
                    op.put("index", rnd.nextInt(nt + 1));
                    op.put("text", randomText());
                } else {
                    op.put("kind", "nestedTextDelete");
                    int index = rnd.nextInt(nt);
                    op.put("index", index);
                    op.put("len", 1 + rnd.nextInt(nt - index));
                }
            } else if (k < 95 && na >= 0) {
                if (na == 0 || rnd.nextBoolean()) {
                    op.put("kind", "nestedArrayInsert");
                    op.put("index", rnd.nextInt(na + 1));
                    op.put("values", java.util.Arrays.asList(randomValue(0)));
                } else {
                    op.put("kind", "nestedArrayDelete");
                    op.put("index", rnd.nextInt(na));
                    op.put("len", 1);
                }
            } else if (amap >= 0) {
                op.put("kind", "arrayMapSet");
                op.put("at", amap);
                op.put("key", String.valueOf((char) ('p' + rnd.nextInt(3))));
                op.put("value", randomValue(1));
            } else {
                op.put("kind", "textInsert");
                op.put("index", rnd.nextInt(t + 1));
                op.put("text", randomText());
            }
            return op;
        }

        Map<String, Object> mapOf(Object... kv) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < kv.length; i += 2) {
                m.put((String) kv[i], kv[i + 1]);
            }
            return m;
        }

        Map<String, Object> randomAttrs() {
            Map<String, Object> attrs = new LinkedHashMap<>();
            String[] keys = {"bold", "italic", "color"};
            int count = 1 + rnd.nextInt(2);
            for (int i = 0; i < count; i++) {
                String key = keys[rnd.nextInt(keys.length)];
                Object v = switch (rnd.nextInt(4)) {
                    case 0 -> null;
                    case 1 -> true;
                    case 2 -> "red";
                    default -> 3;
                };
                attrs.put(key, v);
            }
            return attrs;
        }

        String randomText() {
            StringBuilder sb = new StringBuilder();
            int pieces = rnd.nextInt(10) == 0 ? 20 + rnd.nextInt(60) : 1 + rnd.nextInt(4);
            for (int i = 0; i < pieces; i++) {
                sb.append(PIECES[rnd.nextInt(PIECES.length)]);
            }
            return sb.toString();
        }

        Object randomValue(int depth) {
            return switch (rnd.nextInt(depth > 1 ? 7 : 9)) {
                case 0 -> rnd.nextInt(2000) - 1000;
                case 1 -> rnd.nextLong() >> 20;
                case 2 -> rnd.nextInt(1000) / 8.0;
                case 3 -> randomText();
                case 4 -> rnd.nextBoolean();
                case 5 -> null;
                case 6 -> Map.of("$binary", Base64.getEncoder().encodeToString(new byte[] {(byte) rnd.nextInt(), 2, 3}));
                case 7 -> java.util.Arrays.asList(randomValue(depth + 1), randomValue(depth + 1));
                default -> mapOf("k", randomValue(depth + 1), "s", "v");
            };
        }
    }
}
