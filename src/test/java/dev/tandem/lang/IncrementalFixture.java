package dev.tandem.lang;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.lang.jdt.Cancellation;
import dev.tandem.lang.jdt.IncrementalProblems;
import dev.tandem.lang.jdt.IncrementalProblems.Baseline;
import dev.tandem.lang.jdt.IncrementalProblems.Body;
import dev.tandem.lang.jdt.IncrementalProblems.Plan;
import dev.tandem.lang.jdt.JavaProject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.eclipse.jdt.core.compiler.CategorizedProblem;

/**
 * Random edits inside (and sometimes outside) the method bodies of one file, each checked both ways:
 * the method-only path ({@link JavaProject#methodProblems}) against a full compilation of the same
 * text. Baselines are kept as {@code lsp.DocumentProblems} keeps them.
 */
final class IncrementalFixture {

    /** A problem as the client sees it. */
    record Seen(String severity, int start, int end, int id, String message) {
        static Seen of(CategorizedProblem p) {
            return new Seen(p.isError() ? "error" : p.isWarning() ? "warning" : "info", p.getSourceStart(), p.getSourceEnd(),
                    p.getID(), p.getMessage());
        }
    }

    /** How the edits went: checked by the method alone, undecided by it (full compile), or planned as full. */
    record Tally(int methodOnly, int undecided, int fallback, int withSyntaxError, int withUnusedWarningChange) {
    }

    private static final String[] TOKENS = {"x", ";", "(", ")", "{", "}", "\"", "/*", "*/", "//", ".", " ", "int ", "return ",
        "null", "1", "+", "=", "\n", "'", "->", "::", "new ", "if (true) ", "var v = ", "this."};

    private final JavaProject project;

    /** A fresh one per compilation: a monitor's time limit runs from its creation. */
    private static Cancellation monitor() {
        return new Cancellation(() -> false, 120_000);
    }

    private final Path file;
    private final List<String> snippets;
    private final Random random;
    private int method = -1;

    IncrementalFixture(JavaProject project, Path file, List<String> snippets, long seed) {
        this.project = project;
        this.file = file;
        this.snippets = snippets;
        this.random = new Random(seed);
    }

    static List<Seen> seen(CategorizedProblem[] problems) {
        return Arrays.stream(problems).map(Seen::of)
                .sorted(Comparator.comparingInt(Seen::start).thenComparingInt(Seen::end).thenComparing(Seen::message))
                .toList();
    }

    Baseline full(String text) {
        return project.fullProblems(file, text.toCharArray(), Map.of(), "env", monitor());
    }

    /** Applies {@code edits} random edits to {@code original}, asserting after each that both paths agree. */
    Tally run(String original, int edits) {
        String text = original;
        Baseline current = full(text);
        Baseline base = current;
        String previous = text;
        int methodOnly = 0;
        int undecided = 0;
        int fallback = 0;
        int syntax = 0;
        int unusedChanges = 0;
        for (int step = 0; step < edits; step++) {
            String next = edit(text, previous, original, current.bodies());
            previous = text;
            text = next;
            Plan plan = IncrementalProblems.plan(base, text, "env");
            Baseline full = full(text);
            CategorizedProblem[] fast = plan.methodOnly()
                    ? project.methodProblems(file, text, base, plan, Map.of(), monitor()) : null;
            if (fast != null) {
                methodOnly++;
                if (full.syntaxError()) {
                    syntax++;
                }
                if (!unusedWarnings(full.problems()).equals(unusedWarnings(base.problems()))) {
                    unusedChanges++;
                }
                List<Seen> expected = seen(full.problems());
                assertThat(seen(fast)).as("step %d (seed edit of %s), text:%n%s", step, file.getFileName(), text)
                        .isEqualTo(expected);
            } else {
                if (plan.methodOnly()) {
                    undecided++;
                } else {
                    fallback++;
                    if (System.getProperty("incremental.debug") != null) {
                        System.out.println("fallback: " + plan.fallback());
                    }
                }
                base = IncrementalProblems.better(base, full);
            }
            if (step % 17 == 16) {
                // Typing paused: the quiet full check.
                base = IncrementalProblems.better(base, full);
            }
            current = full;
        }
        return new Tally(methodOnly, undecided, fallback, syntax, unusedChanges);
    }

    private static List<String> unusedWarnings(CategorizedProblem[] problems) {
        return Arrays.stream(problems).filter(p -> p.getMessage().contains("never used") || p.getMessage().contains("not used"))
                .map(CategorizedProblem::getMessage).sorted().toList();
    }

    private String edit(String text, String previous, String original, List<Body> bodies) {
        int kind = random.nextInt(100);
        if (kind < 12) {
            return previous;
        }
        if (kind < 16) {
            return original;
        }
        if (kind < 20 || bodies.isEmpty()) {
            // Anywhere in the file: signatures, fields, initializers, imports.
            int at = random.nextInt(text.length());
            return text.substring(0, at) + pick(TOKENS) + text.substring(at);
        }
        // Like a user, keep typing in one method for a while.
        if (method < 0 || method >= bodies.size() || random.nextInt(10) == 0) {
            method = random.nextInt(bodies.size());
            if (random.nextInt(4) > 0) {
                // Mostly the user fixed what they left behind before moving on.
                method = -1;
                return original;
            }
        }
        Body body = bodies.get(method);
        int from = body.bodyStart();
        int to = body.close();
        int at = from + random.nextInt(Math.max(1, to - from));
        if (kind < 42) {
            return text.substring(0, at) + pick(TOKENS) + text.substring(at);
        }
        if (kind < 55) {
            int end = Math.min(to, at + 1 + random.nextInt(12));
            return text.substring(0, at) + text.substring(end);
        }
        if (kind < 75) {
            // Delete a whole line of the body: may drop the last use of an import or private member.
            int lineStart = Math.max(from, text.lastIndexOf('\n', at) + 1);
            int lineEnd = text.indexOf('\n', at);
            if (lineEnd < 0 || lineEnd >= to) {
                lineEnd = to;
            }
            return text.substring(0, lineStart) + text.substring(lineEnd);
        }
        // A statement at a line start: a use of a member, an import, a local or anonymous class.
        int lineStart = Math.max(from, text.lastIndexOf('\n', at) + 1);
        return text.substring(0, lineStart) + pick(snippets) + "\n" + text.substring(lineStart);
    }

    private String pick(String[] options) {
        return options[random.nextInt(options.length)];
    }

    private String pick(List<String> options) {
        return options.get(random.nextInt(options.size()));
    }

    /** Statements using every identifier of {@code text}, for the real files. */
    static List<String> snippetsOf(String text) {
        List<String> names = new ArrayList<>();
        var matcher = java.util.regex.Pattern.compile("\\b([A-Za-z_][A-Za-z0-9_]{2,})\\b").matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        List<String> snippets = new ArrayList<>();
        for (int i = 0; i < names.size(); i += 7) {
            String name = names.get(i);
            snippets.add(name + ";");
            snippets.add("Object o" + i + " = " + name + ";");
            snippets.add(name + "();");
            snippets.add(name + " v" + i + " = null;");
        }
        return snippets;
    }
}
