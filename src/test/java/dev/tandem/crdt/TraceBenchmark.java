package dev.tandem.crdt;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;

/**
 * Speed and memory of the CRDT core against real Yjs on the same editing traces, in one run.
 * Not a test: run it with the command in docs/BENCHMARKS.md. Arguments: trace names (default
 * {@code automerge-paper}); {@code -Dbench.runs=N} measured runs per measure (median reported).
 *
 * <p>Measures: replay of the trace as local edits (one transaction per trace transaction);
 * encoding the final state; loading that state into a fresh document; applying the whole trace
 * as one remote update (all per-transaction updates merged into one, structs unmerged); heap
 * retained by the final document.
 */
public final class TraceBenchmark {
    private static final Path TRACES = Path.of("..", "shared", "traces");

    record Patch(int pos, int del, String ins) {
    }

    private TraceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<String> names = args.length == 0 ? List.of("automerge-paper") : Arrays.asList(args);
        int runs = Integer.getInteger("bench.runs", 5);
        System.out.printf("java %s, %s, %d cpus, max heap %d MB%n", System.getProperty("java.version"),
                System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        for (String name : names) {
            run(name, runs);
        }
    }

    @SuppressWarnings("unchecked")
    private static void run(String name, int runs) throws Exception {
        Path file = TRACES.resolve(name.endsWith(".json.gz") ? name : name + ".json.gz");
        Map<String, Object> trace = (Map<String, Object>) Json.parse(gunzip(file));
        String endContent = (String) trace.get("endContent");
        List<List<Patch>> txns = new ArrayList<>();
        int patches = 0;
        for (Object t : (List<Object>) trace.get("txns")) {
            List<Patch> ps = new ArrayList<>();
            for (Object p : (List<Object>) ((Map<String, Object>) t).get("patches")) {
                List<Object> l = (List<Object>) p;
                ps.add(new Patch(((Number) l.get(0)).intValue(), ((Number) l.get(1)).intValue(), (String) l.get(2)));
            }
            patches += ps.size();
            txns.add(ps);
        }

        List<byte[]> txnUpdates = new ArrayList<>();
        YDoc recorded = replay(txns, txnUpdates);
        check(recorded, endContent, "local replay");
        byte[] remote = Updates.mergeUpdates(txnUpdates);
        txnUpdates.clear();
        byte[] state = recorded.encodeStateAsUpdate();
        check(load(remote), endContent, "remote update");
        check(load(state), endContent, "state");
        Path remoteFile = Files.createTempFile("tandem-trace-remote", ".bin");
        Files.write(remoteFile, remote);

        double replay = measure(runs, () -> replay(txns, null));
        double encode = measure(runs, recorded::encodeStateAsUpdate);
        double loadState = measure(runs, () -> load(state));
        double applyRemote = measure(runs, () -> load(remote));
        recorded = null;
        long heap = retainedHeap(() -> replay(txns, null));
        long heapLoaded = retainedHeap(() -> load(state));

        Map<String, Object> yjs = runYjs(file, remoteFile, runs);
        Files.deleteIfExists(remoteFile);

        System.out.printf(Locale.ROOT, "%n%s: %d txns, %d patches, final length %d, state %d bytes (Yjs %s), remote update %d bytes%n",
                name, txns.size(), patches, endContent.length(), state.length, yjs.get("stateBytes"), remote.length);
        System.out.println("| measure | Tandem (Java) | Yjs (Node.js) | ratio Java/Yjs |");
        System.out.println("|---|---:|---:|---:|");
        row("replay trace as local edits", replay, num(yjs, "replay"), "ms");
        row("encode final state", encode, num(yjs, "encode"), "ms");
        row("load state into fresh doc", loadState, num(yjs, "load"), "ms");
        row("apply trace as one remote update", applyRemote, num(yjs, "remote"), "ms");
        row("heap held by final doc (replayed)", heap / 1048576.0, num(yjs, "heap") / 1048576.0, "MB");
        row("heap held by loaded doc", heapLoaded / 1048576.0, num(yjs, "heapLoaded") / 1048576.0, "MB");
    }

    private static double num(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).doubleValue();
    }

    private static void row(String what, double java, double yjs, String unit) {
        System.out.printf(Locale.ROOT, "| %s | %.1f %s | %.1f %s | %.2f |%n", what, java, unit, yjs, unit, java / yjs);
    }

    static YDoc replay(List<List<Patch>> txns, List<byte[]> updates) {
        YDoc doc = new YDoc(YDoc.Options.defaults().withClientId(1));
        YText text = doc.getText("text");
        if (updates != null) {
            doc.onUpdate((u, origin, txn) -> updates.add(u));
        }
        for (List<Patch> ps : txns) {
            doc.transact(txn -> {
                for (Patch p : ps) {
                    if (p.del() > 0) {
                        text.delete(p.pos(), p.del());
                    }
                    if (!p.ins().isEmpty()) {
                        text.insert(p.pos(), p.ins());
                    }
                }
            });
        }
        return doc;
    }

    static YDoc load(byte[] update) {
        YDoc doc = new YDoc();
        doc.applyUpdate(update);
        return doc;
    }

    private static void check(YDoc doc, String expected, String what) {
        if (!doc.getText("text").toString().equals(expected)) {
            throw new IllegalStateException(what + " does not reach the trace's endContent");
        }
    }

    private static double measure(int runs, Supplier<?> f) {
        for (int i = 0; i < 3; i++) {
            f.get();
        }
        double[] times = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            f.get();
            times[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(times);
        return times[runs / 2];
    }

    private static long usedHeap() {
        for (int i = 0; i < 5; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long retainedHeap(Supplier<Object> f) {
        long before = usedHeap();
        Object kept = f.get();
        long after = usedHeap();
        if (kept.hashCode() == 42) {
            System.out.print("");
        }
        return after - before;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> runYjs(Path trace, Path remote, int runs) throws IOException, InterruptedException {
        Path script = Path.of("src", "test", "js", "trace-bench.mjs");
        Process p = new ProcessBuilder("node", "--expose-gc", "--max-old-space-size=4096", script.toString(),
                trace.toString(), remote.toString(), String.valueOf(runs))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("Yjs benchmark failed (did you run `npm ci --prefix src/test/js`?)");
        }
        return (Map<String, Object>) Json.parse(out);
    }

    private static String gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            in.transferTo(buf);
            return buf.toString(StandardCharsets.UTF_8);
        }
    }
}
