package dev.tandem.lang;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.TandemApplication;
import dev.tandem.security.TokenService;
import dev.tandem.security.UserService;
import dev.tandem.workspace.WorkspaceFiles;
import dev.tandem.workspace.WorkspaceService;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Benchmark of the Java language services, end to end through the LSP websocket of a running
 * server: a generated 200-file project with a 2,000-line file; time to first diagnostics after
 * opening, diagnostics after each keystroke (an incremental edit, until the diagnostics of that
 * version arrive), completion latency, and the heap one open Java workspace adds.
 * <p>
 * Run: {@code ./mvnw -B -q -P'!production' test-compile && java -cp "target/classes:target/test-classes:$(cat cp.txt)" dev.tandem.lang.LangBenchmark}
 * (cp.txt from {@code ./mvnw -q dependency:build-classpath -Dmdep.outputFile=cp.txt}). Ends with
 * {@link ReconcileBenchmark} on the same project: the peer (naive {@code ASTParser}) and the ratio.
 */
public final class LangBenchmark {

    private LangBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int keystrokes = Integer.getInteger("bench.keystrokes", 200);
        int completions = Integer.getInteger("bench.completions", 50);
        Path home = Files.createTempDirectory("tandem-lang-bench");
        ConfigurableApplicationContext app = SpringApplication.run(TandemApplication.class, "--server.port=0",
                "--tandem.home=" + home, "--tandem.admin-password=admin-pass-1", "--vaadin.productionMode=true",
                "--logging.level.root=warn");
        try {
            int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
            String user = "bench";
            app.getBean(UserService.class).create(user, "password-bench", false);
            long ws = app.getBean(WorkspaceService.class).create(user, "bench", null).id();
            Path root = app.getBean(WorkspaceFiles.class).resolve(user, ws, "");
            SyntheticProject.write(root, 200, 2000);
            String path = SyntheticProject.BIG_FILE;
            String text = Files.readString(root.resolve(path));
            String token = app.getBean(TokenService.class).create(user, "bench").token();
            long heapBefore = usedHeap();

            long t0 = System.nanoTime();
            try (var lsp = new LspClient(port, ws, token)) {
                lsp.initialize();
                lsp.open(path, text);
                JsonNode first = lsp.diagnostics(path, 1);
                long firstMs = (System.nanoTime() - t0) / 1_000_000;
                System.out.printf("first diagnostics after opening: %d ms (%d problems)%n", firstMs, first.size());

                // Keystrokes: type and delete a character inside a method body (line 16: "int n = c.add(...)").
                int line = 15;
                List<Long> diag = new ArrayList<>();
                List<Boolean> syntax = new ArrayList<>();
                for (int i = 0; i < keystrokes; i++) {
                    int version = i + 2;
                    boolean insert = i % 2 == 0;
                    Map<String, Object> range = Map.of("start", Map.of("line", line, "character", 8),
                            "end", Map.of("line", line, "character", insert ? 8 : 9));
                    long t = System.nanoTime();
                    lsp.notify("textDocument/didChange", Map.of("textDocument", Map.of("uri", LspClient.uri(path), "version", version),
                            "contentChanges", List.of(Map.of("range", range, "text", insert ? "x" : ""))));
                    JsonNode published = lsp.diagnostics(path, version);
                    diag.add((System.nanoTime() - t) / 1_000);
                    boolean broken = false;
                    for (JsonNode d : published) {
                        broken |= d.path("message").asText().startsWith("Syntax error");
                    }
                    syntax.add(broken);
                }
                int version = keystrokes + 1;
                List<Long> comp = new ArrayList<>();
                for (int i = 0; i < completions; i++) {
                    long t = System.nanoTime();
                    JsonNode r = lsp.request("textDocument/completion", Map.of("textDocument", Map.of("uri", LspClient.uri(path)),
                            "position", Map.of("line", 15, "character", 22)));
                    comp.add((System.nanoTime() - t) / 1_000);
                    if (i == 0) {
                        System.out.printf("completion items at c.|: %d%n", r.path("result").path("items").size());
                    }
                }
                System.out.printf("diagnostics after a keystroke (n=%d, incl. %s debounce): p50 %.1f ms, p90 %.1f ms, p99 %.1f ms%n",
                        diag.size(), app.getBean(LangProperties.class).debounce(), pct(diag, 50), pct(diag, 90), pct(diag, 99));
                // Which keystrokes were slowest (p99 on n=100 is the slowest but one), and whether their text had a syntax error.
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < diag.size(); i++) {
                    order.add(i);
                }
                order.sort((a, b) -> Long.compare(diag.get(b), diag.get(a)));
                StringBuilder slowest = new StringBuilder();
                for (int i : order.subList(0, Math.min(5, order.size()))) {
                    slowest.append(String.format(" #%d %.1f ms (%s);", i, diag.get(i) / 1000.0,
                            syntax.get(i) ? "syntax error" : "no syntax error"));
                }
                System.out.println("slowest keystrokes:" + slowest);
                System.out.printf("keystrokes with a syntax error: p50 %.1f ms; without: p50 %.1f ms%n",
                        pct(select(diag, syntax, true), 50), pct(select(diag, syntax, false), 50));
                System.out.printf("completion (n=%d): p50 %.1f ms, p90 %.1f ms, p99 %.1f ms%n", comp.size(), pct(comp, 50),
                        pct(comp, 90), pct(comp, 99));
                System.out.printf("heap added by the open workspace (after GC): %.0f MB%n", (usedHeap() - heapBefore) / 1e6);
                System.out.printf("load average: %.1f (on %d cores)%n",
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                        Runtime.getRuntime().availableProcessors());
                System.out.printf("(last version %d)%n", version);
            }
            // The peer, in the same run: the compiler work of a keystroke, ours against a naive ASTParser reconcile.
            ReconcileBenchmark.run(root, Integer.getInteger("bench.rounds", 60));
        } finally {
            app.close();
        }
    }

    private static long usedHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static List<Long> select(List<Long> micros, List<Boolean> flags, boolean flag) {
        List<Long> selected = new ArrayList<>();
        for (int i = 0; i < micros.size(); i++) {
            if (flags.get(i) == flag) {
                selected.add(micros.get(i));
            }
        }
        return selected.isEmpty() ? List.of(0L) : selected;
    }

    private static double pct(List<Long> micros, int p) {
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        int i = Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1);
        return sorted.get(Math.max(0, i)) / 1000.0;
    }
}
