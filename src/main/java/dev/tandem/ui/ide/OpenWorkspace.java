package dev.tandem.ui.ide;

import dev.tandem.workspace.Role;
import dev.tandem.workspace.Workspace;

/** The workspace an IDE page shows, who is looking at it, and with which role. */
record OpenWorkspace(String username, Workspace workspace, Role role) {

    long id() {
        return workspace.id();
    }

    boolean canWrite() {
        return role.canWrite();
    }
}
