package dev.tandem.lang;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.lang.jdt.Cancellation;
import dev.tandem.lang.jdt.IncrementalProblems;
import dev.tandem.lang.jdt.IncrementalProblems.Baseline;
import dev.tandem.lang.jdt.IncrementalProblems.Plan;
import dev.tandem.lang.jdt.JavaProject;
import dev.tandem.lang.jdt.JdkLibrary;
import dev.tandem.lang.jdt.JdtResolver;
import dev.tandem.lang.jdt.ProjectLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jdt.core.compiler.CategorizedProblem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Diagnostics of an edit inside one method body from that method alone: when the shortcut is taken,
 * and that its problems are the full compilation's after many random edits.
 */
class IncrementalProblemsTest {

    static final String SAMPLE = """
            package p;

            import java.util.ArrayList;
            import java.util.HashMap;
            import java.util.List;
            import java.util.Map;
            import java.util.function.Function;
            import java.util.concurrent.atomic.AtomicInteger;
            import static java.lang.Math.max;

            public class Sample<T> {
                private final Map<String, Integer> counts = new HashMap<>();
                private int hits;
                private String label = "x";
                private final Runnable onField = () -> { hits++; };
                static { System.out.println("init"); }
                { hits = 1; }

                public Sample(int start) {
                    this.hits = start;
                }

                public int count(String key) {
                    List<String> seen = new ArrayList<>();
                    seen.add(key);
                    return counts.getOrDefault(key, 0) + helper(seen.size());
                }

                private int helper(int n) {
                    return max(n, hits);
                }

                private static String unusedHelper() {
                    return "never";
                }

                private AtomicInteger counter() {
                    return new AtomicInteger(hits);
                }

                public <R> R apply(Function<String, R> f) {
                    Runnable r = new Runnable() {
                        private int calls;
                        @Override public void run() { calls++; }
                    };
                    r.run();
                    class Local { private int depth() { return 1; } int d() { return depth(); } }
                    return f.apply(label + new Local().d() + counter().get());
                }

                private class Inner {
                    private Inner() {}
                    int value() { return hits; }
                }

                public int useInner() {
                    return new Inner().value();
                }

                public String describe() {
                    StringBuilder sb = new StringBuilder();
                    for (var e : counts.entrySet()) {
                        sb.append(e.getKey()).append('=').append(e.getValue());
                    }
                    return sb.toString();
                }

                interface Shape { double area(); }

                record Square(double side) implements Shape {
                    public double area() { return side * side; }
                }
            }
            """;

    static final List<String> SNIPPETS = List.of("hits++;", "counts.clear();", "helper(1);", "unusedHelper();",
            "counter();", "label = null;", "new Inner();", "int unused = 0;", "List<String> l = new ArrayList<>();",
            "Map<String, Integer> m = null;", "AtomicInteger a = null;", "max(1, 2);", "T t = null;", "String s = 1;",
            "new Object() { private int z; int w() { return hits; } };", "class L2 { private void g() {} }",
            "Runnable q = () -> { return; };", "return;", "throw new IllegalStateException();", "int hits = 2;",
            "Function<String, String> id = x -> x;", "HashMap<String, String> h = null;", "for (;;) { }", "if (hits > 0) {");


    /** A fresh one per compilation: a monitor's time limit runs from its creation. */
    private static Cancellation monitor() {
        return new Cancellation(() -> false, 120_000);
    }

    @TempDir
    Path dir;
    JavaProject project;
    Path file;

    @BeforeEach
    void setUp() throws Exception {
        Files.writeString(dir.resolve("pom.xml"), """
                <project><modelVersion>4.0.0</modelVersion><groupId>g</groupId><artifactId>a</artifactId>
                <version>1</version><properties><maven.compiler.release>17</maven.compiler.release></properties></project>
                """);
        file = Files.createDirectories(dir.resolve("src/main/java/p")).resolve("Sample.java");
        Files.writeString(file, SAMPLE);
        project = new JavaProject(ProjectLayout.detect(dir), new JdkLibrary(), new JdtResolver());
    }

    private Baseline full(String text) {
        return project.fullProblems(file, text.toCharArray(), Map.of(), "env", monitor());
    }

