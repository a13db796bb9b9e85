package dev.tandem.lang.lsp;

import dev.tandem.lang.OpenProject;
import dev.tandem.lang.jdt.Completions;
import dev.tandem.lang.jdt.Hovers;
import dev.tandem.lang.jdt.Signatures;
import dev.tandem.lang.jdt.Symbols;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.SignatureHelpParams;
import org.eclipse.lsp4j.jsonrpc.messages.RequestMessage;

/**
 * The requests that change nothing, for every member: completion, hover, signature help, definition,
 * references and the outline. Each compiles only as much as it needs: completion and signature help
 * the body around the caret against compiled classes, hover and navigation from source (positions and
 * Javadoc of other files), the outline without bindings.
 */
final class ReadRequests {

    private final OpenProject project;
    private final DocumentRequests requests;
    private final DocumentCompiler compiler;

    ReadRequests(OpenProject project, DocumentRequests requests, DocumentCompiler compiler) {
        this.project = project;
        this.requests = requests;
        this.compiler = compiler;
    }

    void completion(RequestMessage r) {
        var p = (CompletionParams) r.getParams();
        requests.run(r, p.getTextDocument().getUri(), (doc, cancel) -> Completions.complete(doc,
                doc.offset(p.getPosition()), variant -> compiler.checkAt(doc, variant, doc.offset(p.getPosition()), cancel),
                project.java().typeNames()));
    }

    void hover(RequestMessage r) {
        var p = (HoverParams) r.getParams();
        requests.run(r, p.getTextDocument().getUri(), (doc, cancel) -> Hovers.hover(compiler.compile(doc, doc.text(), cancel),
                doc, doc.offset(p.getPosition()), compiler.navigation(cancel)));
    }

    void signatureHelp(RequestMessage r) {
        var p = (SignatureHelpParams) r.getParams();
        requests.run(r, p.getTextDocument().getUri(), (doc, cancel) -> Signatures.help(doc, doc.offset(p.getPosition()),
                variant -> compiler.checkAt(doc, variant, doc.offset(p.getPosition()), cancel)));
    }

    void definition(RequestMessage r) {
        var p = (DefinitionParams) r.getParams();
        requests.run(r, p.getTextDocument().getUri(), (doc, cancel) -> compiler.navigation(cancel)
                .definition(compiler.compile(doc, doc.text(), cancel), doc, doc.offset(p.getPosition())));
    }

    void references(RequestMessage r) {
        var p = (ReferenceParams) r.getParams();
        requests.run(r, p.getTextDocument().getUri(), (doc, cancel) -> compiler.navigation(cancel).references(
                compiler.compile(doc, doc.text(), cancel), doc, doc.offset(p.getPosition()),
                p.getContext() == null || p.getContext().isIncludeDeclaration()));
    }

    void documentSymbol(RequestMessage r) {
        var p = (DocumentSymbolParams) r.getParams();
        requests.run(r, p.getTextDocument().getUri(), (doc, cancel) -> Symbols.of(compiler.parse(doc, cancel), doc));
    }
}
