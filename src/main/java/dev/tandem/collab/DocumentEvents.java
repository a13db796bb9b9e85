package dev.tandem.collab;

import dev.tandem.crdt.Lib0Encoder;
import dev.tandem.workspace.WorkspaceEvent;
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
        if (!documents.mayHold(event.workspaceId())) {
            return;
        }
        Lib0Encoder call = new Lib0Encoder();
        call.writeVarUint(event.workspaceId());
        call.writeVarString(event.from());
        call.writeVarString(event.to());
        documents.call(InternalCalls.MOVED, call.toByteArray());
    }

    @EventListener
    void onDeleted(WorkspaceEvent.FileDeleted event) {
        if (!documents.mayHold(event.workspaceId())) {
            return;
        }
        Lib0Encoder call = new Lib0Encoder();
        call.writeVarUint(event.workspaceId());
        call.writeVarString(event.path());
        documents.call(InternalCalls.DELETED, call.toByteArray());
    }

    @EventListener
    void onWorkspaceDeleted(WorkspaceEvent.WorkspaceDeleted event) {
        if (!documents.mayHold(event.workspaceId())) {
            return;
        }
        Lib0Encoder call = new Lib0Encoder();
        call.writeVarUint(event.workspaceId());
        documents.call(InternalCalls.WORKSPACE_DELETED, call.toByteArray());
    }
}
