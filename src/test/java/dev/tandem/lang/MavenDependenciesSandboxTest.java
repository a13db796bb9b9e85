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
 * while it reads the project) must not be able to write outside the sandbox, and ordinary resolution
 * must still work.
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

    private Path dataDir;
    private TandemProperties tandem;
    private Path repository;
    private Sandbox sandbox;
    private MavenDependencies maven;

    @BeforeEach
    void setUp() throws IOException {
        // Searchable by others: when the tests run as root, the sandbox user must reach lang's repository.
        dataDir = Files.createTempDirectory("tandem-lang-maven-test", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        tandem = new TandemProperties(dataDir, null, DataSize.ofMegabytes(1));
        sandbox = new Sandbox(new SandboxProperties(null, false, null, null, null, null), tandem);
        assumeTrue(sandbox.isolated() || System.getenv("CI") != null, "bubblewrap is not usable here");
        assertThat(sandbox.isolated()).as("bubblewrap is installed and works").isTrue();
        maven = new MavenDependencies(properties("mvn", Duration.ofMinutes(4)), tandem, sandbox);
        // Pre-seeded, as if downloaded earlier: lang's own local repository (no network needed for these).
        repository = dataDir.resolve("lang/m2");
        install("test", "lib", jar(Files.createDirectories(dataDir.resolve("tmp/lib-classes"))));
        install("test", "evil-extension", extensionJar(dataDir.resolve("tmp")));
    }

    @AfterEach
    void tearDown() throws IOException {
        FileSystemUtils.deleteRecursively(dataDir);
    }

    @Test
    void aBuildExtensionInThePomCannotWriteTheServersFiles() throws Exception {
        Path marker = dataDir.resolve("marker.txt");
        Path pom = pom(marker, true);

        MavenDependencies.Resolution resolution = maven.resolve(pom);

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
        MavenDependencies.Resolution resolution = maven.resolve(pom(dataDir.resolve("unused"), false));

        assertThat(resolution.error()).isNull();
        assertThat(resolution.jars()).containsExactly(repository.resolve("test/lib/1.0/lib-1.0.jar"));
    }

    @Test
    void aResolutionPastTheTimeoutIsKilledWithEverythingItStarted() throws Exception {
        // A stand-in for Maven that starts a child and never ends; in lang's repository, where the sandbox sees it.
        Path slowMaven = Files.writeString(repository.resolve("slow-mvn.sh"), "#!/bin/sh\nsleep 317 &\nsleep 318\n");
        assertThat(slowMaven.toFile().setExecutable(true, false)).isTrue();
        MavenDependencies slow = new MavenDependencies(properties(slowMaven.toString(), Duration.ofSeconds(3)), tandem, sandbox);

        MavenDependencies.Resolution resolution = slow.resolve(pom(dataDir.resolve("unused"), false));

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

    /** Puts a jar and a minimal pom into lang's local repository, as Maven lays them out. */
    private void install(String group, String artifact, Path jar) throws IOException {
        Path dir = Files.createDirectories(repository.resolve(group).resolve(artifact).resolve("1.0"));
        Files.copy(jar, dir.resolve(artifact + "-1.0.jar"));
        Files.writeString(dir.resolve(artifact + "-1.0.pom"), """
                <project><modelVersion>4.0.0</modelVersion>
                <groupId>%s</groupId><artifactId>%s</artifactId><version>1.0</version></project>
                """.formatted(group, artifact));
    }

    /** The extension, compiled against the Maven installation that runs it. */
    private static Path extensionJar(Path tmp) throws IOException {
        Path src = Files.createDirectories(tmp.resolve("evil-src"));
        Path classes = Files.createDirectories(tmp.resolve("evil-classes"));
        Path source = Files.createDirectories(src.resolve("evil")).resolve("Marker.java");
        Files.writeString(source, EXTENSION);
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
                  <role>org.apache.maven.AbstractMavenLifecycleParticipant</role><role-hint>evil</role-hint>
                  <implementation>evil.Marker</implementation>
                </component></components></component-set>
                """);
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
