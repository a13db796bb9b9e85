package dev.tandem.collab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the tests need to know of other processes (the servers they start, their document servers). */
public final class Processes {

    private Processes() {
    }

    /**
     * The one live document server this JVM started for the data directory {@code home}: a child
     * whose command line names {@link DocumentServer} and that directory (other test classes'
     * applications may have theirs running too).
     */
    public static ProcessHandle documentServer(Path home) {
        List<ProcessHandle> found = ProcessHandle.current().children()
                .filter(ProcessHandle::isAlive)
                .filter(p -> commandLine(p).contains(DocumentServer.class.getName()))
                .filter(p -> commandLine(p).contains("-Dtandem.home=" + home + " "))
                .toList();
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    /** From /proc: {@code ProcessHandle.Info} leaves out command lines as long as a test class path. */
    static String commandLine(ProcessHandle process) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline")).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }
}
