package dev.tandem.lang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tandem.config.TandemProperties;
import dev.tandem.sandbox.Sandbox;
import dev.tandem.sandbox.SandboxProperties;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;
import org.springframework.util.unit.DataSize;

/**
 * Dependency resolution with real Maven in the real sandbox: a pom's build extension (code Maven loads
 * while it reads the project) must not be able to write outside the sandbox, nor change what another
 * workspace's resolution uses, and ordinary resolution must still work.
 */
class MavenDependenciesSandboxTest {

    /** A build extension that writes a marker file at the path in the project's {@code marker} property. */
    private static final String EXTENSION = """
            package evil;

            import java.nio.file.Files;
            import java.nio.file.Path;
            import org.apache.maven.AbstractMavenLifecycleParticipant;
            import org.apache.maven.MavenExecutionException;
            import org.apache.maven.execution.MavenSession;

            public class Marker extends AbstractMavenLifecycleParticipant {
                @Override
                public void afterProjectsRead(MavenSession session) throws MavenExecutionException {
                    String marker = session.getProjects().get(0).getProperties().getProperty("marker");
                    try {
                        Files.writeString(Path.of(marker), "written by a build extension");
                    } catch (Exception e) {
                        throw new MavenExecutionException("marker refused: " + e, e);
                    }
                }
            }
            """;

    /**
     * A build extension that replaces {@code test:lib:1.0} in the local repository Maven uses with the jar
     * at the path in the project's {@code poison} property: what a hostile pom would do to a repository
     * shared with other workspaces.
     */
    private static final String POISON = """
            package evil;

            import java.nio.file.Files;
            import java.nio.file.Path;
            import java.nio.file.StandardCopyOption;
            import org.apache.maven.AbstractMavenLifecycleParticipant;
            import org.apache.maven.MavenExecutionException;
            import org.apache.maven.execution.MavenSession;

            public class Poison extends AbstractMavenLifecycleParticipant {
                @Override
                public void afterProjectsRead(MavenSession session) throws MavenExecutionException {
                    Path repository = session.getRepositorySession().getLocalRepository().getBasedir().toPath();
                    Path poison = Path.of(session.getProjects().get(0).getProperties().getProperty("poison"));
                    try {
                        Path dir = Files.createDirectories(repository.resolve("test/lib/1.0"));
                        Files.copy(poison, dir.resolve("lib-1.0.jar"), StandardCopyOption.REPLACE_EXISTING);
                        Files.writeString(dir.resolve("lib-1.0.pom"), "<project><modelVersion>4.0.0</modelVersion>"
                                + "<groupId>test</groupId><artifactId>lib</artifactId><version>1.0</version></project>");
                    } catch (Exception e) {
                        throw new MavenExecutionException("poisoning refused: " + e, e);
                    }
                }
            }
            """;

    private Path dataDir;
    private TandemProperties tandem;
    /** Workspace 1's local repository. */
    private Path repository;
    private Sandbox sandbox;
    private MavenDependencies maven;
    /** A repository served as {@code file://} to the poms of a test that needs one; outside the data directory and {@code /tmp}, which the sandbox hides. */
    private Path remote;