    private static String insertAt(String text, String anchor, String insert) {
        int at = text.indexOf(anchor);
        assertThat(at).as(anchor).isNotNegative();
        return text.substring(0, at) + insert + text.substring(at);
    }

    private Plan plan(Baseline base, String text) {
        return IncrementalProblems.plan(base, text, "env");
    }

    @Test
    void anEditInsideOneMethodBodyIsCheckedByThatMethodAlone() {
        Baseline base = full(SAMPLE);
        assertThat(IncrementalFixture.seen(base.problems())).extracting(IncrementalFixture.Seen::message)
                .containsExactly("The value of the field Sample<T>.onField is not used",
                        "The method unusedHelper() from the type Sample<T> is never used locally");
        String typo = insertAt(SAMPLE, "seen.add(key);", "seen.ad(key);\n        ");
        Plan plan = plan(base, typo);
        assertThat(plan.methodOnly()).isTrue();
        CategorizedProblem[] fast = project.methodProblems(file, typo, base, plan, Map.of(), monitor());
        assertThat(IncrementalFixture.seen(fast)).isEqualTo(IncrementalFixture.seen(full(typo).problems()))
                .extracting(IncrementalFixture.Seen::message).contains("The method ad(String) is undefined for the type List<String>",
                        "The method unusedHelper() from the type Sample<T> is never used locally");
    }

    @Test
    void editsOutsideMethodBodiesCompileTheWholeFile() {
        Baseline base = full(SAMPLE);
        assertThat(plan(base, SAMPLE.replace("private int hits;", "private int hitz;")).fallback())
                .isEqualTo("edit outside a method body");
        assertThat(plan(base, SAMPLE.replace("this.hits = start;", "this.hits = start + 1;")).fallback())
                .as("constructor").isEqualTo("edit outside a method body");
        assertThat(plan(base, SAMPLE.replace("{ hits = 1; }", "{ hits = 2; }")).fallback())
                .as("initializer block").isEqualTo("edit outside a method body");
        assertThat(plan(base, SAMPLE.replace("() -> { hits++; }", "() -> { hits--; }")).fallback())
                .as("lambda in a field initializer").isEqualTo("edit outside a method body");
        assertThat(plan(base, SAMPLE.replace("private int helper(int n)", "private int helper(long n)")).fallback())
                .as("signature").isEqualTo("edit outside a method body");
        assertThat(plan(base, SAMPLE.replace("import java.util.Map;", "import java.util.Set;")).fallback())
                .as("imports").isEqualTo("edit outside a method body");
        assertThat(plan(base, SAMPLE.replace("seen.add(key);", "seen.add(key); hits++;").replace("return max(n, hits);", "return n;"))
                .fallback()).as("two methods").isEqualTo("edit outside a method body");
        assertThat(plan(null, SAMPLE).fallback()).isEqualTo("no full compilation yet");
        assertThat(IncrementalProblems.plan(base, SAMPLE.replace("seen.add(key);", "seen.add(key + 1);"), "other files")
                .fallback()).isEqualTo("other files changed");
        assertThat(plan(base, SAMPLE.replace("seen.add(key);", "@SuppressWarnings(\"unused\") int u = 0;")).fallback())
                .isEqualTo("@SuppressWarnings");
    }

    @Test
    void aSyntaxErrorElsewhereInTheBaselineMeansFullCompilation() {
        String broken = SAMPLE.replace("return max(n, hits);", "return max(n, hits)");
        Baseline base = full(broken);
        assertThat(base.syntaxError()).isTrue();
        assertThat(plan(base, broken.replace("seen.add(key);", "seen.add(key + 1);")).fallback())
                .isEqualTo("syntax error in another part of the file");
        // In the edited method itself it is fine: typing passes through broken texts.
        assertThat(plan(base, broken.replace("return max(n, hits)", "return max(n, hits + 1)")).methodOnly()).isTrue();
    }

