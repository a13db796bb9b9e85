package dev.tandem.lang.jdt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a workspace keeps its Java sources and which Java release it targets. Maven layout
 * ({@code src/main/java}, {@code src/test/java}) when there is a {@code pom.xml}, else a plain
 * {@code src/}, else the workspace root.
 */
public record ProjectLayout(Path root, List<Path> sourceRoots, Path pom, String release) {

    private static final Pattern RELEASE = Pattern.compile(
            "<(maven\\.compiler\\.release|java\\.version|maven\\.compiler\\.source)>\\s*(?:1\\.)?(\\d+)\\s*</");

    public static ProjectLayout detect(Path root) {
        Path pom = root.resolve("pom.xml");
        List<Path> roots = new ArrayList<>();
        if (Files.isRegularFile(pom)) {
            for (String dir : List.of("src/main/java", "src/test/java")) {
                if (Files.isDirectory(root.resolve(dir))) {
                    roots.add(root.resolve(dir));
                }
            }
        }
        if (roots.isEmpty() && Files.isDirectory(root.resolve("src"))) {
            roots.add(root.resolve("src"));
        }
        if (roots.isEmpty()) {
            roots.add(root);
        }
        return new ProjectLayout(root, List.copyOf(roots), Files.isRegularFile(pom) ? pom : null, release(pom));
    }

    /** The release the pom asks for, capped at the running JDK's (the only class library at hand). */
    private static String release(Path pom) {
        int running = Runtime.version().feature();
        int wanted = running;
        if (Files.isRegularFile(pom)) {
            try {
                Matcher m = RELEASE.matcher(Files.readString(pom));
                if (m.find()) {
                    wanted = Integer.parseInt(m.group(2));
                }
            } catch (IOException | NumberFormatException e) {
                // Fall back to the running JDK's release.
            }
        }
        return Integer.toString(Math.max(8, Math.min(wanted, running)));
    }

    /** The source root holding {@code file}, if any. */
    public Path sourceRootOf(Path file) {
        Path best = null;
        for (Path r : sourceRoots) {
            if (file.startsWith(r) && (best == null || r.getNameCount() > best.getNameCount())) {
                best = r;
            }
        }
        return best;
    }
}
