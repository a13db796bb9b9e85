package dev.tandem.api;

import dev.tandem.terminal.TerminalInfo;
import dev.tandem.terminal.TerminalService;
import java.security.Principal;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A workspace's terminals, for automation: list, open, rename, share or make private, close. Their
 * input and output go over the websocket {@code /terminal/{workspaceId}/{terminalId}}.
 */
@RestController
class TerminalController {

    record OpenRequest(String name, Integer cols, Integer rows) {
    }

    record ChangeRequest(String name, Boolean shared) {
    }

    private final TerminalService terminals;

    TerminalController(TerminalService terminals) {
        this.terminals = terminals;
    }

    @GetMapping("/api/v1/workspaces/{id}/terminals")
    List<TerminalInfo> list(Principal caller, @PathVariable long id) {
        return terminals.list(caller.getName(), id);
    }

    @PostMapping("/api/v1/workspaces/{id}/terminals")
    ResponseEntity<TerminalInfo> open(Principal caller, @PathVariable long id, @RequestBody(required = false) OpenRequest request) {
        OpenRequest open = request == null ? new OpenRequest(null, null, null) : request;
        TerminalInfo info = terminals.open(caller.getName(), id, open.name(),
                open.cols() == null ? 0 : open.cols(), open.rows() == null ? 0 : open.rows());
        return ResponseEntity.status(201).body(info);
    }

    @PatchMapping("/api/v1/workspaces/{id}/terminals/{terminalId}")
    TerminalInfo change(Principal caller, @PathVariable long id, @PathVariable String terminalId,
                        @RequestBody ChangeRequest request) {
        TerminalInfo info = terminals.get(caller.getName(), id, terminalId);
        if (request.name() != null) {
            info = terminals.rename(caller.getName(), id, terminalId, request.name());
        }
        if (request.shared() != null) {
            info = terminals.setShared(caller.getName(), id, terminalId, request.shared());
        }
        return info;
    }

    @DeleteMapping("/api/v1/workspaces/{id}/terminals/{terminalId}")
    ResponseEntity<Void> close(Principal caller, @PathVariable long id, @PathVariable String terminalId) {
        terminals.close(caller.getName(), id, terminalId);
        return ResponseEntity.noContent().build();
    }
}
