package dev.tandem.api;

import dev.tandem.workspace.Member;
import dev.tandem.workspace.Role;
import dev.tandem.workspace.Template;
import dev.tandem.workspace.Workspace;
import dev.tandem.workspace.WorkspaceService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Workspaces, their members and the templates to create them from. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Workspaces", description = "Workspaces, members and roles (owner, editor, viewer), templates")
class WorkspaceController {

    private final WorkspaceService workspaces;

    WorkspaceController(WorkspaceService workspaces) {
        this.workspaces = workspaces;
    }

    /** A workspace with the caller's role in it. */
    record WorkspaceView(long id, String name, String template, Instant createdAt, Role role) {
        static WorkspaceView of(Workspace w, Role role) {
            return new WorkspaceView(w.id(), w.name(), w.template(), w.createdAt(), role);
        }
    }

    record CreateWorkspace(String name, String template) {
    }

    record RenameWorkspace(String name) {
    }

    record SetMember(String username, Role role) {
    }

    @GetMapping("/workspaces")
    @Operation(summary = "The caller's workspaces, with the caller's role in each")
    List<WorkspaceView> list(Authentication auth) {
        return workspaces.listFor(auth.getName()).stream()
                .map(s -> WorkspaceView.of(s.workspace(), s.role()))
                .toList();
    }

    @PostMapping("/workspaces")
    @Operation(summary = "Create a workspace, empty or from a template; the caller becomes its owner")
    ResponseEntity<WorkspaceView> create(Authentication auth, @RequestBody CreateWorkspace request) {
        Workspace created = workspaces.create(auth.getName(), request.name(), request.template());
        return ResponseEntity.created(URI.create("/api/v1/workspaces/" + created.id()))
                .body(WorkspaceView.of(created, Role.OWNER));
    }

    @GetMapping("/workspaces/{id}")
    @Operation(summary = "One workspace (404 unless the caller is a member)")
    WorkspaceView get(Authentication auth, @PathVariable long id) {
        return WorkspaceView.of(workspaces.get(auth.getName(), id), workspaces.roleOf(auth.getName(), id));
    }

    @PatchMapping("/workspaces/{id}")
    @Operation(summary = "Rename a workspace (owners)")
    WorkspaceView rename(Authentication auth, @PathVariable long id, @RequestBody RenameWorkspace request) {
        workspaces.rename(auth.getName(), id, request.name());
        return get(auth, id);
    }

    @DeleteMapping("/workspaces/{id}")
    @Operation(summary = "Delete a workspace and its files (owners)")
    ResponseEntity<Void> delete(Authentication auth, @PathVariable long id) {
        workspaces.delete(auth.getName(), id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/workspaces/{id}/members")
    @Operation(summary = "The members and their roles (any member)")
    List<Member> members(Authentication auth, @PathVariable long id) {
        return workspaces.members(auth.getName(), id);
    }

    @PostMapping("/workspaces/{id}/members")
    @Operation(summary = "Add a member or change a member's role (owners); the last owner cannot be demoted")
    Member setMember(Authentication auth, @PathVariable long id, @RequestBody SetMember request) {
        workspaces.setMember(auth.getName(), id, request.username(), request.role());
        return new Member(request.username(), request.role());
    }

    @DeleteMapping("/workspaces/{id}/members/{username}")
    @Operation(summary = "Remove a member (owners, or a member leaving); the last owner cannot be removed")
    ResponseEntity<Void> removeMember(Authentication auth, @PathVariable long id, @PathVariable String username) {
        workspaces.removeMember(auth.getName(), id, username);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/templates")
    @Operation(summary = "The templates a workspace can be created from, with title and description")
    List<Template> templates() {
        return workspaces.templateDetails();
    }
}
