package dev.tandem.collab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The document server gets Tandem's classes and its own libraries, not the IDE server's class path. */
class DocumentServerClassPathTest {

    @TempDir
    Path dir;

    @Test
    void fromTheTestClassPathItTakesTheClassesDirectoryAndOneJarPerLibrary() {
        String classPath = DocumentServerClassPath.of(System.getProperty("java.class.path")).orElseThrow();

        List<String> entries = List.of(classPath.split(File.pathSeparator));
        assertThat(entries).hasSize(1 + DocumentServerClassPath.LIBRARIES.size());
        assertThat(Path.of(entries.get(0))).isDirectory().endsWith(Path.of("target", "classes"));
        for (int i = 0; i < DocumentServerClassPath.LIBRARIES.size(); i++) {
            assertThat(Path.of(entries.get(i + 1))).isRegularFile();
            assertThat(Path.of(entries.get(i + 1)).getFileName().toString()).startsWith(DocumentServerClassPath.LIBRARIES.get(i) + "-");
        }
    }

    @Test
    void thePackagedServerGivesItTheDocumentsJarAndTheLibrariesItsManifestNames() throws IOException {
        Files.createDirectories(dir.resolve("lib"));
        List<String> named = new ArrayList<>();
        for (String library : DocumentServerClassPath.LIBRARIES) {
            named.add("lib/" + library + "-1.0.jar");
            Files.createFile(dir.resolve("lib").resolve(library + "-1.0.jar"));
        }
        named.add(0, "lib/vaadin-core-24.0.jar");
        named.add("lib/xnio-api-extras-1.0.jar");
        Path tandemJar = jarNaming(dir.resolve("tandem.jar"), String.join(" ", named));
        Files.createFile(dir.resolve(DocumentServerClassPath.DOCUMENTS_JAR));

        String classPath = DocumentServerClassPath.of(tandemJar.toString(), tandemJar).orElseThrow();

        List<String> expected = new ArrayList<>();
        expected.add(dir.resolve(DocumentServerClassPath.DOCUMENTS_JAR).toString());
        DocumentServerClassPath.LIBRARIES.forEach(library -> expected.add(dir.resolve("lib").resolve(library + "-1.0.jar").toString()));
        assertThat(classPath.split(File.pathSeparator)).containsExactlyElementsOf(expected);
    }

    @Test
    void withoutTheDocumentsJarOrWithALibraryMissingThereIsNoSmallerClassPath() throws IOException {
        Path tandemJar = jarNaming(dir.resolve("tandem.jar"), "lib/undertow-core-2.3.20.Final.jar");
        assertThat(DocumentServerClassPath.of(tandemJar.toString(), tandemJar)).isEmpty();

        Files.createFile(dir.resolve(DocumentServerClassPath.DOCUMENTS_JAR));
        assertThat(DocumentServerClassPath.of(tandemJar.toString(), tandemJar)).as("only one of its libraries").isEmpty();
    }

    private static Path jarNaming(Path jar, String classPath) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            return jar;
        }
    }
}
