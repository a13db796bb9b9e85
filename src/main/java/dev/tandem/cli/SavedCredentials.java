package dev.tandem.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Properties;

/** The server and token saved by {@code tandem login}, in a file only its owner can read (0600). */
record SavedCredentials(String server, String token) {

    static Optional<SavedCredentials> load(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new CliException("Cannot read " + file + ": " + e.getMessage());
        }
        String server = properties.getProperty("server");
        String token = properties.getProperty("token");
        return server == null || token == null ? Optional.empty() : Optional.of(new SavedCredentials(server, token));
    }

    /** Writes the file atomically; it never exists, even briefly, with wider permissions than 0600. */
    void save(Path file) {
        Properties properties = new Properties();
        properties.setProperty("server", server);
        properties.setProperty("token", token);
        try {
            Path dir = file.getParent();
            boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
            if (posix) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
            Path temp = posix
                    ? Files.createTempFile(dir, ".credentials", ".tmp",
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : Files.createTempFile(dir, ".credentials", ".tmp");
            try (Writer writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                properties.store(writer, "Tandem CLI credentials: keep this file private");
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CliException("Cannot write " + file + ": " + e.getMessage());
        }
    }
}
