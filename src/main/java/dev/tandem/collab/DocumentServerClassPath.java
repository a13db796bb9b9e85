package dev.tandem.collab;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;

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
        List<Path> entries = expand(ideClassPath);
        List<String> path = new ArrayList<>();
        path.add(own.toString());
        for (String library : LIBRARIES) {
            Pattern jar = Pattern.compile(Pattern.quote(library) + "-\\d.*\\.jar");
            Optional<Path> found = entries.stream().filter(e -> jar.matcher(e.getFileName().toString()).matches()).findFirst();
            if (found.isEmpty()) {
                return Optional.empty();
            }
            path.add(found.get().toString());
        }
        return Optional.of(String.join(File.pathSeparator, path));
    }

    /** The class path's entries, with those the manifests of its jars add (how the packaged server and Surefire name theirs). */
    private static List<Path> expand(String classPath) {
        Set<Path> entries = new LinkedHashSet<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path path = Path.of(entry).toAbsolutePath();
            entries.add(path);
            if (entry.endsWith(".jar") && Files.isRegularFile(path)) {
                entries.addAll(manifestClassPath(path));
            }
        }
        return List.copyOf(entries);
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
