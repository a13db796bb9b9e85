package dev.tandem.lang;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.lang.jdt.Cancellation;
import dev.tandem.lang.jdt.JavaProject;
import dev.tandem.lang.jdt.JdkLibrary;
import dev.tandem.lang.jdt.JdtResolver;
import dev.tandem.lang.jdt.ProjectLayout;
import dev.tandem.lang.jdt.WorkspaceCheck;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The differential test of {@link IncrementalProblemsTest} on real files: Tandem's own sources (all
 * 250 files, with this JVM's class path as their dependencies, checked once as a workspace), random
 * edits in the method bodies of some of its larger files (without {@code @SuppressWarnings}, which
 * always means a full compilation). Runs about a minute: run it under the
 * shared lock.
 */
class IncrementalProblemsRealFileTest {

    @TempDir
    static Path dir;
    static JavaProject project;

    @BeforeAll
    static void copySources() throws Exception {
        Files.writeString(dir.resolve("pom.xml"), """
                <project><modelVersion>4.0.0</modelVersion><groupId>g</groupId><artifactId>a</artifactId>
                <version>1</version><properties><maven.compiler.release>17</maven.compiler.release></properties></project>
                """);
        Path from = Path.of("src/main/java");
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Path to = dir.resolve("src/main/java").resolve(from.relativize(source).toString());
                Files.createDirectories(to.getParent());
                Files.copy(source, to);
            }
        }
        project = new JavaProject(ProjectLayout.detect(dir), new JdkLibrary(), new JdtResolver());
        List<Path> jars = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> p.endsWith(".jar")).map(Path::of).toList();
        project.setDependencies(jars);
        var check = WorkspaceCheck.run(project, new Cancellation(() -> false, 300_000));
        assertThat(check).hasSizeGreaterThan(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev/tandem/lang/lsp/LspSession.java", "dev/tandem/lang/jdt/Navigation.java",
        "dev/tandem/lang/OpenProject.java"})
    void randomEditsInMethodBodiesGiveTheFullCompilationsProblems(String path) throws Exception {
        Path file = dir.resolve("src/main/java").resolve(path);
        String text = Files.readString(file);
        var tally = new IncrementalFixture(project, file, IncrementalFixture.snippetsOf(text), path.hashCode()).run(text, 120);
        System.out.println("random edits of " + path + ": " + tally);
        // Many random edits land outside bodies or leave a syntax error elsewhere (full compilations); enough
        // of them must have been checked both ways for the comparison to mean something.
        assertThat(tally.methodOnly()).as("edits checked by their method alone").isGreaterThan(10);
    }
}
