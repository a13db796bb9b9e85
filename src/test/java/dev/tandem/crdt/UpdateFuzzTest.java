package dev.tandem.crdt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Seeded mutation fuzzer over real Yjs updates (from ../shared/yjs-vectors) and random bytes.
 * Every input must either apply or raise {@link MalformedUpdateException} leaving the document
 * exactly as before; nothing else may escape, and no input may take long.
 *
 * <p>{@code -Dcrdt.fuzz.seconds=N} (default 20) bounds the run; {@code -Dcrdt.fuzz.seed=S}
 * picks the seed; a failure names the seed and iteration.
 */
class UpdateFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void mutatedUpdatesNeverCorruptTheDocument() throws IOException {
        List<byte[]> corpus = corpus();
        long seed = Long.getLong("crdt.fuzz.seed", System.nanoTime());
        long seconds = Long.getLong("crdt.fuzz.seconds", 20);
        Random rnd = new Random(seed);
        System.out.println("UpdateFuzzTest seed " + seed);
        assertTimeoutPreemptively(Duration.ofSeconds(seconds + 60), () -> {
            long deadline = System.nanoTime() + seconds * 1_000_000_000L;
            int iteration = 0;
            int accepted = 0;
            while (System.nanoTime() < deadline) {
                iteration++;
                byte[] base = corpus.get(rnd.nextInt(corpus.size()));
                byte[] input = mutate(rnd, corpus, base);
                try {
                    accepted += check(base, input) ? 1 : 0;
                } catch (Throwable e) {
                    throw new AssertionError("fuzz failure at seed " + seed + " iteration " + iteration
                            + " input " + java.util.Base64.getEncoder().encodeToString(input), e);
                }
            }
            System.out.println("UpdateFuzzTest ran " + iteration + " inputs, " + accepted + " accepted");
        });
    }

    /** Returns whether the document accepted the input. */
    private static boolean check(byte[] base, byte[] input) {
        YDoc doc = new YDoc(YDoc.Options.defaults().withClientId(424242));
        doc.getText("content");
        doc.applyUpdate(base);
        byte[] before = doc.encodeStateAsUpdate();
        boolean pendingBefore = doc.hasPending();
        long started = System.nanoTime();
        boolean accepted = false;
        try {
            doc.applyUpdate(input);
            // whatever was accepted must survive a round trip
            YDoc copy = new YDoc();
            copy.getText("content");
            copy.applyUpdate(doc.encodeStateAsUpdate());
            YText text = doc.getText("content");
            text.toString();
            text.toDelta();
            assertThat(visibleLength(text)).as("the text's length against its items").isEqualTo(text.length());
            accepted = true;
        } catch (MalformedUpdateException e) {
            assertThat(doc.encodeStateAsUpdate()).isEqualTo(before);
            assertThat(doc.hasPending()).isEqualTo(pendingBefore);
        }
        try {
            Updates.mergeUpdates(List.of(base, input));
            Updates.encodeStateVectorFromUpdate(input);
            Updates.diffUpdate(input, doc.encodeStateVector());
        } catch (MalformedUpdateException expected) {
            // rejecting is fine; anything else is a bug
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(millis).as("time for one input").isLessThan(2_000);
        return accepted;
    }

    /** What {@link YText#length()} must be: the length of the visible, countable items in its list. */
    private static int visibleLength(YText text) {
        int length = 0;
        for (Item item = text.start; item != null; item = item.right) {
            length += !item.isDeleted() && item.isCountable() ? item.length : 0;
        }
        return length;
    }

    static byte[] mutate(Random rnd, List<byte[]> corpus, byte[] base) {
        byte[] b = base.clone();
        int rounds = 1 + rnd.nextInt(4);
        for (int r = 0; r < rounds; r++) {
            switch (rnd.nextInt(9)) {
                case 0 -> {
                    if (b.length > 0) {
                        b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
                    }
                }
                case 1 -> {
                    if (b.length > 0) {
                        b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                    }
                }
                case 2 -> b = Arrays.copyOf(b, rnd.nextInt(b.length + 1));
                case 3 -> {
                    int at = rnd.nextInt(b.length + 1);
                    byte[] extra = new byte[1 + rnd.nextInt(8)];
                    rnd.nextBytes(extra);
                    b = splice(b, at, 0, extra);
                }
                case 4 -> {
                    if (b.length > 1) {
                        int at = rnd.nextInt(b.length);
                        b = splice(b, at, Math.min(b.length - at, 1 + rnd.nextInt(8)), new byte[0]);
                    }
                }
                case 5 -> {
                    // a huge varint somewhere: declared lengths, clocks, counts
                    int at = rnd.nextInt(b.length + 1);
                    Lib0Encoder e = new Lib0Encoder();
                    e.writeVarUint(rnd.nextBoolean() ? (1L << (20 + rnd.nextInt(33))) : Integer.MAX_VALUE - rnd.nextInt(3));
                    b = splice(b, at, Math.min(1, b.length - at), e.toByteArray());
                }
                case 6 -> {
                    byte[] other = corpus.get(rnd.nextInt(corpus.size()));
                    int cut = rnd.nextInt(b.length + 1);
                    int from = rnd.nextInt(other.length + 1);
                    byte[] joined = Arrays.copyOf(b, cut + other.length - from);
                    System.arraycopy(other, from, joined, cut, other.length - from);
                    b = joined;
                }
                case 7 -> {
                    byte[] random = new byte[rnd.nextInt(40)];
                    rnd.nextBytes(random);
                    b = random;
                }
                default -> {
                    if (b.length > 0) {
                        int at = rnd.nextInt(b.length);
                        b[at] = (byte) (b[at] + (rnd.nextBoolean() ? 1 : -1));
                    }
                }
            }
        }
        return b;
    }

    private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
        byte[] out = new byte[b.length - remove + insert.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(b, at + remove, out, at + insert.length, b.length - at - remove);
        return out;
    }

    static List<byte[]> corpus() throws IOException {
        List<byte[]> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(YjsVectorsTest.VECTORS)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json") && !p.endsWith("index.json")).toList()) {
                JsonNode s = JSON.readTree(f.toFile());
                if (s.has("updates")) {
                    s.get("updates").forEach(u -> out.add(YjsVectorsTest.b64(u.get("v1"))));
                    out.add(YjsVectorsTest.b64(s.get("final").get("state_update_v1")));
                }
            }
        }
        // shared types nested as deep as allowed, placed through parent references and origins
        out.add(BadInputTest.craftedChain(55, YDoc.Options.DEFAULT_MAX_NESTING_DEPTH));
        out.add(BadInputTest.craftedChain(56, 40));
        return out;
    }
}
