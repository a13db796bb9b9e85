package dev.tandem.workspace;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.tandem.config.TandemException;
import java.util.Locale;

/** What a member may do in a workspace: viewers read, editors also write, owners also manage. */
public enum Role {
    OWNER, EDITOR, VIEWER;

    /** May change files. */
    public boolean canWrite() {
        return this != VIEWER;
    }

    /** May rename or delete the workspace and change its members. */
    public boolean canManage() {
        return this == OWNER;
    }

    /** The lower-case name used in JSON and in the database. */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code owner}, {@code editor} or {@code viewer} (any case); anything else is a 400. */
    @JsonCreator
    public static Role parse(String value) {
        if (value != null) {
            for (Role role : values()) {
                if (role.name().equalsIgnoreCase(value.trim())) {
                    return role;
                }
            }
        }
        throw TandemException.badRequest("A role is one of owner, editor, viewer");
    }
}
