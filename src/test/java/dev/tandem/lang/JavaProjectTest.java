package dev.tandem.lang;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.lang.jdt.Cancellation;
import dev.tandem.lang.jdt.JavaProject;
import dev.tandem.lang.jdt.JdkLibrary;
import dev.tandem.lang.jdt.JdtResolver;
import dev.tandem.lang.jdt.ProjectLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.eclipse.jdt.core.compiler.IProblem;
import org.eclipse.jdt.core.dom.CompilationUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaProjectTest {

    @TempDir
    Path dir;

    @Test
    void resolvesAgainstJdkAndSourcesWithCachedClasspath() throws Exception {
        SyntheticProject.write(dir, 200, 2000);
        var project = new JavaProject(ProjectLayout.detect(dir), new JdkLibrary(), new JdtResolver());
        Path big = dir.resolve(SyntheticProject.BIG_FILE);
        char[] text = Files.readString(big).toCharArray();
        long[] times = new long[3];
        CompilationUnit unit = null;
        for (int i = 0; i < times.length; i++) {
            long t = System.nanoTime();
            unit = project.compile(big, text, Map.of(), true, new Cancellation(() -> false, 120_000));
            times[i] = (System.nanoTime() - t) / 1_000_000;
        }
        System.out.println("compile ms: " + Arrays.toString(times));
        assertThat(unit.getProblems()).extracting(IProblem::getMessage).isEmpty();
        String broken = new String(text).replace("n += item.length();", "n += item.lenth();");
        unit = project.compile(big, broken.toCharArray(), Map.of(), true, new Cancellation(() -> false, 120_000));
        assertThat(unit.getProblems()).extracting(IProblem::getMessage).contains("The method lenth() is undefined for the type String");
    }
}
