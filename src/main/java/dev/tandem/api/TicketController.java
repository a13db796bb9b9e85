package dev.tandem.api;

import dev.tandem.config.TandemException;
import dev.tandem.security.TicketService;
import dev.tandem.workspace.WorkspaceService;
import java.security.Principal;
import java.util.Map;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Single-use websocket tickets, for members of the workspace the socket is for. */
@RestController
class TicketController {

    record TicketRequest(Long workspaceId) {
    }

    private final TicketService tickets;
    private final WorkspaceService workspaces;

    TicketController(TicketService tickets, WorkspaceService workspaces) {
        this.tickets = tickets;
        this.workspaces = workspaces;
    }

    @PostMapping("/api/v1/tickets")
    Map<String, String> issue(Principal caller, @RequestBody TicketRequest request) {
        if (request.workspaceId() == null) {
            throw TandemException.badRequest("Name the workspace: {\"workspaceId\": ID}");
        }
        // 404 for a workspace that does not exist or of which the caller is not a member.
        workspaces.roleOf(caller.getName(), request.workspaceId());
        return Map.of("ticket", tickets.issue(caller.getName(), request.workspaceId()));
    }
}
