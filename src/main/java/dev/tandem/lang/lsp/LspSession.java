package dev.tandem.lang.lsp;

import com.google.gson.JsonParseException;
import dev.tandem.lang.LangService;
import dev.tandem.lang.OpenProject;
import dev.tandem.workspace.Role;
import dev.tandem.workspace.WorkspaceFiles;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.jsonrpc.MessageIssueException;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.messages.CancelParams;
import org.eclipse.lsp4j.jsonrpc.messages.Message;
import org.eclipse.lsp4j.jsonrpc.messages.NotificationMessage;
import org.eclipse.lsp4j.jsonrpc.messages.RequestMessage;
import org.eclipse.lsp4j.jsonrpc.services.ServiceEndpoints;
import org.eclipse.lsp4j.services.LanguageServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's LSP conversation about one workspace: parses each incoming frame with LSP4J's message
 * shapes and hands it to the part that does the work — the client's open documents
 * ({@link OpenDocuments}), their problems ({@link DiagnosticsScheduler}), and the requests
 * ({@link ReadRequests}, {@link EditRequests}), which run on the workspace's worker.
 * <p>
 * Anything a client sends that is not a valid message gets a JSON-RPC error and the session goes
 * on. Viewers get every read-only feature; requests that produce edits (format, rename, code
 * actions) are refused to them.
 */
public final class LspSession {

    private static final Logger log = LoggerFactory.getLogger(LspSession.class);
    private static final MessageJsonHandler JSON = new MessageJsonHandler(ServiceEndpoints.getSupportedMethods(LanguageServer.class));

    private final Role role;
    private final OpenProject project;
    private final LangService service;
    private final Client client;
    private final OpenDocuments documents;
    private final DocumentRequests requests;
    private final ReadRequests reads;
    private final EditRequests edits;
    private final ProblemsPublisher publisher;
    private final DocumentProblems problems;
    private final DiagnosticsScheduler diagnostics;

    public LspSession(String username, Role role, OpenProject project, LangService service, WorkspaceFiles files,
            MessageChannel channel) {
        var properties = service.properties();
        this.role = role;
        this.project = project;
        this.service = service;
        this.client = new Client(JSON, channel);
        this.documents = new OpenDocuments(username, project, files, properties.maxMessageBytes());
        var compiler = new DocumentCompiler(project, documents, properties.requestTimeout().toMillis());
        this.requests = new DocumentRequests(project, documents, client);
        this.reads = new ReadRequests(project, requests, compiler);
        this.edits = new EditRequests(username, role, project, service, requests, compiler);
        this.publisher = new ProblemsPublisher(role, project, documents, client);
        this.problems = new DocumentProblems(project, documents, compiler, publisher, client, properties.fullCheckDelay().toMillis());
        this.diagnostics = new DiagnosticsScheduler(project, documents, problems, publisher, client,
                properties.debounce().toMillis(), properties.requestTimeout().toMillis());
        project.addListener(publisher);
    }

    /** Handles one incoming text frame. Never throws: a bad message gets an error response. */
    public void receive(String text) {
        if (text.length() > service.properties().maxMessageBytes()) {
            client.error(null, JsonRpcException.INVALID_REQUEST, "Message too large");
            return;
        }
        Message message;
        try {
            message = JSON.parseMessage(text);
        } catch (MessageIssueException e) {
            Message partial = e.getRpcMessage();
            if (partial instanceof RequestMessage request) {
                client.error(request.getRawId(), JsonRpcException.INVALID_PARAMS, "Invalid params: " + e.getMessage());
            } else if (partial == null) {
                client.error(null, JsonRpcException.INVALID_REQUEST, "Invalid message");
            }
            return;
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException | ClassCastException
                | NullPointerException | NumberFormatException e) {
            client.error(null, JsonRpcException.PARSE_ERROR, "Parse error");
            return;
        }
        try {
            if (message instanceof RequestMessage request) {
                request(request);
            } else if (message instanceof NotificationMessage notification) {
                notification(notification);
            }
        } catch (JsonRpcException e) {
            if (message instanceof RequestMessage request) {
                client.error(request.getRawId(), e.code(), e.getMessage());
            }
        } catch (RuntimeException e) {
            // Params of the wrong shape for their method (a cast), or values a handler cannot use.
            log.debug("Bad LSP message", e);
            if (message instanceof RequestMessage request) {
                client.error(request.getRawId(), JsonRpcException.INVALID_PARAMS, "Invalid params");
            }
        }
    }

    private void notification(NotificationMessage n) {
        Object params = n.getParams();
        switch (n.getMethod()) {
            case "textDocument/didOpen" -> diagnostics.changed(documents.open((DidOpenTextDocumentParams) params));
            case "textDocument/didChange" -> {
                var p = (DidChangeTextDocumentParams) params;
                if (documents.change(p)) {
                    diagnostics.changed(p.getTextDocument().getUri());
                }
            }
            case "textDocument/didClose" -> {
                String uri = ((DidCloseTextDocumentParams) params).getTextDocument().getUri();
                documents.close(uri);
                diagnostics.closed(uri);
            }
            case "initialized" -> publisher.publishKnownProblems();
            case "textDocument/didSave", "workspace/didChangeWatchedFiles" -> project.filesChanged();
            case "$/cancelRequest" -> requests.cancel((CancelParams) params);
            default -> {
                // Notifications nobody handles are ignored, as JSON-RPC says.
            }
        }
    }

    private void request(RequestMessage r) {
        switch (r.getMethod()) {
            case "initialize" -> {
                edits.initialize((InitializeParams) r.getParams());
                client.respond(r.getRawId(), Capabilities.of(role));
            }
            case "shutdown" -> client.respond(r.getRawId(), null);
            case "textDocument/completion" -> reads.completion(r);
            case "textDocument/hover" -> reads.hover(r);
            case "textDocument/signatureHelp" -> reads.signatureHelp(r);
            case "textDocument/definition" -> reads.definition(r);
            case "textDocument/references" -> reads.references(r);
            case "textDocument/documentSymbol" -> reads.documentSymbol(r);
            case "textDocument/rename" -> edits.rename(r);
            case "textDocument/formatting" -> edits.formatting(r);
            case "textDocument/rangeFormatting" -> edits.rangeFormatting(r);
            case "textDocument/codeAction" -> edits.codeAction(r);
            default -> throw new JsonRpcException(JsonRpcException.METHOD_NOT_FOUND, "Unknown method " + r.getMethod());
        }
    }

    /** The client went away. */
    public void close() {
        client.leave();
        problems.close();
        project.removeListener(publisher);
        service.release(project);
    }
}
