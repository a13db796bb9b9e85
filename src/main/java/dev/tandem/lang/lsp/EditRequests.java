package dev.tandem.lang.lsp;

import dev.tandem.config.TandemException;
import dev.tandem.lang.LangService;
import dev.tandem.lang.OpenProject;
import dev.tandem.lang.jdt.CodeActions;
import dev.tandem.lang.jdt.Formatting;
import dev.tandem.lang.jdt.Navigation;
import dev.tandem.workspace.Role;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.DocumentFormattingParams;
import org.eclipse.lsp4j.DocumentRangeFormattingParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.RenameFile;
import org.eclipse.lsp4j.RenameFileOptions;
import org.eclipse.lsp4j.RenameParams;
import org.eclipse.lsp4j.ResourceOperation;
import org.eclipse.lsp4j.TextDocumentEdit;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.jsonrpc.messages.RequestMessage;

/**
 * The requests that produce edits: rename, formatting and code actions (quick fixes, organize
 * imports). Editors and owners only: a viewer gets {@code -32803}, checked here on the server
 * whatever the client was told it can do.
 */
final class EditRequests {

    private final String username;
    private final Role role;
    private final OpenProject project;
    private final LangService service;
    private final DocumentRequests requests;
    private final DocumentCompiler compiler;
    private volatile boolean followsFileRenames;

    EditRequests(String username, Role role, OpenProject project, LangService service, DocumentRequests requests,
            DocumentCompiler compiler) {
        this.username = username;
        this.role = role;
        this.project = project;
        this.service = service;
        this.requests = requests;
        this.compiler = compiler;
    }

    /** Remembers whether the client said it applies {@code RenameFile} operations of workspace edits. */
    void initialize(InitializeParams params) {
        var workspace = params == null || params.getCapabilities() == null ? null : params.getCapabilities().getWorkspace();
        var edit = workspace == null ? null : workspace.getWorkspaceEdit();
        followsFileRenames = edit != null && edit.getResourceOperations() != null && edit.getResourceOperations().contains("rename");
    }

    void rename(RequestMessage r) {
        requireEditor();
        var p = (RenameParams) r.getParams();
        requests.run(r, p.getTextDocument().getUri(), (doc, cancel) -> apply(compiler.navigation(cancel).rename(
                compiler.compile(doc, doc.text(), cancel), doc, doc.offset(p.getPosition()), p.getNewName())));
    }

    void formatting(RequestMessage r) {
        requireEditor();
        var p = (DocumentFormattingParams) r.getParams();
        requests.run(r, p.getTextDocument().getUri(), (doc, cancel) -> Formatting.format(doc, 0, doc.text().length(),
                project.java().options(), project.root()));
    }

    void rangeFormatting(RequestMessage r) {
        requireEditor();
        var p = (DocumentRangeFormattingParams) r.getParams();
        requests.run(r, p.getTextDocument().getUri(), (doc, cancel) -> {
            int start = doc.offset(p.getRange().getStart());
            return Formatting.format(doc, start, doc.offset(p.getRange().getEnd()) - start,
                    project.java().options(), project.root());
        });
    }

    void codeAction(RequestMessage r) {
        requireEditor();
        var p = (CodeActionParams) r.getParams();
        requests.run(r, p.getTextDocument().getUri(), (doc, cancel) -> CodeActions.actions(compiler.check(doc, doc.text(), cancel),
                doc, p.getRange(), p.getContext(), project.java().typeNames()));
    }

    /**
     * A rename that changes only text is returned for the client to apply (through its editors, and
     * so the live documents). One that moves a file (a public top-level type) is applied here, text
     * edits first, then the move through the workspace's file service, which moves the file's room
     * and tells its clients; the answer then has no text edits left to apply, and describes the move
     * as a {@code RenameFile} for clients that said they know resource operations
     * ({@code ignoreIfExists}: the file is already there, a client that applies it does nothing).
     */
    private WorkspaceEdit apply(Navigation.Rename rename) {
        if (rename.moveFrom() == null) {
            return rename.textEdit();
        }
        Map<String, LangService.FileEdits> edits = new LinkedHashMap<>();
        rename.edits().forEach((doc, list) -> edits.put(doc.path(), new LangService.FileEdits(doc.text(), list)));
        try {
            service.applyRename(username, project.workspaceId(), edits, rename.moveFrom(), rename.moveTo());
        } catch (TandemException e) {
            throw new JsonRpcException("modified".equals(e.code()) ? JsonRpcException.CONTENT_MODIFIED
                    : JsonRpcException.REQUEST_FAILED, e.getMessage());
        }
        project.filesChanged();
        if (!followsFileRenames) {
            return new WorkspaceEdit(Map.of());
        }
        var options = new RenameFileOptions();
        options.setIgnoreIfExists(true);
        var move = new RenameFile("file:///" + rename.moveFrom(), "file:///" + rename.moveTo(), options);
        return new WorkspaceEdit(List.of(Either.<TextDocumentEdit, ResourceOperation>forRight(move)));
    }

    private void requireEditor() {
        if (!role.canWrite()) {
            throw new JsonRpcException(JsonRpcException.REQUEST_FAILED, "Viewers cannot change files");
        }
    }
}
