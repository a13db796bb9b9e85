package dev.tandem.lang.lsp;

import dev.tandem.lang.OpenProject;
import dev.tandem.lang.TextDocument;
import dev.tandem.workspace.WorkspaceFiles;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;

/**
 * One client's open documents, with its own versions and unsaved text, kept by {@code didOpen},
 * {@code didChange} and {@code didClose}. Per client, so that incremental edits of two clients never
 * mix; what all clients of a file share is the live document, which reaches each one as edits.
 */
final class OpenDocuments {

    private final String username;
    private final OpenProject project;
    private final WorkspaceFiles files;
    private final int maxBytes;
    private final Map<String, TextDocument> documents = new ConcurrentHashMap<>();
    /** Open documents not edited since they were opened. */
    private final Set<String> unedited = ConcurrentHashMap.newKeySet();

    OpenDocuments(String username, OpenProject project, WorkspaceFiles files, int maxBytes) {
        this.username = username;
        this.project = project;
        this.files = files;
        this.maxBytes = maxBytes;
    }

    /** Opens a document; answers its URI. */
    String open(DidOpenTextDocumentParams p) {
        String uri = p.getTextDocument().getUri();
        documents.put(uri, new TextDocument(uri, pathOf(uri), p.getTextDocument().getVersion(), p.getTextDocument().getText()));
        unedited.add(uri);
        return uri;
    }

    /**
     * Applies the client's edits; false (and nothing changes) when the document is not open or the
     * edits make it larger than a message may be.
     */
    boolean change(DidChangeTextDocumentParams p) {
        String uri = p.getTextDocument().getUri();
        TextDocument doc = documents.get(uri);
        if (doc == null) {
            return false;
        }
        for (TextDocumentContentChangeEvent change : p.getContentChanges()) {
            doc = doc.edit(change.getRange(), change.getText(), p.getTextDocument().getVersion());
            if (doc.text().length() > maxBytes) {
                return false;
            }
        }
        documents.put(uri, doc);
        unedited.remove(uri);
        return true;
    }

    void close(String uri) {
        documents.remove(uri);
        unedited.remove(uri);
    }

    /** The document's current text, or null when it is not open. */
    TextDocument get(String uri) {
        return documents.get(uri);
    }

    boolean isOpen(String uri) {
        return documents.containsKey(uri);
    }

    boolean unedited(String uri) {
        return unedited.contains(uri);
    }

    Collection<TextDocument> all() {
        return documents.values();
    }

    /** The texts of the other open documents, by URI. */
    Map<String, String> textsOtherThan(String uri) {
        Map<String, String> others = new HashMap<>();
        documents.forEach((u, d) -> {
            if (!u.equals(uri)) {
                others.put(u, d.text());
            }
        });
        return others;
    }

    /** This client's unsaved documents, as the compiler should see them. */
    Map<Path, char[]> overlay() {
        Map<Path, char[]> overlay = new HashMap<>();
        for (TextDocument d : documents.values()) {
            overlay.put(absolute(d), d.text().toCharArray());
        }
        return overlay;
    }

    Path absolute(TextDocument doc) {
        return project.root().resolve(doc.path());
    }

    /** {@code file:///src/App.java} → {@code src/App.java}, confined to the workspace (400 otherwise). */
    String pathOf(String uri) {
        if (uri == null || !uri.startsWith("file:///")) {
            throw new JsonRpcException(JsonRpcException.INVALID_PARAMS, "Document URIs are file:/// and a workspace path");
        }
        String path = URLDecoder.decode(uri.substring("file:///".length()).replace("+", "%2B"), StandardCharsets.UTF_8);
        Path resolved = files.resolve(username, project.workspaceId(), path);
        return project.root().relativize(resolved).toString();
    }
}
