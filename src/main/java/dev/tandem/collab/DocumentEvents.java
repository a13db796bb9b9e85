package dev.tandem.collab;

import dev.tandem.crdt.Lib0Encoder;
import dev.tandem.workspace.WorkspaceEvent;
import java.util.function.Consumer;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Tells the document server of files moved or deleted through the workspace service (file tree,
 * API, git), so that open rooms and stored histories follow: rooms of a moved file close with
 * {@code moved:<new path>}, rooms of a deleted one with {@code deleted}. The listeners wait for the
 * document server, as the workspace service's callers expect the rooms to have followed when it returns;
 * a document server that is not running and holds nothing of the workspace is not started for them.
 */
@Component
class DocumentEvents {

    private final DocumentServerProcess documents;

    DocumentEvents(DocumentServerProcess documents) {
        this.documents = documents;
    }

    @EventListener
    void onMoved(WorkspaceEvent.FileMoved event) {
        tell(InternalCalls.MOVED, event.workspaceId(), call -> {
            call.writeVarString(event.from());
            call.writeVarString(event.to());
        });
    }

    @EventListener
    void onDeleted(WorkspaceEvent.FileDeleted event) {
        tell(InternalCalls.DELETED, event.workspaceId(), call -> call.writeVarString(event.path()));
    }

    @EventListener
    void onWorkspaceDeleted(WorkspaceEvent.WorkspaceDeleted event) {
        tell(InternalCalls.WORKSPACE_DELETED, event.workspaceId(), call -> {
        });
    }

    private void tell(String path, long workspaceId, Consumer<Lib0Encoder> arguments) {
        if (!documents.mayHold(workspaceId)) {
            return;
        }
        Lib0Encoder call = new Lib0Encoder();
        call.writeVarUint(workspaceId);
        arguments.accept(call);
        documents.call(path, call.toByteArray());
    }
}
