package dev.tandem.collab;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The class path the document server starts with: Tandem's classes and the few libraries it runs on,
 * not the IDE server's 170 jars. A JVM keeps the central directory of every jar it opens on its
 * heap, and a service lookup (XNIO's provider, the selector provider, SLF4J's) opens every jar on
 * the class path: with the IDE's class path that was 4 MB of the document server's 9 MB live heap.
 *
 * <p>Tandem's classes come from the classes directory (tests, development) or, in the packaged
 * server, from {@value #DOCUMENTS_JAR} beside {@code tandem.jar}: {@code tandem.jar} itself names all
 * the IDE's libraries in its manifest, and the JVM would open them all again.
 */
final class DocumentServerClassPath {

    static final String DOCUMENTS_JAR = "documents.jar";

    /**
     * What the document server loads classes from (Undertow with XNIO, SLF4J with Logback, Spring's
     * {@code DataSize}), and the libraries these need ({@code mvn dependency:tree}).
     */
    static final List<String> LIBRARIES = List.of(
            "undertow-core", "xnio-api", "xnio-nio", "jboss-logging", "jboss-threads", "wildfly-common",
            "wildfly-client-config", "smallrye-common-annotation", "smallrye-common-constraint",
            "smallrye-common-cpu", "smallrye-common-function", "slf4j-api", "logback-classic", "logback-core",
            "spring-core", "spring-jcl");

    private DocumentServerClassPath() {
    }

    /**
     * The document server's class path out of the IDE server's ({@code java.class.path}), or empty
     * when one of its parts is not there (then it gets the whole one).
     */
    static Optional<String> of(String ideClassPath) {
        try {
            return of(ideClassPath, Path.of(DocumentServer.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** {@link #of(String)} with Tandem's classes at {@code tandemClasses} (a directory, or the packaged {@code tandem.jar}). */
    static Optional<String> of(String ideClassPath, Path tandemClasses) {
        Path own = Files.isDirectory(tandemClasses) ? tandemClasses : tandemClasses.resolveSibling(DOCUMENTS_JAR);
        if (!Files.exists(own)) {
            return Optional.empty();
        }
        List<Path> entries = entries(ideClassPath);
        Optional<List<Path>> libraries = libraries(entries);
        if (libraries.isEmpty()) {
            // The packaged server names its libraries in tandem.jar's manifest. Read only now: opening
            // every jar of a development class path (some 200) would cost this start 60-130 ms.
            libraries = libraries(withManifestClassPaths(entries));
        }
        return libraries.map(jars -> Stream.concat(Stream.of(own), jars.stream())
                .map(Path::toString)
                .collect(Collectors.joining(File.pathSeparator)));
    }

    /** The jar of each of {@link #LIBRARIES} among {@code entries}, in that order; empty if one is missing. */
    private static Optional<List<Path>> libraries(List<Path> entries) {
        List<Path> jars = new ArrayList<>();
        for (String library : LIBRARIES) {
            Pattern jar = Pattern.compile(Pattern.quote(library) + "-\\d.*\\.jar");
            Optional<Path> found = entries.stream().filter(e -> jar.matcher(e.getFileName().toString()).matches()).findFirst();
            if (found.isEmpty()) {
                return Optional.empty();
            }
            jars.add(found.get());
        }
        return Optional.of(jars);
    }

    private static List<Path> entries(String classPath) {
        return Arrays.stream(classPath.split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty())
                .map(entry -> Path.of(entry).toAbsolutePath())
                .toList();
    }

    /** The entries, each jar followed by those its manifest adds. */
    private static List<Path> withManifestClassPaths(List<Path> entries) {
        Set<Path> all = new LinkedHashSet<>();
        for (Path entry : entries) {
            all.add(entry);
            if (entry.toString().endsWith(".jar") && Files.isRegularFile(entry)) {
                all.addAll(manifestClassPath(entry));
            }
        }
        return List.copyOf(all);
    }

    private static List<Path> manifestClassPath(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String value = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (value == null) {
                return List.of();
            }
            URI base = jar.getParent().toUri();
            List<Path> entries = new ArrayList<>();
            for (String url : value.strip().split("\\s+")) {
                URI resolved = base.resolve(new URI(url));
                if ("file".equals(resolved.getScheme())) {
                    entries.add(Path.of(resolved));
                }
            }
            return entries;
        } catch (IOException | URISyntaxException | IllegalArgumentException e) {
            return List.of();
        }
    }
}
