package dev.tandem.terminal;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Why a terminal ended; the browser tells its users. */
public enum ExitReason {
    /** The shell exited by itself. */
    EXITED,
    /** A user closed it. */
    CLOSED,
    /** Neither input nor output for longer than the idle timeout. */
    IDLE,
    /** Its workspace was stopped or deleted, or the server shut down. */
    STOPPED;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
