package dev.tandem.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/** Copies of folder trees: the source snapshot of a build, and the cache kept between builds. */
final class Snapshots {

    private Snapshots() {
    }

    /**
     * Copies {@code from} into {@code to} (files, folders, links as links, executable bits kept)
     * and answers a SHA-256 over every path and content, the identity of the snapshot.
     */
    static String copy(Path from, Path to) throws IOException {
        Map<String, String> hashes = new TreeMap<>();
        Files.createDirectories(to);
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String rel = from.relativize(file).toString();
                Path target = to.resolve(rel);
                if (attrs.isSymbolicLink()) {
                    Path link = Files.readSymbolicLink(file);
                    Files.createSymbolicLink(target, link);
                    hashes.put(rel, "link:" + link);
                } else if (attrs.isRegularFile()) {
                    MessageDigest digest = sha256();
                    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
                         OutputStream out = new DigestOutputStream(Files.newOutputStream(target), digest)) {
                        in.transferTo(out);
                    }
                    if (Files.isExecutable(file)) {
                        target.toFile().setExecutable(true, false);
                    }
                    hashes.put(rel, HexFormat.of().formatHex(digest.digest()));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        MessageDigest all = sha256();
        hashes.forEach((path, hash) -> all.update((path + "\0" + hash + "\n").getBytes(StandardCharsets.UTF_8)));
        return HexFormat.of().formatHex(all.digest());
    }

    /**
     * Makes {@code to} a tree of hard links to the files of {@code from} (copies where linking
     * fails, e.g. across file systems): a restore or save of a large cache costs no copying.
     */
    static void link(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path target = to.resolve(from.relativize(file).toString());
                if (attrs.isSymbolicLink()) {
                    Files.deleteIfExists(target);
                    Files.createSymbolicLink(target, Files.readSymbolicLink(file));
                } else if (attrs.isRegularFile()) {
                    Files.deleteIfExists(target);
                    try {
                        Files.createLink(target, file);
                    } catch (IOException | UnsupportedOperationException e) {
                        Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                // the build may have left folders without write permission
                dir.toFile().setWritable(true, true);
                dir.toFile().setExecutable(true, true);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
