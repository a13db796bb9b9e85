package dev.tandem.build;

import dev.tandem.config.TandemException;

/** A buildspec that cannot run, with where the problem is (1-based line and column) and what was expected. */
public class InvalidBuildSpecException extends TandemException {

    private final int line;
    private final int column;

    public InvalidBuildSpecException(int line, int column, String problem) {
        super(400, "invalid_buildspec", "buildspec.yml line " + line + ", column " + column + ": " + problem);
        this.line = line;
        this.column = column;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
