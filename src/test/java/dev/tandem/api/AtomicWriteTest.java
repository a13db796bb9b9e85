package dev.tandem.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.config.TandemException;
import dev.tandem.workspace.WorkspaceFiles;
import dev.tandem.workspace.WorkspaceService;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A write that fails part-way leaves the old content and no partial or staging file. */
class AtomicWriteTest extends ApiTestBase {

    @Autowired
    WorkspaceService workspaces;
    @Autowired
    WorkspaceFiles files;

    @Test
    void failedOrOversizedWritesKeepTheOldContent() throws IOException {
        client("atomic-user");
        long id = workspaces.create("atomic-user", "Atomic", null).id();
        files.write("atomic-user", id, "notes/file.txt", stream("old content"));

        assertThatThrownBy(() -> files.write("atomic-user", id, "notes/file.txt", new BreaksAfter(10_000)))
                .isInstanceOf(UncheckedIOException.class);
        assertThat(dir(id).resolve("notes/file.txt")).hasContent("old content");

        assertThatThrownBy(() -> files.write("atomic-user", id, "notes/file.txt", new ByteArrayInputStream(new byte[MAX_UPLOAD + 1])))
                .isInstanceOfSatisfying(TandemException.class, e -> assertThat(e.status()).isEqualTo(413));
        assertThat(dir(id).resolve("notes/file.txt")).hasContent("old content");

        // A failed write of a new file in a new folder leaves neither behind.
        assertThatThrownBy(() -> files.write("atomic-user", id, "fresh/new.txt", new BreaksAfter(100)))
                .isInstanceOf(UncheckedIOException.class);
        assertThat(dir(id).resolve("fresh")).doesNotExist();

        assertThat(snapshot(dir(id))).containsOnlyKeys("", "notes", "notes/file.txt");
        try (Stream<Path> staging = Files.list(properties.workspacesDir().resolve(".staging"))) {
            assertThat(staging).isEmpty();
        }
    }

    @Test
    void writesKeepTheModeOfTheReplacedFileAndGiveNewFilesTheUsualOne() throws IOException {
        client("atomic-user");
        long id = workspaces.create("atomic-user", "Modes", null).id();
        files.write("atomic-user", id, "new.txt", stream("new"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir(id).resolve("new.txt")))).isEqualTo("rw-r--r--");

        Path script = dir(id).resolve("run.sh");
        Files.writeString(script, "#!/bin/sh\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
        files.write("atomic-user", id, "run.sh", stream("#!/bin/sh\necho changed\n"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(script))).isEqualTo("rwxr-x---");
        assertThat(script).hasContent("#!/bin/sh\necho changed");
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A body that fails like a dropped connection after some bytes. */
    private static final class BreaksAfter extends InputStream {
        private int remaining;

        BreaksAfter(int bytes) {
            this.remaining = bytes;
        }

        @Override
        public int read() throws IOException {
            if (remaining-- <= 0) {
                throw new IOException("connection reset");
            }
            return 'x';
        }
    }
}
