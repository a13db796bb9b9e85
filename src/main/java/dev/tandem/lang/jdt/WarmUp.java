package dev.tandem.lang.jdt;

import java.util.List;
import java.util.Map;
import org.eclipse.jdt.internal.compiler.batch.CompilationUnit;

/**
 * Compiles a small file against the JDK once, so that the first workspace opened after the server
 * started does not pay for loading and first running JDT's compiler, DOM and the JDK classes most
 * files touch (together about a second on a busy two-core machine, measured in docs/BENCHMARKS.md).
 */
public final class WarmUp {

    private static final String SOURCE = """
            package warmup;

            import java.util.ArrayList;
            import java.util.HashMap;
            import java.util.List;
            import java.util.Map;
            import java.util.stream.Collectors;

            /** Uses what most files use: collections, generics, lambdas, method references, streams. */
            class Warm {
                private final Map<String, Integer> counts = new HashMap<>();

                List<String> run(List<String> items) {
                    List<String> out = new ArrayList<>();
                    for (String item : items) {
                        counts.merge(item.trim(), 1, Integer::sum);
                        out.add(String.valueOf(item.length()));
                    }
                    StringBuilder sb = new StringBuilder();
                    sb.append(out.size()).append(';');
                    return out.stream().filter(s -> !s.isEmpty()).map(String::toUpperCase).collect(Collectors.toList());
                }
            }
            """;

    private WarmUp() {
    }

    /** Runs the compiler (problems only, as a keystroke does, whole file and one method) and the DOM resolver (as completion does) once. */
    public static void run(JdkLibrary jdk, JdtResolver resolver) {
        Map<String, String> options = JavaProject.compilerOptions("17");
        List<org.eclipse.jdt.internal.compiler.batch.FileSystem.Classpath> classpath = List.of(jdk.classpath());
        Cancellation monitor = new Cancellation(() -> false, 60_000);
        char[] text = SOURCE.toCharArray();
        var full = WorkspaceCheck.problemsOf(new CompilationUnit(text, "/warmup/Warm.java", "UTF-8"),
                new ProjectEnvironment(classpath), options, monitor);
        // And the method-only check of a keystroke (IncrementalProblems).
        if (!full.bodies().isEmpty()) {
            WorkspaceCheck.methodProblemsOf(new CompilationUnit(text, "/warmup/Warm.java", "UTF-8"),
                    new ProjectEnvironment(classpath), options, full.bodies().get(0), monitor);
        }
        resolver.resolve(text, "/warmup/Warm.java", classpath, options, true, SOURCE.indexOf("sb.append"), monitor);
        jdk.typeNames();
    }
}
