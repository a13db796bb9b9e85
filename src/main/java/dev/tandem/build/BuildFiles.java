package dev.tandem.build;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Selecting files that a build produced. The build's own processes wrote them, so symbolic links
 * are never followed: a link could point at a file of the server that the build may not read.
 */
final class BuildFiles {

    private BuildFiles() {
    }

    /** Regular files under {@code base} (relative '/' paths, sorted) matching one of {@code include} and none of {@code exclude}. */
    static List<String> select(Path base, List<String> include, List<String> exclude) throws IOException {
        if (!Files.isDirectory(base, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        List<Glob> in = include.stream().map(Glob::of).toList();
        List<Glob> out = exclude.stream().map(Glob::of).toList();
        List<String> result = new ArrayList<>();
        Files.walkFileTree(base, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    String rel = base.relativize(file).toString().replace('\\', '/');
                    if (in.stream().anyMatch(g -> g.selects(rel)) && out.stream().noneMatch(g -> g.selects(rel))) {
                        result.add(rel);
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        result.sort(null);
        return result;
    }

    /** {@code dir/relative}, refusing a relative path that leaves {@code dir} through a link or '..'. */
    static Path inside(Path dir, String relative) throws IOException {
        Path target = relative.isEmpty() ? dir : dir.resolve(relative).normalize();
        if (!target.startsWith(dir)) {
            throw new IOException("'" + relative + "' is outside the build folder");
        }
        for (Path p = target; p != null && !p.equals(dir); p = p.getParent()) {
            if (Files.isSymbolicLink(p)) {
                throw new IOException("'" + relative + "' goes through a symbolic link");
            }
        }
        return target;
    }
}
