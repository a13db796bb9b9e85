package dev.tandem.cli;

/** A failure to report in one line, with the exit code to end on. */
final class CliException extends RuntimeException {

    static final int FAILED = 1;
    static final int USAGE = 2;

    private final int exitCode;

    CliException(String message) {
        this(message, FAILED);
    }

    CliException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