    @Test
    void aChangedStructureIsFoundByTheCompilerAndFallsBack() {
        Baseline base = full(SAMPLE);
        // Balanced inside the old range, but the method now ends early and a new one starts.
        String split = SAMPLE.replace("seen.add(key);", "} public void m() {");
        Plan plan = plan(base, split);
        assertThat(plan.methodOnly()).isTrue();
        assertThat(project.methodProblems(file, split, base, plan, Map.of(), monitor())).isNull();
        // An unclosed block comment swallows the rest of the file.
        String comment = SAMPLE.replace("seen.add(key);", "/* seen.add(key);");
        Plan commentPlan = plan(base, comment);
        assertThat(commentPlan.methodOnly()).isTrue();
        assertThat(project.methodProblems(file, comment, base, commentPlan, Map.of(), monitor())).isNull();
        // One brace too many: the diet parse recovers it inside the method, so the method alone tells.
        String unbalanced = SAMPLE.replace("seen.add(key);", "if (true) { seen.add(key);");
        Plan unbalancedPlan = plan(base, unbalanced);
        CategorizedProblem[] fast = project.methodProblems(file, unbalanced, base, unbalancedPlan, Map.of(), monitor());
        if (fast != null) {
            assertThat(IncrementalFixture.seen(fast)).isEqualTo(IncrementalFixture.seen(full(unbalanced).problems()));
        }
    }

    @Test
    void fileLevelWarningsFollowTheMethodOrFallBackWhenInDoubt() {
        Baseline base = full(SAMPLE);
        // The only use of unusedHelper() appears: its warning goes, decided by the method alone.
        String used = SAMPLE.replace("seen.add(key);", "seen.add(key + unusedHelper());");
        assertAgrees(base, used);
        // AtomicInteger's import and counter() are used only in counter() and apply(); counter()'s
        // body no longer mentions AtomicInteger: its import becomes unused, as the full compile says.
        String noImport = SAMPLE.replace("return new AtomicInteger(hits);", "return null;");
        assertAgrees(base, noImport);
        // helper() loses its only call: its name occurs nowhere else, so it is now unused.
        String noHelper = SAMPLE.replace("+ helper(seen.size())", "");
        assertAgrees(base, noHelper);
        // hits loses a mention in helper(), but onField's initializer, which the method-only compilation
        // sees too, still uses it: decided by the method alone.
        assertAgrees(base, SAMPLE.replace("return max(n, hits);", "return max(n, 1);"));
        // counts loses its mention in describe() and is used only by count()'s body, which the
        // method-only compilation does not see, while its name occurs there: undecided.
        String lessCounts = SAMPLE.replace("for (var e : counts.entrySet())", "for (var e : Map.of(\"k\", 1).entrySet())");
        Plan plan = plan(base, lessCounts);
        assertThat(plan.methodOnly()).as(plan.fallback()).isTrue();
        assertThat(project.methodProblems(file, lessCounts, base, plan, Map.of(), monitor()))
                .as("undecided: the whole file is compiled").isNull();
        // A syntax error hides the unused-private warnings of the whole file, and they come back when fixed.
        String syntax = SAMPLE.replace("seen.add(key);", "seen.add(key)");
        assertAgrees(base, syntax);
        Baseline broken = IncrementalProblems.better(base, full(syntax));
        assertThat(broken).as("the clean baseline is kept").isSameAs(base);
        assertAgrees(broken, SAMPLE.replace("seen.add(key);", "seen.add(key + 2);"));
    }

    /** {@code text} is checked by its method alone, with the full compilation's problems. */
    private void assertAgrees(Baseline base, String text) {
        Plan plan = plan(base, text);
        assertThat(plan.methodOnly()).as(plan.fallback()).isTrue();
        CategorizedProblem[] fast = project.methodProblems(file, text, base, plan, Map.of(), monitor());
        assertThat(fast).as("decided by the method alone").isNotNull();
        assertThat(IncrementalFixture.seen(fast)).isEqualTo(IncrementalFixture.seen(full(text).problems()));
    }

    @Test
    void randomEditsInMethodBodiesGiveTheFullCompilationsProblems() {
        var tally = new IncrementalFixture(project, file, SNIPPETS, Long.getLong("incremental.seed", 6)).run(SAMPLE, 400);
        System.out.println("random edits of Sample.java: " + tally);
        assertThat(tally.methodOnly()).as("edits checked by their method alone").isGreaterThan(150);
        assertThat(tally.withSyntaxError()).isGreaterThan(20);
        assertThat(tally.withUnusedWarningChange()).isGreaterThan(5);
    }
}
