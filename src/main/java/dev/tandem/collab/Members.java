package dev.tandem.collab;

import dev.tandem.workspace.Role;

/** Where the document server learns a user's current role in a workspace (the IDE server keeps memberships). */
interface Members {

    /**
     * @throws dev.tandem.config.TandemException when the user is no longer a member (or the
     *                                           answer cannot be had: the connection is then closed)
     */
    Role roleOf(String username, long workspaceId);
}
