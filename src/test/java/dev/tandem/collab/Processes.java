package dev.tandem.collab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the tests need to know of other processes (the servers they start, their document servers). */
final class Processes {

    private Processes() {
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
