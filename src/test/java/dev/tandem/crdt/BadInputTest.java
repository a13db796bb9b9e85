package dev.tandem.crdt;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        YDoc doc = docWithContent();
        byte[] before = doc.encodeStateAsUpdate();
        assertThatThrownBy(() -> doc.applyUpdate(bad)).isInstanceOf(MalformedUpdateException.class);
        assertThat(doc.encodeStateAsUpdate()).isEqualTo(before);
        assertThat(doc.getText("t").toString()).isEqualTo("he world");
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
        Lib0Encoder e = new Lib0Encoder();
        e.writeVarUint(1);
        e.writeVarUint(1);
        e.writeVarUint(5);
        e.writeVarUint(0);
        e.writeUint8(ContentString.REF);
        e.writeVarUint(1);
        e.writeVarString("t");
        e.writeVarUint(1L << 50);
        assertRejectedAndUnchanged(e.toByteArray());
    }

    @Test
    void hugeStructAndClientCountsAreRejected() {
        Lib0Encoder e = new Lib0Encoder();
        e.writeVarUint(Integer.MAX_VALUE);
        e.writeVarUint(1);
        assertRejectedAndUnchanged(e.toByteArray());
        Lib0Encoder any = new Lib0Encoder();
        any.writeVarUint(1);
        any.writeVarUint(1);
        any.writeVarUint(5);
        any.writeVarUint(0);
        any.writeUint8(ContentAny.REF);
        any.writeVarUint(1);
        any.writeVarString("t");
        any.writeVarUint(1L << 40);
        assertRejectedAndUnchanged(any.toByteArray());
    }

    @Test
    void absurdClocksAreRejected() {
        Lib0Encoder e = new Lib0Encoder();
        e.writeVarUint(1);
        e.writeVarUint(1);
        e.writeVarUint(5);
        e.writeVarUint(1L << 45);
        e.writeUint8(GcStruct.REF);
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
        Lib0Encoder e = new Lib0Encoder();
        e.writeVarUint(1);
        e.writeVarUint(1);
        e.writeVarUint(5);
        e.writeVarUint(1_000_000_000);
        e.writeUint8(GcStruct.REF);
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
            Lib0Encoder e = new Lib0Encoder();
            e.writeVarUint(1);
            e.writeVarUint(1);
            e.writeVarUint(5);
            e.writeVarUint(0);
            e.writeUint8(ref);
            e.writeVarUint(1);
            e.writeVarString("t");
            e.writeVarUint(1);
            e.writeVarUint(0);
            assertRejectedAndUnchanged(e.toByteArray());
        }
        Lib0Encoder type = new Lib0Encoder();
        type.writeVarUint(1);
        type.writeVarUint(1);
        type.writeVarUint(5);
        type.writeVarUint(0);
        type.writeUint8(ContentType.REF);
        type.writeVarUint(1);
        type.writeVarString("t");
        type.writeVarUint(99);
        type.writeVarUint(0);
        assertRejectedAndUnchanged(type.toByteArray());
    }

    @Test
    void selfReferencesAndInvalidUtf8AreRejected() {
        Lib0Encoder e = new Lib0Encoder();
        e.writeVarUint(1);
        e.writeVarUint(1);
        e.writeVarUint(5);
        e.writeVarUint(3);
        e.writeUint8(ContentString.REF | 0x80);
        e.writeVarUint(5);
        e.writeVarUint(3);
        e.writeVarString("x");
        e.writeVarUint(0);
        assertRejectedAndUnchanged(e.toByteArray());

        Lib0Encoder utf = new Lib0Encoder();
        utf.writeVarUint(1);
        utf.writeVarUint(1);
        utf.writeVarUint(5);
        utf.writeVarUint(0);
        utf.writeUint8(ContentString.REF);
        utf.writeVarUint(1);
        utf.writeVarString("t");
        utf.writeVarUint(2);
        utf.writeUint8(0xC3);
        utf.writeUint8(0x28);
        utf.writeVarUint(0);
        assertRejectedAndUnchanged(utf.toByteArray());
    }

    @Test
    void deeplyNestedAnyValuesAreRejected() {
        Lib0Encoder e = new Lib0Encoder();
        e.writeVarUint(1);
        e.writeVarUint(1);
        e.writeVarUint(5);
        e.writeVarUint(0);
        e.writeUint8(ContentAny.REF);
        e.writeVarUint(1);
        e.writeVarString("a");
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