    @BeforeEach
    void setUp() throws IOException {
        // Searchable by others: when the tests run as root, the sandbox user must reach the workspaces' repositories under it.
        dataDir = Files.createTempDirectory("tandem-lang-maven-test", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        tandem = new TandemProperties(dataDir, null, DataSize.ofMegabytes(1));
        sandbox = new Sandbox(new SandboxProperties(null, false, null, null, null, null), tandem);
        assumeTrue(sandbox.isolated() || System.getenv("CI") != null, "bubblewrap is not usable here");
        assertThat(sandbox.isolated()).as("bubblewrap is installed and works").isTrue();
        maven = new MavenDependencies(properties("mvn", Duration.ofMinutes(4)), tandem, sandbox);
        // Pre-seeded, as if downloaded earlier: workspace 1's local repository (no network needed for these).
        repository = dataDir.resolve("lang/cache/1/m2");
        install(repository, "test", "lib", jar(Files.createDirectories(dataDir.resolve("tmp/lib-classes"))));
        install(repository, "test", "evil-extension", extensionJar(dataDir.resolve("tmp"), "Marker", EXTENSION));
    }

    @AfterEach
    void tearDown() throws IOException {
        FileSystemUtils.deleteRecursively(dataDir);
        if (remote != null) {
            FileSystemUtils.deleteRecursively(remote);
        }
    }

    @Test
    void aBuildExtensionInThePomCannotWriteTheServersFiles() throws Exception {
        Path marker = dataDir.resolve("marker.txt");
        Path pom = pom(marker, true);

        MavenDependencies.Resolution resolution = maven.resolve(1, pom);

        assertThat(marker).as("the extension ran sandboxed").doesNotExist();
        assertThat(resolution.jars()).isEmpty();
        assertThat(resolution.error()).as("the extension ran, and its write was refused").contains("marker refused");

        // The same pom with plain Maven, as the server's user, as before: the marker is written.
        Process plain = new ProcessBuilder("mvn", "-B", "-q", "-f", pom.toString(), "-Dmaven.repo.local=" + repository, "validate")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(plain.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(marker).as("the test can fail: unsandboxed, the extension writes").hasContent("written by a build extension");
    }

    @Test
    void anOrdinaryPomStillResolvesIntoLangsRepository() throws Exception {
        MavenDependencies.Resolution resolution = maven.resolve(1, pom(dataDir.resolve("unused"), false));

        assertThat(resolution.error()).isNull();
        assertThat(resolution.jars()).containsExactly(repository.resolve("test/lib/1.0/lib-1.0.jar"));
    }

    @Test
    void whatOneWorkspacesResolutionWritesIsNeverUsedByAnothers() throws Exception {
        remote = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "lang-remote-repo",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path tmp = Files.createDirectories(dataDir.resolve("tmp"));
        install(remote, "test", "lib", jar(withEntry(tmp.resolve("original"), "original.txt")));
        install(remote, "test", "poison-extension", extensionJar(tmp, "Poison", POISON));
        Path poisoned = Files.copy(jar(withEntry(tmp.resolve("poisoned"), "poisoned.txt")), remote.resolve("poisoned.jar"));
        Path poisoner = workspacePom(2, """
                <properties><poison>%s</poison></properties>
                <build><extensions><extension>
                  <groupId>test</groupId><artifactId>poison-extension</artifactId><version>1.0</version>
                </extension></extensions></build>
                """.formatted(poisoned));
        Path victim = workspacePom(3, "");

        MavenDependencies.Resolution first = maven.resolve(2, poisoner);
        MavenDependencies.Resolution second = maven.resolve(3, victim);

        assertThat(first.error()).isNull();
        assertThat(first.jars()).hasSize(1);
        assertThat(entries(first.jars().get(0)))
                .as("the test can fail: the extension replaced the jar in the repository its resolution uses, so a"
                        + " resolution sharing that repository gets the replacement")
                .contains("poisoned.txt");
        assertThat(second.error()).isNull();
        assertThat(second.jars()).hasSize(1);
        assertThat(entries(second.jars().get(0))).as("the other workspace got the real jar").contains("original.txt")
                .doesNotContain("poisoned.txt");
        assertThat(second.jars().get(0)).startsWithRaw(dataDir.resolve("lang/cache/3/m2"));

        maven.delete(2);

        assertThat(dataDir.resolve("lang/cache/2")).as("deleted with its workspace").doesNotExist();
        assertThat(maven.resolve(3, victim)).as("another workspace's cache stays").isEqualTo(second);
    }

    @Test
    void aResolutionPastTheTimeoutIsKilledWithEverythingItStarted() throws Exception {
        // A stand-in for Maven that starts a child and never ends; in workspace 1's repository, where the sandbox sees it.
        Path slowMaven = Files.writeString(repository.resolve("slow-mvn.sh"), "#!/bin/sh\nsleep 317 &\nsleep 318\n");
        assertThat(slowMaven.toFile().setExecutable(true, false)).isTrue();
        MavenDependencies slow = new MavenDependencies(properties(slowMaven.toString(), Duration.ofSeconds(3)), tandem, sandbox);

        MavenDependencies.Resolution resolution = slow.resolve(1, pom(dataDir.resolve("unused"), false));

        assertThat(resolution.error()).contains("took longer than 3 s");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sleepers() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(sleepers()).as("the stand-in and its child are gone").isZero();
    }

    private static long sleepers() {
        return ProcessHandle.allProcesses()
                .map(p -> p.info().commandLine().orElse(""))
                .filter(c -> c.contains("sleep 317") || c.contains("sleep 318"))
                .count();
    }

    private static LangProperties properties(String mavenCommand, Duration timeout) {
        return new LangProperties(4194304, Duration.ofMillis(30), Duration.ofSeconds(15), mavenCommand, timeout,
                DataSize.ofGigabytes(2), 512, Duration.ofSeconds(60), Duration.ofSeconds(2), Duration.ofMillis(400),
                Duration.ofSeconds(5));
    }

    private Path pom(Path marker, boolean withExtension) throws IOException {
        Path dir = Files.createDirectories(dataDir.resolve("workspaces/1"));
        String extension = withExtension ? """
                  <build><extensions><extension>
                    <groupId>test</groupId><artifactId>evil-extension</artifactId><version>1.0</version>
                  </extension></extensions></build>
                """ : "";
        return Files.writeString(dir.resolve("pom.xml"), """
                <project>
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>test</groupId><artifactId>app</artifactId><version>1</version>
                  <properties><marker>%s</marker></properties>
                  <dependencies><dependency>
                    <groupId>test</groupId><artifactId>lib</artifactId><version>1.0</version>
                  </dependency></dependencies>
                %s</project>
                """.formatted(marker, extension));
    }

    /**
     * A pom of workspace {@code id} that depends on {@code test:lib:1.0}, resolved (with its plugins and
     * extensions) from the {@code file://} repository {@link #remote} before the usual ones.
     */
    private Path workspacePom(long id, String more) throws IOException {
        Path dir = Files.createDirectories(dataDir.resolve("workspaces/" + id));
        return Files.writeString(dir.resolve("pom.xml"), """
                <project>
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>test</groupId><artifactId>app</artifactId><version>1</version>
                  <repositories><repository><id>remote</id><url>%1$s</url></repository></repositories>
                  <pluginRepositories><pluginRepository><id>remote</id><url>%1$s</url></pluginRepository></pluginRepositories>
                  <dependencies><dependency>
                    <groupId>test</groupId><artifactId>lib</artifactId><version>1.0</version>
                  </dependency></dependencies>
                %2$s</project>
                """.formatted(remote.toUri(), more));
    }

    /** A folder of classes holding one empty file {@code name}. */
    private static Path withEntry(Path classes, String name) throws IOException {
        Files.createDirectories(classes);
        Files.writeString(classes.resolve(name), "");
        return classes;
    }

    private static List<String> entries(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().map(JarEntry::getName).toList();
        }
    }

    /** Puts a jar and a minimal pom into a repository, as Maven lays them out. */
    private static void install(Path repository, String group, String artifact, Path jar) throws IOException {
        Path dir = Files.createDirectories(repository.resolve(group).resolve(artifact).resolve("1.0"));
        Files.copy(jar, dir.resolve(artifact + "-1.0.jar"));
        Files.writeString(dir.resolve(artifact + "-1.0.pom"), """
                <project><modelVersion>4.0.0</modelVersion>
                <groupId>%s</groupId><artifactId>%s</artifactId><version>1.0</version></project>
                """.formatted(group, artifact));
    }

    /** The extension {@code evil.<name>}, compiled against the Maven installation that runs it. */
    private static Path extensionJar(Path tmp, String name, String code) throws IOException {
        Path src = Files.createDirectories(tmp.resolve(name + "-src"));
        Path classes = Files.createDirectories(tmp.resolve(name + "-classes"));
        Path source = Files.createDirectories(src.resolve("evil")).resolve(name + ".java");
        Files.writeString(source, code);
        String classpath;
        try (Stream<Path> libs = Files.list(mavenHome().resolve("lib"))) {
            classpath = String.join(File.pathSeparator, libs.map(Path::toString).filter(p -> p.endsWith(".jar")).toList());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, "-cp", classpath, "-d", classes.toString(), source.toString());
        assertThat(status).as("the extension compiles").isZero();
        // A Plexus component descriptor: Maven 3.8 does not read a build extension's Sisu index.
        Files.createDirectories(classes.resolve("META-INF/plexus"));
        Files.writeString(classes.resolve("META-INF/plexus/components.xml"), """
                <component-set><components><component>
                  <role>org.apache.maven.AbstractMavenLifecycleParticipant</role><role-hint>%s</role-hint>
                  <implementation>evil.%s</implementation>
                </component></components></component-set>
                """.formatted(name, name));
        return jar(classes);
    }

    private static Path mavenHome() throws IOException {
        Process process = new ProcessBuilder("mvn", "-v").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return output.lines().filter(l -> l.startsWith("Maven home:")).map(l -> Path.of(l.substring(11).strip()))
                .findFirst().orElseThrow(() -> new IllegalStateException("no Maven home in: " + output));
    }

    private static Path jar(Path classes) throws IOException {
        Path jar = classes.resolveSibling(classes.getFileName() + ".jar");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out)) {
            zip.putNextEntry(new JarEntry("META-INF/"));
            zip.closeEntry();
            for (Path file : files) {
                zip.putNextEntry(new JarEntry(classes.relativize(file).toString()));
                zip.write(Files.readAllBytes(file));
                zip.closeEntry();
            }
        }
        return jar;
    }
}
