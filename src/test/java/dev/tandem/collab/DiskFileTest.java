package dev.tandem.collab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A room's file write runs beside the room: prepared on the room's thread, run later, taken in after. */
class DiskFileTest {

    @TempDir
    Path dir;
    private Path file;
    private Path mark;
    private DiskFile disk;

    @BeforeEach
    void openAFileWithWindowsLineBreaks() throws IOException {
        file = dir.resolve("Main.java");
        mark = dir.resolve("disk.mark");
        Files.writeString(file, "one\r\ntwo\r\n");
        disk = new DiskFile(file, mark, 1 << 20);
        disk.remember(disk.read().text());
    }

    @Test
    void aWriteReplacesTheFileWithItsLineBreaksAndIsRememberedAsTheRoomsOwn() throws IOException {
        DiskFile.Write write = disk.prepareWrite("one\ntwo\nthree\n");
        write.run();

        assertThat(disk.finish(write)).isFalse();
        assertThat(Files.readString(file)).isEqualTo("one\r\ntwo\r\nthree\r\n");
        assertThat(disk.changedOnDisk()).isFalse();
        assertThat(disk.base()).isEqualTo("one\ntwo\nthree\n");
        // The mark tells the next run of the server that the disk holds the room's own text.
        DiskFile afterRestart = new DiskFile(file, mark, 1 << 20);
        assertThat(afterRestart.matchesMark("one\ntwo\nthree\n")).isTrue();
    }

    @Test
    void aChangeMadeBeforeTheWriteRunsIsNotOverwritten() throws IOException {
        DiskFile.Write write = disk.prepareWrite("one\ntwo\nmine\n");
        Files.writeString(file, "theirs, from the terminal\n");
        write.run();

        assertThat(disk.finish(write)).as("the room must take the change in, then write").isTrue();
        assertThat(Files.readString(file)).isEqualTo("theirs, from the terminal\n");
        assertThat(disk.changedOnDisk()).as("still someone else's change for the room's check").isTrue();
        assertThat(disk.base()).isEqualTo("one\ntwo\n");
    }

    @Test
    void aFileDeletedBeforeTheWriteRunsIsNotBroughtBack() throws IOException {
        DiskFile.Write write = disk.prepareWrite("one\ntwo\nthree\n");
        Files.delete(file);
        write.run();

        assertThat(disk.finish(write)).as("a missing file is left to the room's checks").isFalse();
        assertThat(file).doesNotExist();
        assertThat(dir.resolve(".Main.java.tandem~")).doesNotExist();
    }

    @Test
    void aTextTheDiskHoldsAlreadyIsNotWrittenAgain() throws IOException {
        Object before = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        DiskFile.Write write = disk.prepareWrite("one\ntwo\n");
        write.run();

        assertThat(disk.finish(write)).isFalse();
        // An atomic replace gives the file a new inode; no write keeps the old one.
        assertThat(Files.readAttributes(file, BasicFileAttributes.class).fileKey()).isEqualTo(before);
    }

    @Test
    void aFailedWriteIsReportedWhenTakenInAndLeavesTheFileAsItWas() throws IOException {
        DiskFile.Write write = disk.prepareWrite("one\ntwo\nthree\n");
        runWithTheReplaceFailing(write);

        assertThatThrownBy(() -> disk.finish(write)).isInstanceOf(IOException.class);
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo("one\r\ntwo\r\n");
        assertThat(disk.changedOnDisk()).isFalse();
    }

    @Test
    void aServerStoppedDuringAWriteKnowsTheFileAsItsOwnEitherWayOnTheNextStart() throws IOException {
        DiskFile.Write write = disk.prepareWrite("one\ntwo\nthree\n");
        // The replace fails after the mark has named the write: the state of a stop just before it.
        runWithTheReplaceFailing(write);
        DiskFile restarted = new DiskFile(file, mark, 1 << 20);
        assertThat(restarted.matchesMark(restarted.read().text())).as("the file as it was").isTrue();
        // And the state of a stop just after the replace, before the mark is final.
        Files.writeString(file, "one\r\ntwo\r\nthree\r\n");
        restarted = new DiskFile(file, mark, 1 << 20);
        assertThat(restarted.matchesMark(restarted.read().text())).as("the file as the write left it").isTrue();
        assertThat(restarted.matchesMark("someone else's text\n")).isFalse();

        // Once the room has taken the file in, the unfinished write no longer counts.
        restarted.remember("one\ntwo\nthree\n");
        assertThat(new DiskFile(file, mark, 1 << 20).matchesMark("one\ntwo\n")).isFalse();
    }

    /** Runs {@code write} with a directory where its temporary file goes, so that the replace fails. */
    private void runWithTheReplaceFailing(DiskFile.Write write) throws IOException {
        Path temp = dir.resolve(".Main.java.tandem~");
        Files.createDirectory(temp);
        Files.writeString(temp.resolve("x"), "x");
        write.run();
    }
}
