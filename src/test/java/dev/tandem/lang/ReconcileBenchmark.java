package dev.tandem.lang;

import dev.tandem.lang.jdt.Cancellation;
import dev.tandem.lang.jdt.IncrementalProblems;
import dev.tandem.lang.jdt.JavaProject;
import dev.tandem.lang.jdt.JdkLibrary;
import dev.tandem.lang.jdt.JdtResolver;
import dev.tandem.lang.jdt.ProjectLayout;
import dev.tandem.lang.jdt.WorkspaceCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.eclipse.jdt.core.dom.AST;
import org.eclipse.jdt.core.dom.ASTParser;
import org.eclipse.jdt.core.dom.CompilationUnit;

/**
 * The compiler work behind one keystroke's diagnostics, in process (no websocket, no debounce):
 * Tandem's {@link JavaProject} against DESIGN.md's peer, a naive {@code ASTParser} reconcile
 * (bindings on, a new parser each time, the source folder given as source path), interleaved on
 * the same generated 200-file project with a 2,000-line file, each run on a slightly different text.
 * Also used by {@link LangBenchmark}, which prints the same rows.
 */
public final class ReconcileBenchmark {

    /** Only Tandem's keystroke path (for profiling it). */
    private static final boolean CHECK_ONLY = Boolean.getBoolean("bench.checkOnly");

    private ReconcileBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Files.createTempDirectory("tandem-reconcile-bench");
        SyntheticProject.write(root, 200, 2000);
        run(root, Integer.getInteger("bench.rounds", 100));
    }

    /** Prints p50/p99 of both and their ratio. */
    static void run(Path root, int rounds) throws Exception {
        Path big = root.resolve(SyntheticProject.BIG_FILE);
        String text = Files.readString(big);
        var layout = ProjectLayout.detect(root);
        var project = new JavaProject(layout, new JdkLibrary(), new JdtResolver());
        Map<String, String> options = project.options();
        String[] sourcePath = layout.sourceRoots().stream().map(Path::toString).toArray(String[]::new);

        long coldStart = System.nanoTime();
        CompilationUnit first = project.compile(big, text.toCharArray(), Map.of(), true, monitor());
        System.out.printf("tandem: first compilation (cold) %d ms, %d problems%n", (System.nanoTime() - coldStart) / 1_000_000,
                first.getProblems().length);
        coldStart = System.nanoTime();
        CompilationUnit peerFirst = naive(text, big, sourcePath, options);
        System.out.printf("naive ASTParser: first compilation %d ms, %d problems%n", (System.nanoTime() - coldStart) / 1_000_000,
                peerFirst.getProblems().length);

        long checkStart = System.nanoTime();
        var checked = WorkspaceCheck.run(project, monitor());
        System.out.printf("tandem: whole-workspace check %d ms (%d files)%n", (System.nanoTime() - checkStart) / 1_000_000,
                checked.size());

        // The baseline of method-only checks: the unedited file's full compilation.
        var baseline = project.fullProblems(big, text.toCharArray(), Map.of(), "bench", monitor());
        List<Long> methodOnly = new ArrayList<>();
        List<Long> ours = new ArrayList<>();
        List<Long> sourceOnly = new ArrayList<>();
        List<Long> peer = new ArrayList<>();
        int warmup = Math.max(5, rounds / 10);
        for (int i = 0; i < rounds + warmup; i++) {
            // A keystroke: a character typed in (or removed from) a method body.
            String edited = i % 2 == 0 ? text : text.replaceFirst("int n = ", "int nx = ");
            long t = System.nanoTime();
            project.problems(big, edited.toCharArray(), Map.of(), monitor());
            long a = System.nanoTime() - t;
            if (i >= warmup) {
                ours.add(a / 1_000);
            }
            if (!edited.equals(text)) {
                var plan = IncrementalProblems.plan(baseline, edited, "bench");
                t = System.nanoTime();
                if (!plan.methodOnly() || project.methodProblems(big, edited, baseline, plan, Map.of(), monitor()) == null) {
                    throw new IllegalStateException("not a method-only edit: " + plan.fallback());
                }
                if (i >= warmup) {
                    methodOnly.add((System.nanoTime() - t) / 1_000);
                }
            }
            if (CHECK_ONLY) {
                continue;
            }
            t = System.nanoTime();
            project.compile(big, edited.toCharArray(), Map.of(), true, monitor()).getProblems();
            long c = System.nanoTime() - t;
            t = System.nanoTime();
            naive(edited, big, sourcePath, options).getProblems();
            long b = System.nanoTime() - t;
            if (i >= warmup) {
                sourceOnly.add(c / 1_000);
                peer.add(b / 1_000);
            }
        }
        System.out.printf("tandem problems (no DOM; other files as compiled classes) (n=%d): p50 %.1f ms, p99 %.1f ms%n", ours.size(),
                pct(ours, 50), pct(ours, 99));
        System.out.printf("tandem method-only check (the edited method; the rest from the baseline) (n=%d): p50 %.1f ms, p99 %.1f ms%n",
                methodOnly.size(), pct(methodOnly, 50), pct(methodOnly, 99));
        if (CHECK_ONLY) {
            project.close();
            return;
        }
        System.out.printf("tandem compile (DOM; other files from source, as before) (n=%d): p50 %.1f ms, p99 %.1f ms%n", sourceOnly.size(),
                pct(sourceOnly, 50), pct(sourceOnly, 99));
        System.out.printf("naive ASTParser (n=%d): p50 %.1f ms, p99 %.1f ms%n", peer.size(), pct(peer, 50), pct(peer, 99));
        System.out.printf("ratio tandem / naive: p50 %.2f, p99 %.2f%n", pct(ours, 50) / pct(peer, 50),
                pct(ours, 99) / pct(peer, 99));
        System.out.printf("ratio tandem method-only / naive: p50 %.2f, p99 %.2f%n", pct(methodOnly, 50) / pct(peer, 50),
                pct(methodOnly, 99) / pct(peer, 99));
        project.close();
    }

    private static CompilationUnit naive(String text, Path file, String[] sourcePath, Map<String, String> options) {
        ASTParser parser = ASTParser.newParser(AST.getJLSLatest());
        parser.setKind(ASTParser.K_COMPILATION_UNIT);
        parser.setCompilerOptions(options);
        parser.setEnvironment(new String[0], sourcePath, null, true);
        parser.setUnitName(file.toString());
        parser.setSource(text.toCharArray());
        parser.setResolveBindings(true);
        parser.setBindingsRecovery(true);
        parser.setStatementsRecovery(true);
        return (CompilationUnit) parser.createAST(null);
    }

    private static Cancellation monitor() {
        return new Cancellation(() -> false, 120_000);
    }

    static double pct(List<Long> micros, int p) {
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        int i = Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1);
        return sorted.get(Math.max(0, i)) / 1000.0;
    }
}
