package dev.tandem.crdt;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/** Hostile and broken updates raise {@link MalformedUpdateException} and change nothing. */
class BadInputTest {

    private static YDoc docWithContent() {
        YDoc doc = new YDoc(YDoc.Options.defaults().withClientId(7));
        doc.getText("t").insert(0, "hello world");
        doc.getMap("m").set("k", List.of(1, "two"));
        doc.getText("t").delete(2, 3);
        return doc;
    }

    private static byte[] someUpdate() {
        YDoc other = new YDoc(YDoc.Options.defaults().withClientId(9));
        other.getText("t").insert(0, "abc😀");
        other.getArray("a").push(List.of(1, 2, 3));
        other.getText("t").delete(1, 1);
        return other.encodeStateAsUpdate();
    }

    private static void assertRejectedAndUnchanged(byte[] bad) {
        assertRejectedAndUnchanged(docWithContent(), bad);
        assertThat(docWithContent().getText("t").toString()).isEqualTo("he world");
    }

    private static void assertRejectedAndUnchanged(YDoc doc, byte[] bad) {
        byte[] before = doc.encodeStateAsUpdate();
        boolean pendingBefore = doc.hasPending();
        assertThatThrownBy(() -> doc.applyUpdate(bad)).isInstanceOf(MalformedUpdateException.class);
        assertThat(doc.encodeStateAsUpdate()).isEqualTo(before);
        assertThat(doc.hasPending()).isEqualTo(pendingBefore);
    }

    /** An update of one struct by client 5 at {@code clock}, written up to its info byte. */
    private static Lib0Encoder oneStruct(long clock, int info) {
        Lib0Encoder e = new Lib0Encoder();
        e.writeVarUint(1); // clients
        e.writeVarUint(1); // structs of the client
        e.writeVarUint(5); // client
        e.writeVarUint(clock);
        e.writeUint8(info);
        return e;
    }

    /** {@link #oneStruct} at clock 0 without origins, whose parent is the root type {@code root}; its content follows. */
    private static Lib0Encoder structInRoot(int info, String root) {
        Lib0Encoder e = oneStruct(0, info);
        e.writeVarUint(1); // the parent is given by its root name
        e.writeVarString(root);
        return e;
    }

    /**
     * A hand-made update (client {@code client}, clocks {@code from} to {@code to - 1} of the
     * chain) nesting {@code depth} arrays under the root array "r": array k holds the string
     * "x", and array k+1 sits right of that string, so every second level is placed through
     * its left origin rather than a parent reference.
     */
    static byte[] craftedChain(long client, int depth, int from, int to) {
        Lib0Encoder e = new Lib0Encoder();
        e.writeVarUint(1);
        e.writeVarUint(to - from);
        e.writeVarUint(client);
        e.writeVarUint(from);
        for (int clock = from; clock < to; clock++) {
            int k = clock / 2;
            if (clock % 2 == 0) {
                if (k == 0) {
                    e.writeUint8(ContentType.REF);
                    e.writeVarUint(1);
                    e.writeVarString("r");
                } else {
                    e.writeUint8(ContentType.REF | 0x80);
                    e.writeVarUint(client);
                    e.writeVarUint(clock - 1);
                }
                e.writeVarUint(YArray.TYPE_REF);
            } else {
                e.writeUint8(ContentString.REF);
                e.writeVarUint(0);
                e.writeVarUint(client);
                e.writeVarUint(clock - 1);
                e.writeVarString("x");
            }
        }
        e.writeVarUint(0);
        return e.toByteArray();
    }

    static byte[] craftedChain(long client, int depth) {
        return craftedChain(client, depth, 0, 2 * depth);
    }

