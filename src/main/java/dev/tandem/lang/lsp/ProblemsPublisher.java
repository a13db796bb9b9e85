package dev.tandem.lang.lsp;

import dev.tandem.lang.OpenProject;
import dev.tandem.lang.TextDocument;
import dev.tandem.workspace.Role;
import java.util.List;
import java.util.Map;
import org.eclipse.lsp4j.Diagnostic;

/**
 * What a client is told about problems: its open documents' own problems (with their version), and
 * for every other file the workspace's problems, as the whole-workspace check (and other editors)
 * find them. An editor's problems are shared with the workspace's Problems panel; a viewer's are not,
 * since nobody else sees a viewer's unsaved text.
 */
final class ProblemsPublisher implements OpenProject.ProblemsListener {

    private final Role role;
    private final OpenProject project;
    private final OpenDocuments documents;
    private final Client client;

    ProblemsPublisher(Role role, OpenProject project, OpenDocuments documents, Client client) {
        this.role = role;
        this.project = project;
        this.documents = documents;
        this.client = client;
    }

    /** Problems of the workspace changed: sent for the files this client has not open (it has its own text of those). */
    @Override
    public void problemsChanged(Map<String, List<Diagnostic>> changed) {
        changed.forEach((path, diagnostics) -> {
            String uri = "file:///" + path;
            if (!documents.isOpen(uri)) {
                client.publishDiagnostics(uri, null, diagnostics);
            }
        });
    }

    /** Sends the problems the workspace already has, once the client is initialized. */
    void publishKnownProblems() {
        problemsChanged(project.problems());
    }

    /** A closed document's file has the workspace's problems again (or none). */
    void publishClosed(String uri) {
        List<Diagnostic> onDisk = project.problems().get(documents.pathOf(uri));
        client.publishDiagnostics(uri, null, onDisk == null ? List.of() : onDisk);
    }

    /** An edited document's problems, to this client and, from an editor, to the workspace's Problems panel. */
    void publishEdited(String uri, TextDocument doc, List<Diagnostic> diagnostics) {
        publish(uri, doc, diagnostics);
        if (role.canWrite()) {
            project.liveProblems(doc.path(), diagnostics);
        }
    }

    /** A document's problems, to this client only. */
    void publish(String uri, TextDocument doc, List<Diagnostic> diagnostics) {
        client.publishDiagnostics(uri, doc.version(), diagnostics);
    }
}
