package dev.tandem.lang;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.lang.jdt.Cancellation;
import dev.tandem.lang.jdt.JavaProject;
import dev.tandem.lang.jdt.JdkLibrary;
import dev.tandem.lang.jdt.JdtResolver;
import dev.tandem.lang.jdt.ProjectLayout;
import dev.tandem.lang.jdt.WorkspaceCheck;
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

    @Test
    void keystrokeProblemsReadOtherFilesAsCompiledClassesUntilTheyChangeOnDisk() throws Exception {
        SyntheticProject.write(dir, 20, 200);
        var project = new JavaProject(ProjectLayout.detect(dir), new JdkLibrary(), new JdtResolver());
        var monitor = new Cancellation(() -> false, 120_000);
        var check = WorkspaceCheck.run(project, monitor);
        assertThat(check).hasSize(20);
        assertThat(check.values()).allSatisfy(diagnostics -> assertThat(diagnostics).isEmpty());

        Path big = dir.resolve(SyntheticProject.BIG_FILE);
        String text = Files.readString(big);
        assertThat(project.checkedAs(big, text.toCharArray())).isTrue();
        assertThat(project.checkedAs(big, (text + " ").toCharArray())).isFalse();
        assertThat(project.problems(big, text.toCharArray(), Map.of(), monitor)).isEmpty();
        String typo = text.replace("n += item.length();", "n += item.lenth();");
        assertThat(project.problems(big, typo.toCharArray(), Map.of(), monitor)).extracting(IProblem::getMessage)
                .contains("The method lenth() is undefined for the type String");

        // C1 loses add(String) on disk: its class file from the check is stale and must not be used.
        Path c1 = dir.resolve("src/main/java/com/example/gen/C1.java");
        Files.writeString(c1, Files.readString(c1).replace("public int add(String item)", "public int put(String item)"));
        Files.setLastModifiedTime(c1, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        assertThat(project.checkedAs(c1, Files.readString(c1).toCharArray())).as("changed on disk since the check").isFalse();
        assertThat(project.problems(big, text.toCharArray(), Map.of(), monitor)).extracting(IProblem::getMessage)
                .contains("The method add(String) is undefined for the type C1");

        // An open document of C1 wins over both the file and the class file.
        String c1Open = Files.readString(c1).replace("public int put(String item)", "public int add(String item)");
        assertThat(project.problems(big, text.toCharArray(), Map.of(c1, c1Open.toCharArray()), monitor)).isEmpty();
    }
}
