package dev.tandem.lang.lsp;

import dev.tandem.workspace.Role;
import java.util.List;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.CodeActionOptions;
import org.eclipse.lsp4j.CompletionOptions;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.ServerInfo;
import org.eclipse.lsp4j.SignatureHelpOptions;
import org.eclipse.lsp4j.TextDocumentSyncKind;

/** The answer to {@code initialize}: what this server does for a member of the given role. */
final class Capabilities {

    private Capabilities() {
    }

    /** Viewers are not offered the editing features, so a client does not bind them (the server refuses them anyway). */
    static InitializeResult of(Role role) {
        var caps = new ServerCapabilities();
        caps.setTextDocumentSync(TextDocumentSyncKind.Incremental);
        caps.setCompletionProvider(new CompletionOptions(false, List.of(".")));
        caps.setHoverProvider(true);
        caps.setSignatureHelpProvider(new SignatureHelpOptions(List.of("(", ",")));
        caps.setDefinitionProvider(true);
        caps.setReferencesProvider(true);
        caps.setDocumentSymbolProvider(true);
        if (role.canWrite()) {
            caps.setRenameProvider(true);
            caps.setDocumentFormattingProvider(true);
            caps.setDocumentRangeFormattingProvider(true);
            caps.setCodeActionProvider(new CodeActionOptions(List.of(CodeActionKind.QuickFix, CodeActionKind.SourceOrganizeImports)));
        }
        return new InitializeResult(caps, new ServerInfo("tandem-java", "1"));
    }
}
