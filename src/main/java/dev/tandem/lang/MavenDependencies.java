package dev.tandem.lang;

import dev.tandem.config.TandemProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The jars a workspace's {@code pom.xml} depends on (test scope included), resolved by Maven
 * ({@code dependency:build-classpath}) and cached under the data directory by the pom's content
 * hash, so an unchanged pom is never resolved twice, even across restarts.
 * <p>
 * Maven runs on a copy of the pom in a scratch directory, so the workspace's {@code .mvn/}
 * (extensions, JVM options) is not picked up. Errors never throw: they come back as text for a
 * diagnostic on the pom.
 */
@Component
public class MavenDependencies {

    private static final Logger log = LoggerFactory.getLogger(MavenDependencies.class);
    private static final int MAX_ERROR_LINES = 8;

    /** The jars, or an error message (then jars is empty). */
    public record Resolution(List<Path> jars, String error) {
    }

    private final LangProperties properties;
    private final Path cacheDir;

    public MavenDependencies(LangProperties properties, TandemProperties tandem) {
        this.properties = properties;
        this.cacheDir = tandem.home().resolve("lang").resolve("classpath");
    }

    /** Resolves (or reads from the cache) the dependency jars of {@code pom}. Blocking: call it off the request path. */
    public Resolution resolve(Path pom) {
        try {
            byte[] content = Files.readAllBytes(pom);
            if (cannotHaveDependencies(content)) {
                return new Resolution(List.of(), null);
            }
            Path cached = cacheDir.resolve(sha256(content) + ".classpath");
            if (Files.isRegularFile(cached)) {
                List<Path> jars = parse(Files.readString(cached));
                if (jars.stream().allMatch(Files::isRegularFile)) {
                    return new Resolution(jars, null);
                }
            }
            return run(content, cached);
        } catch (IOException e) {
            return new Resolution(List.of(), "Cannot read the pom: " + e.getMessage());
        }
    }

    /**
     * A pom without a {@code <dependency>} element and without a parent resolves to no jars: starting
     * Maven for it (seconds of a second JVM, on the path to a new workspace's first diagnostics) would
     * only confirm that.
     */
    static boolean cannotHaveDependencies(byte[] pom) {
        String text = new String(pom, StandardCharsets.UTF_8);
        return !text.contains("<dependency") && !text.contains("<parent");
    }

    private Resolution run(byte[] pom, Path cached) throws IOException {
        Path scratch = Files.createTempDirectory("tandem-pom-");
        try {
            Files.write(scratch.resolve("pom.xml"), pom);
            Path out = scratch.resolve("classpath.txt");
            Path logFile = scratch.resolve("maven.log");
            Process process = new ProcessBuilder(properties.mavenCommand(), "-B", "-q", "-f",
                    scratch.resolve("pom.xml").toString(), "dependency:build-classpath",
                    "-Dmdep.outputFile=" + out, "-Dmdep.includeScope=test")
                    .directory(scratch.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile())
                    .start();
            if (!process.waitFor(properties.mavenTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                return new Resolution(List.of(), "Resolving the dependencies took longer than "
                        + properties.mavenTimeout().toSeconds() + " s");
            }
            if (process.exitValue() != 0 || !Files.isRegularFile(out)) {
                return new Resolution(List.of(), "Maven could not resolve the dependencies:\n" + errors(logFile));
            }
            String classpath = Files.readString(out).strip();
            Files.createDirectories(cacheDir);
            Path tmp = Files.createTempFile(cacheDir, "cp", ".tmp");
            Files.writeString(tmp, classpath);
            Files.move(tmp, cached, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return new Resolution(parse(classpath), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Resolution(List.of(), "Dependency resolution was interrupted");
        } catch (IOException e) {
            log.warn("Maven could not be run for dependency resolution: {}", e.getMessage());
            return new Resolution(List.of(), "Maven could not be run: " + e.getMessage());
        } finally {
            deleteQuietly(scratch);
        }
    }

    private static String errors(Path logFile) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(logFile, StandardCharsets.UTF_8)) {
            if (line.startsWith("[ERROR]") && !line.strip().equals("[ERROR]") && !line.contains("-> [Help")
                    && !line.contains("re-run Maven") && !line.contains("Re-run Maven") && !line.contains("full stack trace")) {
                lines.add(line.substring(7).strip());
            }
            if (lines.size() >= MAX_ERROR_LINES) {
                break;
            }
        }
        return lines.isEmpty() ? "(no details)" : String.join("\n", lines);
    }

    private static List<Path> parse(String classpath) {
        List<Path> jars = new ArrayList<>();
        for (String entry : classpath.split(java.io.File.pathSeparator)) {
            if (!entry.isBlank()) {
                jars.add(Path.of(entry.strip()));
            }
        }
        return jars;
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover scratch directory in the temp folder is harmless.
        }
    }
}