    /** Runs {@code body} on a new thread with the JVM's default stack size, rethrowing failures. */
    private static void onDefaultStack(Runnable body) throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "default-stack");
        t.start();
        t.join();
        if (failure.get() != null) {
            fail("failed on a default thread stack", failure.get());
        }
    }

    private static int nestingOf(Object json, String key) {
        int depth = 0;
        while (json instanceof Map<?, ?> m && m.get(key) != null) {
            json = m.get(key);
            depth++;
        }
        return depth;
    }

    private static int arrayNestingOf(Object json) {
        int depth = 0;
        while (json instanceof List<?> l && !l.isEmpty()) {
            json = l.get(l.size() - 1);
            depth++;
        }
        return depth - 1;
    }

    @Test
    void nestingDeeperThanTheLimitIsRejectedByHandMadeUpdates() {
        int limit = YDoc.Options.DEFAULT_MAX_NESTING_DEPTH;
        YDoc atLimit = docWithContent();
        atLimit.applyUpdate(craftedChain(55, limit));
        assertThat(arrayNestingOf(atLimit.getArray("r").toJson())).isEqualTo(limit);

        assertRejectedAndUnchanged(craftedChain(55, limit + 1));
        assertRejectedAndUnchanged(craftedChain(55, 50_000));

        // one level more on top of a document already at the limit
        byte[] before = atLimit.encodeStateAsUpdate();
        assertRejectedAndUnchanged(atLimit, craftedChain(55, limit + 1, 2 * limit, 2 * limit + 2));
        assertThat(atLimit.encodeStateAsUpdate()).isEqualTo(before);

        // the tail arrives first and waits; the update completing it is refused, the tail stays pending
        YDoc doc = docWithContent();
        doc.applyUpdate(craftedChain(55, 3000, 1000, 6000));
        assertThat(doc.hasPending()).isTrue();
        assertRejectedAndUnchanged(doc, craftedChain(55, 3000, 0, 1000));
        assertThat(doc.getArray("r").length()).isZero();

        // a smaller configured limit
        YDoc small = new YDoc(YDoc.Options.defaults().withMaxNestingDepth(10));
        small.applyUpdate(craftedChain(55, 10));
        assertRejectedAndUnchanged(new YDoc(YDoc.Options.defaults().withMaxNestingDepth(10)), craftedChain(55, 11));
    }

    @Test
    void nestingDeeperThanTheLimitIsRejectedFromRealYjs() throws Exception {
        int limit = YDoc.Options.DEFAULT_MAX_NESTING_DEPTH;
        try (YjsOracle yjs = new YjsOracle()) {
            byte[] deepest = YjsOracle.unb64(yjs.call(Map.of("cmd", "nested", "clientId", 77, "depth", limit)).get("update"));
            byte[] tooDeep = YjsOracle.unb64(yjs.call(Map.of("cmd", "nested", "clientId", 77, "depth", limit + 1)).get("update"));
            YDoc doc = docWithContent();
            doc.applyUpdate(deepest);
            assertThat(nestingOf(doc.getMap("root").toJson(), "c")).isEqualTo(limit);
            assertRejectedAndUnchanged(tooDeep);
            assertRejectedAndUnchanged(new YDoc(), tooDeep);
        }
    }

    @Test
    void localInsertsBeyondTheLimitAreRefusedBeforeAnyChange() {
        YDoc doc = new YDoc(YDoc.Options.defaults().withMaxNestingDepth(5));
        YMap m = doc.getMap("m");
        for (int i = 0; i < 5; i++) {
            YMap child = new YMap();
            m.set("c", child);
            m = child;
        }
        byte[] before = doc.encodeStateAsUpdate();
        YMap deepest = m;
        assertThat(deepest.doc()).isSameAs(doc);
        assertThatThrownBy(() -> deepest.set("c", new YMap())).isInstanceOf(IllegalArgumentException.class);
        // a preliminary tree whose inner levels cross the limit is refused as a whole
        YMap outer = new YMap();
        YArray inner = new YArray();
        outer.set("x", inner);
        inner.push(List.of(new YText("deep")));
        YMap level3 = (YMap) ((YMap) ((YMap) doc.getMap("m").get("c")).get("c")).get("c");
        level3.set("fits", new YMap());
        before = doc.encodeStateAsUpdate();
        assertThatThrownBy(() -> level3.set("tree", outer)).isInstanceOf(IllegalArgumentException.class);
        assertThat(doc.encodeStateAsUpdate()).isEqualTo(before);
        YMap selfish = new YMap();
        selfish.set("me", selfish);
        assertThatThrownBy(() -> doc.getMap("m").set("s", selfish)).isInstanceOf(IllegalArgumentException.class);
        assertThat(doc.encodeStateAsUpdate()).isEqualTo(before);
    }

    /**
     * The walks that stay recursive (printing, plain values, deleting, garbage collection,
     * undo and redo of a deleted subtree, deep events) must not overflow a default thread
     * stack for a document at the limit.
     */
    @Test
    void documentsAtTheLimitAreWalkedOnADefaultStack() throws Exception {
        int limit = YDoc.Options.DEFAULT_MAX_NESTING_DEPTH;
        byte[] deepest;
        try (YjsOracle yjs = new YjsOracle()) {
            deepest = YjsOracle.unb64(yjs.call(Map.of("cmd", "nested", "clientId", 77, "depth", limit)).get("update"));
        }
        onDefaultStack(() -> {
            YDoc doc = new YDoc(YDoc.Options.defaults().withClientId(5));
            YMap root = doc.getMap("root");
            List<Integer> pathLengths = new ArrayList<>();
            root.observeDeep(events -> events.forEach(ev -> pathLengths.add(ev.pathFrom(root).size())));
            doc.applyUpdate(deepest);
            Object json = root.toJson();
            assertThat(nestingOf(json, "c")).isEqualTo(limit);

            YMap bottom = root;
            while (bottom.get("c") instanceof YMap next) {
                bottom = next;
            }
            bottom.set("leaf", "changed");
            assertThat(pathLengths).contains(limit);

            YDoc copy = new YDoc();
            copy.applyUpdate(doc.encodeStateAsUpdate());
            assertThat(copy.getMap("root").toJson()).isEqualTo(root.toJson());

            UndoManager undo = new UndoManager(List.of(root), Set.of(), 0, () -> 0);
            root.delete("c");
            assertThat(root.toJson()).isEqualTo(Map.of());
            undo.undo();
            assertThat(nestingOf(root.toJson(), "c")).isEqualTo(limit);
            undo.redo();
            assertThat(root.has("c")).isFalse();

            copy.getMap("root").delete("c");
            copy.applyUpdate(doc.encodeStateAsUpdate());

            YXmlFragment xml = doc.getXmlFragment("x");
            YXmlFragment node = xml;
            for (int i = 0; i < limit; i++) {
                YXmlElement child = new YXmlElement("p");
                node.insert(0, List.of(child));
                node = child;
            }
            assertThat(xml.toString()).startsWith("<p><p>").hasSize(limit * "<p></p>".length());
            xml.delete(0, 1);
            assertThat(xml.toString()).isEmpty();
        });
    }

    @Test
    void everyTruncationOfARealUpdateIsRejectedWithoutChange() {
        byte[] update = someUpdate();
        for (int len = 0; len < update.length; len++) {
            byte[] prefix = Arrays.copyOf(update, len);
            YDoc doc = docWithContent();
            byte[] before = doc.encodeStateAsUpdate();
            try {
                doc.applyUpdate(prefix);
            } catch (MalformedUpdateException expected) {
                assertThat(doc.encodeStateAsUpdate()).as("prefix of " + len + " bytes").isEqualTo(before);
            }
        }
    }

    @Test
    void validUpdateFollowedByGarbageIsAppliedNotAtAll() {
        byte[] update = someUpdate();
        byte[] broken = Arrays.copyOf(update, update.length - 1);
        assertRejectedAndUnchanged(broken);
    }

    @Test
    void hugeDeclaredStringLengthIsRejectedWithoutAllocating() {
        Lib0Encoder e = structInRoot(ContentString.REF, "t");
        e.writeVarUint(1L << 50);
        assertRejectedAndUnchanged(e.toByteArray());
    }

    @Test
    void hugeStructAndClientCountsAreRejected() {
        Lib0Encoder e = new Lib0Encoder();
        e.writeVarUint(Integer.MAX_VALUE);
        e.writeVarUint(1);
        assertRejectedAndUnchanged(e.toByteArray());
        Lib0Encoder any = structInRoot(ContentAny.REF, "t");
        any.writeVarUint(1L << 40);
        assertRejectedAndUnchanged(any.toByteArray());
    }

    @Test
    void absurdClocksAreRejected() {
        Lib0Encoder e = oneStruct(1L << 45, GcStruct.REF);
        e.writeVarUint(3);
        e.writeVarUint(0);
        assertRejectedAndUnchanged(e.toByteArray());
        Lib0Encoder ds = new Lib0Encoder();
        ds.writeVarUint(0);
        ds.writeVarUint(1);
        ds.writeVarUint(7);
        ds.writeVarUint(1);
        ds.writeVarUint(Integer.MAX_VALUE);
        ds.writeVarUint(Integer.MAX_VALUE);
        assertRejectedAndUnchanged(ds.toByteArray());
    }

    @Test
    void largeButValidClocksWaitAsPending() {
        Lib0Encoder e = oneStruct(1_000_000_000, GcStruct.REF);
        e.writeVarUint(3);
        e.writeVarUint(0);
        YDoc doc = docWithContent();
        doc.applyUpdate(e.toByteArray());
        assertThat(doc.hasPending()).isTrue();
        assertThat(doc.getText("t").toString()).isEqualTo("he world");
    }

    @Test
    void unknownContentAndTypeRefsAreRejected() {
        for (int ref : new int[] {11, 17, 31}) {
            Lib0Encoder e = structInRoot(ref, "t");
            e.writeVarUint(1);
            e.writeVarUint(0);
            assertRejectedAndUnchanged(e.toByteArray());
        }
        Lib0Encoder type = structInRoot(ContentType.REF, "t");
        type.writeVarUint(99);
        type.writeVarUint(0);
        assertRejectedAndUnchanged(type.toByteArray());
    }

    @Test
    void selfReferencesAndInvalidUtf8AreRejected() {
        Lib0Encoder e = oneStruct(3, ContentString.REF | 0x80);
        e.writeVarUint(5);
        e.writeVarUint(3);
        e.writeVarString("x");
        e.writeVarUint(0);
        assertRejectedAndUnchanged(e.toByteArray());

        Lib0Encoder utf = structInRoot(ContentString.REF, "t");
        utf.writeVarUint(2);
        utf.writeUint8(0xC3);
        utf.writeUint8(0x28);
        utf.writeVarUint(0);
        assertRejectedAndUnchanged(utf.toByteArray());
    }

    @Test
    void aStructWhoseKnownPartIsInAnotherTypeKeepsEveryTextConsistent() {
        // Found by UpdateFuzzTest (seed 59454929768801): the update claims that client 5's clocks 0-2
        // are "abc" in the root "other", where the document has clocks 0-1 as "[]" in "content".
        YDoc doc = new YDoc();
        doc.applyUpdate(stringInRoot("content", "[]"));
        doc.applyUpdate(stringInRoot("other", "abc"));

        assertThat(doc.getText("content").toString()).isEqualTo("[]");
        assertThat(doc.getText("content").length()).isEqualTo(2);
        assertThat(doc.getText("other").length()).isZero();
        YDoc copy = new YDoc();
        copy.applyUpdate(doc.encodeStateAsUpdate());
        assertThat(copy.getText("content").toString()).isEqualTo("[]");
        assertThat(copy.getText("content").length()).isEqualTo(2);
    }

    @Test
    void pendingStructsNeverOverrideWhatTheDocumentHas() {
        // Found by UpdateFuzzTest: the document's own update with "abc" changed to "Kab", which shifts
        // the rest into structs with missing origins; they wait, pending, for clocks the document has.
        YDoc doc = new YDoc();
        doc.applyUpdate(Base64.getDecoder().decode("AQUBAAQBB2NvbnRlbnQDYWJjhAECA2RlZsQBAgEDA1hZWkQBAAE+hAEFATwA"));
        doc.applyUpdate(Base64.getDecoder().decode("AQUBAAQBB2NvbnRlbnQDS2FiY4QBAgNkZWbEAQIBAwNYWVpEAQABPoQBBQE8AA=="));
        assertThat(doc.hasPending()).isTrue();

        YDoc copy = new YDoc();
        copy.applyUpdate(doc.encodeStateAsUpdate());
        assertThat(doc.getText("content").toString()).isEqualTo(">abcXYZdef<");
        assertThat(copy.getText("content").toString()).isEqualTo(">abcXYZdef<");
    }

    /** Client 5's clocks from 0: {@code text} in the root text {@code root}. */
    private static byte[] stringInRoot(String root, String text) {
        Lib0Encoder e = structInRoot(ContentString.REF, root);
        e.writeVarString(text);
        e.writeVarUint(0); // empty delete set
        return e.toByteArray();
    }

    @Test
    void deeplyNestedAnyValuesAreRejected() {
        Lib0Encoder e = structInRoot(ContentAny.REF, "a");
        e.writeVarUint(1);
        for (int i = 0; i < 10_000; i++) {
            e.writeUint8(117);
            e.writeVarUint(1);
        }
        e.writeUint8(126);
        e.writeVarUint(0);
        assertRejectedAndUnchanged(e.toByteArray());
    }

    @Test
    void badStateVectorsAndUpdatesOnBytesAreRejected() {
        byte[] garbage = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        assertThatThrownBy(() -> Updates.decodeStateVector(garbage)).isInstanceOf(MalformedUpdateException.class);
        assertThatThrownBy(() -> docWithContent().encodeStateAsUpdate(garbage)).isInstanceOf(MalformedUpdateException.class);
        assertThatThrownBy(() -> Updates.mergeUpdates(List.of(someUpdate(), garbage))).isInstanceOf(MalformedUpdateException.class);
        assertThatThrownBy(() -> Updates.diffUpdate(garbage, new byte[] {0})).isInstanceOf(MalformedUpdateException.class);
        assertThatThrownBy(() -> Updates.encodeStateVectorFromUpdate(garbage)).isInstanceOf(MalformedUpdateException.class);
        assertRejectedAndUnchanged(null);
    }
}
