package dev.tandem.lang.lsp;

import com.google.gson.JsonParseException;
import dev.tandem.config.TandemException;
import dev.tandem.lang.LangService;
import dev.tandem.lang.OpenProject;
import dev.tandem.lang.TextDocument;
import dev.tandem.lang.jdt.Cancellation;
import dev.tandem.lang.jdt.CodeActions;
import dev.tandem.lang.jdt.Completions;
import dev.tandem.lang.jdt.Diagnostics;
import dev.tandem.lang.jdt.Formatting;
import dev.tandem.lang.jdt.Hovers;
import dev.tandem.lang.jdt.IncrementalProblems;
import dev.tandem.lang.jdt.Navigation;
import dev.tandem.lang.jdt.Signatures;
import dev.tandem.lang.jdt.Symbols;
import dev.tandem.workspace.Role;
import dev.tandem.workspace.WorkspaceFiles;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.jdt.core.compiler.CategorizedProblem;
import org.eclipse.jdt.core.dom.CompilationUnit;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.CodeActionOptions;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.CompletionOptions;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DocumentFormattingParams;
import org.eclipse.lsp4j.DocumentRangeFormattingParams;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.RenameFile;
import org.eclipse.lsp4j.RenameFileOptions;
import org.eclipse.lsp4j.RenameParams;
import org.eclipse.lsp4j.ResourceOperation;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.ServerInfo;
import org.eclipse.lsp4j.SignatureHelpOptions;
import org.eclipse.lsp4j.SignatureHelpParams;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentEdit;
import org.eclipse.lsp4j.TextDocumentSyncKind;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.MessageIssueException;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.messages.CancelParams;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.jsonrpc.messages.Message;
import org.eclipse.lsp4j.jsonrpc.messages.NotificationMessage;
import org.eclipse.lsp4j.jsonrpc.messages.RequestMessage;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseMessage;
import org.eclipse.lsp4j.jsonrpc.services.ServiceEndpoints;
import org.eclipse.lsp4j.services.LanguageServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's LSP conversation about one workspace. Messages are parsed with LSP4J's message
 * shapes; requests run on the workspace's worker thread; the client's open documents (its own
 * versions and unsaved text) live here, so incremental edits of two clients never mix.
 * <p>
 * Anything a client sends that is not a valid message gets a JSON-RPC error and the session goes
 * on. Viewers get every read-only feature; requests that produce edits (format, rename, code
 * actions) are refused to them.
 */
public final class LspSession implements OpenProject.ProblemsListener {

    private static final Logger log = LoggerFactory.getLogger(LspSession.class);
    private static final int MAX_PENDING_REQUESTS = 32;
    private static final MessageJsonHandler JSON = new MessageJsonHandler(ServiceEndpoints.getSupportedMethods(LanguageServer.class));

    private final String username;
    private final Role role;
    private final OpenProject project;
    private final LangService service;
    private final WorkspaceFiles files;
    private final MessageChannel channel;
    private final Map<String, TextDocument> documents = new ConcurrentHashMap<>();
    private final Set<String> stale = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean diagnosticsScheduled = new AtomicBoolean();
    /** Open documents not edited since they were opened. */
    private final Set<String> unedited = ConcurrentHashMap.newKeySet();
    /** The version of each document whose diagnostics ran out of time once (they are tried once more). */
    private final Map<String, TextDocument> timedOut = new ConcurrentHashMap<>();
    private final Map<String, AtomicBoolean> pending = new ConcurrentHashMap<>();
    /** Per open document, its last full compilation (the base of method-only checks). */
    private final Map<String, IncrementalProblems.Baseline> baselines = new ConcurrentHashMap<>();
    /** Per open document, its pending full check after typing pauses. */
    private final Map<String, ScheduledFuture<?>> quietChecks = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private volatile boolean followsFileRenames;

    public LspSession(String username, Role role, OpenProject project, LangService service, WorkspaceFiles files,
            MessageChannel channel) {
        this.username = username;
        this.role = role;
        this.project = project;
        this.service = service;
        this.files = files;
        this.channel = channel;
        project.addListener(this);
    }

    /** Handles one incoming text frame. Never throws: a bad message gets an error response. */
    public void receive(String text) {
        if (text.length() > service.properties().maxMessageBytes()) {
            sendError(null, JsonRpcException.INVALID_REQUEST, "Message too large");
            return;
        }
        Message message;
        try {
            message = JSON.parseMessage(text);
        } catch (MessageIssueException e) {
            Message partial = e.getRpcMessage();
            if (partial instanceof RequestMessage request) {
                sendError(request.getRawId(), JsonRpcException.INVALID_PARAMS, "Invalid params: " + e.getMessage());
            } else if (partial == null) {
                sendError(null, JsonRpcException.INVALID_REQUEST, "Invalid message");
            }
            return;
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException | ClassCastException
                | NullPointerException | NumberFormatException e) {
            sendError(null, JsonRpcException.PARSE_ERROR, "Parse error");
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
                sendError(request.getRawId(), e.code(), e.getMessage());
            }
        } catch (RuntimeException e) {
            log.debug("Bad LSP message", e);
            if (message instanceof RequestMessage request) {
                sendError(request.getRawId(), JsonRpcException.INVALID_PARAMS, "Invalid params");
            }
        }
    }

    private void notification(NotificationMessage n) {
        Object params = n.getParams();
        switch (n.getMethod()) {
            case "textDocument/didOpen" -> {
                var p = (DidOpenTextDocumentParams) params;
                String uri = p.getTextDocument().getUri();
                documents.put(uri, new TextDocument(uri, pathOf(uri), p.getTextDocument().getVersion(), p.getTextDocument().getText()));
                unedited.add(uri);
                scheduleDiagnostics(uri);
            }
            case "textDocument/didChange" -> {
                var p = (DidChangeTextDocumentParams) params;
                String uri = p.getTextDocument().getUri();
                TextDocument doc = documents.get(uri);
                if (doc == null) {
                    return;
                }
                for (TextDocumentContentChangeEvent change : p.getContentChanges()) {
                    doc = doc.edit(change.getRange(), change.getText(), p.getTextDocument().getVersion());
                    if (doc.text().length() > service.properties().maxMessageBytes()) {
                        return;
                    }
                }
                documents.put(uri, doc);
                unedited.remove(uri);
                scheduleDiagnostics(uri);
            }
            case "textDocument/didClose" -> {
                String uri = ((DidCloseTextDocumentParams) params).getTextDocument().getUri();
                documents.remove(uri);
                unedited.remove(uri);
                timedOut.remove(uri);
                baselines.remove(uri);
                ScheduledFuture<?> quiet = quietChecks.remove(uri);
                if (quiet != null) {
                    quiet.cancel(false);
                }
                List<Diagnostic> onDisk = project.problems().get(pathOf(uri));
                publish(uri, null, onDisk == null ? List.of() : onDisk);
                project.requestCheck();
            }
            case "initialized" -> publishKnownProblems();
            case "textDocument/didSave", "workspace/didChangeWatchedFiles" -> project.filesChanged();
            case "$/cancelRequest" -> {
                Either<String, Number> id = ((CancelParams) params).getRawId();
                AtomicBoolean flag = pending.get(idKey(id));
                if (flag != null) {
                    flag.set(true);
                }
            }
            default -> {
                // Notifications nobody handles are ignored, as JSON-RPC says.
            }
        }
    }

    private void request(RequestMessage r) {
        Either<String, Number> id = r.getRawId();
        Object params = r.getParams();
        switch (r.getMethod()) {
            case "initialize" -> {
                followsFileRenames = followsFileRenames((InitializeParams) params);
                respond(id, initializeResult());
            }
            case "shutdown" -> respond(id, null);
            case "textDocument/completion" -> {
                var p = (CompletionParams) params;
                onDocument(r, p.getTextDocument().getUri(), (doc, cancel) -> Completions.complete(doc,
                        doc.offset(p.getPosition()), variant -> checkAt(doc, variant, doc.offset(p.getPosition()), cancel),
                        project.java().typeNames()));
            }
            case "textDocument/hover" -> {
                var p = (HoverParams) params;
                onDocument(r, p.getTextDocument().getUri(), (doc, cancel) -> Hovers.hover(compile(doc, doc.text(), cancel),
                        doc, doc.offset(p.getPosition()), navigation(cancel)));
            }
            case "textDocument/signatureHelp" -> {
                var p = (SignatureHelpParams) params;
                onDocument(r, p.getTextDocument().getUri(), (doc, cancel) -> Signatures.help(doc, doc.offset(p.getPosition()),
                        variant -> checkAt(doc, variant, doc.offset(p.getPosition()), cancel)));
            }
            case "textDocument/definition" -> {
                var p = (DefinitionParams) params;
                onDocument(r, p.getTextDocument().getUri(), (doc, cancel) -> navigation(cancel)
                        .definition(compile(doc, doc.text(), cancel), doc, doc.offset(p.getPosition())));
            }
            case "textDocument/references" -> {
                var p = (ReferenceParams) params;
                onDocument(r, p.getTextDocument().getUri(), (doc, cancel) -> navigation(cancel).references(
                        compile(doc, doc.text(), cancel), doc, doc.offset(p.getPosition()),
                        p.getContext() == null || p.getContext().isIncludeDeclaration()));
            }
            case "textDocument/documentSymbol" -> {
                var p = (DocumentSymbolParams) params;
                onDocument(r, p.getTextDocument().getUri(), (doc, cancel) -> Symbols.of(parse(doc, cancel), doc));
            }
            case "textDocument/rename" -> {
                requireEditor();
                var p = (RenameParams) params;
                onDocument(r, p.getTextDocument().getUri(), (doc, cancel) -> rename(navigation(cancel).rename(
                        compile(doc, doc.text(), cancel), doc, doc.offset(p.getPosition()), p.getNewName())));
            }
            case "textDocument/formatting" -> {
                requireEditor();
                var p = (DocumentFormattingParams) params;
                onDocument(r, p.getTextDocument().getUri(), (doc, cancel) -> Formatting.format(doc, 0, doc.text().length(),
                        project.java().options(), project.root()));
            }
            case "textDocument/rangeFormatting" -> {
                requireEditor();
                var p = (DocumentRangeFormattingParams) params;
                onDocument(r, p.getTextDocument().getUri(), (doc, cancel) -> {
                    int start = doc.offset(p.getRange().getStart());
                    return Formatting.format(doc, start, doc.offset(p.getRange().getEnd()) - start,
                            project.java().options(), project.root());
                });
            }
            case "textDocument/codeAction" -> {
                requireEditor();
                var p = (CodeActionParams) params;
                onDocument(r, p.getTextDocument().getUri(), (doc, cancel) -> CodeActions.actions(check(doc, doc.text(), cancel),
                        doc, p.getRange(), p.getContext(), project.java().typeNames()));
            }
            default -> throw new JsonRpcException(JsonRpcException.METHOD_NOT_FOUND, "Unknown method " + r.getMethod());
        }
    }

    /**
     * A rename that changes only text is returned for the client to apply (through its editors, and
     * so the live documents). One that moves a file (a public top-level type) is applied here, text
     * edits first, then the move through the workspace's file service, which moves the file's room
     * and tells its clients; the answer then has no text edits left to apply, and describes the move
     * as a {@code RenameFile} for clients that said they know resource operations
     * ({@code ignoreIfExists}: the file is already there, a client that applies it does nothing).
     */
    private WorkspaceEdit rename(Navigation.Rename rename) {
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

    /** The client said it applies {@code RenameFile} operations of workspace edits. */
    private static boolean followsFileRenames(InitializeParams params) {
        var workspace = params == null || params.getCapabilities() == null ? null : params.getCapabilities().getWorkspace();
        var edit = workspace == null ? null : workspace.getWorkspaceEdit();
        return edit != null && edit.getResourceOperations() != null && edit.getResourceOperations().contains("rename");
    }

    private static String idKey(Either<String, Number> id) {
        return id == null ? "" : id.isLeft() ? "s" + id.getLeft() : "n" + id.getRight().longValue();
    }

    private InitializeResult initializeResult() {
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

    private void requireEditor() {
        if (!role.canWrite()) {
            throw new JsonRpcException(JsonRpcException.REQUEST_FAILED, "Viewers cannot change files");
        }
    }

    /** A request about an open document, run on the workspace's worker, cancellable by the client or a timeout. */
    private void onDocument(RequestMessage r, String uri, Feature feature) {
        TextDocument doc = documents.get(uri);
        if (doc == null) {
            throw new JsonRpcException(JsonRpcException.INVALID_PARAMS, "Document not open: " + uri);
        }
        if (pending.size() >= MAX_PENDING_REQUESTS) {
            throw new JsonRpcException(JsonRpcException.REQUEST_FAILED, "Too many requests at once");
        }
        Either<String, Number> id = r.getRawId();
        String key = idKey(id);
        AtomicBoolean cancelled = new AtomicBoolean();
        pending.put(key, cancelled);
        try {
            CompletableFuture.runAsync(() -> {
                try {
                    if (cancelled.get() || closed) {
                        throw new OperationCanceledException();
                    }
                    TextDocument current = documents.getOrDefault(uri, doc);
                    respond(id, feature.apply(current, () -> cancelled.get() || closed));
                } catch (OperationCanceledException e) {
                    sendError(id, JsonRpcException.REQUEST_CANCELLED, "Cancelled");
                } catch (JsonRpcException e) {
                    sendError(id, e.code(), e.getMessage());
                } catch (TandemException e) {
                    sendError(id, JsonRpcException.INVALID_PARAMS, e.getMessage());
                } catch (IllegalArgumentException e) {
                    sendError(id, JsonRpcException.REQUEST_FAILED, e.getMessage());
                } catch (RuntimeException | StackOverflowError e) {
                    log.warn("{} failed on {}: {}", r.getMethod(), uri, e.toString());
                    sendError(id, JsonRpcException.INTERNAL_ERROR, "Internal error");
                } finally {
                    pending.remove(key);
                }
            }, project.worker());
        } catch (RejectedExecutionException e) {
            pending.remove(key);
            sendError(id, JsonRpcException.REQUEST_FAILED, "Workspace closed");
        }
    }

    @FunctionalInterface
    private interface Feature {
        Object apply(TextDocument doc, BooleanSupplier cancelled);
    }

    private Navigation navigation(BooleanSupplier cancelled) {
        return new Navigation(project.java(), project.root(), overlay(), path -> "file:///" + path,
                monitor(cancelled));
    }

    private Cancellation monitor(BooleanSupplier cancelled) {
        return new Cancellation(cancelled, service.properties().requestTimeout().toMillis());
    }

    private CompilationUnit compile(TextDocument doc, String text, BooleanSupplier cancelled) {
        return project.java().compile(absolute(doc), text.toCharArray(), overlay(), true, monitor(cancelled));
    }

    /** Like {@link #compile}, reading unchanged other files as compiled classes: for problems and completion. */
    private CompilationUnit check(TextDocument doc, String text, BooleanSupplier cancelled) {
        return project.java().check(absolute(doc), text.toCharArray(), overlay(), monitor(cancelled));
    }

    /** Like {@link #check}, resolving only the body around {@code offset}: for completion and signature help. */
    private CompilationUnit checkAt(TextDocument doc, String text, int offset, BooleanSupplier cancelled) {
        return project.java().checkAt(absolute(doc), text.toCharArray(), offset, overlay(), monitor(cancelled));
    }

    private CompilationUnit parse(TextDocument doc, BooleanSupplier cancelled) {
        return project.java().compile(absolute(doc), doc.text().toCharArray(), Map.of(), false, monitor(cancelled));
    }

    /** This client's unsaved documents, as the compiler should see them. */
    private Map<Path, char[]> overlay() {
        Map<Path, char[]> overlay = new HashMap<>();
        for (TextDocument d : documents.values()) {
            overlay.put(absolute(d), d.text().toCharArray());
        }
        return overlay;
    }

    private Path absolute(TextDocument doc) {
        return project.root().resolve(doc.path());
    }

    /** {@code file:///src/App.java} → {@code src/App.java}, confined to the workspace (400 otherwise). */
    private String pathOf(String uri) {
        if (uri == null || !uri.startsWith("file:///")) {
            throw new JsonRpcException(JsonRpcException.INVALID_PARAMS, "Document URIs are file:/// and a workspace path");
        }
        String path = URLDecoder.decode(uri.substring("file:///".length()).replace("+", "%2B"), StandardCharsets.UTF_8);
        Path resolved = files.resolve(username, project.workspaceId(), path);
        return project.root().relativize(resolved).toString();
    }

    private void scheduleDiagnostics(String uri) {
        stale.add(uri);
        if (diagnosticsScheduled.compareAndSet(false, true)) {
            // An idle worker starts at once (a newer edit still cancels the run, see computeDiagnostics);
            // a busy one gets the debounce, so that fast typing is coalesced into one run.
            long delay = project.workerTasks() == 0 ? 0 : service.properties().debounce().toMillis();
            try {
                if (delay == 0) {
                    CompletableFuture.runAsync(this::computeDiagnostics, project.worker());
                } else {
                    CompletableFuture.runAsync(this::computeDiagnostics,
                            CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS, project.worker()));
                }
            } catch (RejectedExecutionException e) {
                diagnosticsScheduled.set(false);
            }
        }
    }

    /** Diagnostics for every document edited since the last run; a newer edit cancels a stale compilation. */
    private void computeDiagnostics() {
        diagnosticsScheduled.set(false);
        if (stale.stream().anyMatch(uri -> uri.endsWith(".java"))) {
            // Until the first whole-workspace check has produced class files, a compilation would read every
            // other file from source, doing the check's work a second time on the same cores: wait for it,
            // as long as any request may take (only a workspace with a longer check is better off without).
            project.awaitFirstCheck(service.properties().requestTimeout().toMillis());
        }
        List<String> uris = List.copyOf(stale);
        for (int i = 0; i < uris.size(); i++) {
            String uri = uris.get(i);
            stale.remove(uri);
            TextDocument doc = documents.get(uri);
            if (doc == null || closed) {
                continue;
            }
            try {
                List<Diagnostic> diagnostics = doc.path().endsWith(".java") ? javaDiagnostics(uri, doc) : List.of();
                if (i == uris.size() - 1) {
                    // The client may answer this result with its next edit at once: let that find the worker idle.
                    project.resultSent();
                }
                publishEdited(uri, doc, diagnostics);
                prepareBaseline(uri, doc);
            } catch (OperationCanceledException e) {
                // A newer version is already scheduled; if not, it ran out of time (a cold start on a
                // busy machine) and is tried again, warmer, once: a text that always takes longer
                // must not keep the workspace's worker busy for good.
                if (!closed && documents.get(uri) == doc) {
                    if (timedOut.put(uri, doc) != doc) {
                        scheduleDiagnostics(uri);
                    } else {
                        publish(uri, doc.version(), List.of(tooSlow()));
                    }
                }
            } catch (RuntimeException e) {
                log.warn("Diagnostics failed on {}: {}", uri, e.toString());
            }
        }
    }

    private Diagnostic tooSlow() {
        return new Diagnostic(new Range(new Position(0, 0), new Position(0, 0)), "Problems not shown: checking this file took longer than "
                + service.properties().requestTimeout().toSeconds() + " s; it is checked again after the next edit",
                DiagnosticSeverity.Information, "java");
    }

    /**
     * A document's problems: from the whole-workspace check when it compiled this text; from the edited
     * method alone when the edit since the document's last full compilation stayed inside one method
     * body (see {@link IncrementalProblems}; the whole file is compiled again once typing pauses);
     * else from a full compilation of the file, which becomes the document's new baseline.
     */
    private List<Diagnostic> javaDiagnostics(String uri, TextDocument doc) {
        List<Diagnostic> checked = fromCheck(uri, doc);
        if (checked != null) {
            return checked;
        }
        Environment environment = environment(uri);
        IncrementalProblems.Baseline base = baselines.get(uri);
        String text = doc.text();
        if (base != null && base.environment().equals(environment) && base.text().equals(text)) {
            return Diagnostics.of(base.problems(), doc);
        }
        var monitor = monitor(() -> closed || documents.get(uri) != doc);
        IncrementalProblems.Plan plan = IncrementalProblems.plan(base, text, environment);
        if (plan.methodOnly()) {
            CategorizedProblem[] problems = project.java().methodProblems(absolute(doc), text, base, plan, overlay(), monitor);
            if (problems != null) {
                fullCheckWhenQuiet(uri, doc);
                return Diagnostics.of(problems, doc);
            }
        }
        return Diagnostics.of(fullCompile(uri, doc, environment, monitor).problems(), doc);
    }

    private IncrementalProblems.Baseline fullCompile(String uri, TextDocument doc, Environment environment,
            Cancellation monitor) {
        var full = project.java().fullProblems(absolute(doc), doc.text().toCharArray(), overlay(), environment, monitor);
        baselines.compute(uri, (u, old) -> IncrementalProblems.better(old, full));
        return full;
    }

    /**
     * A document whose problems came from the whole-workspace check has no baseline yet: compile it
     * now, after its problems were sent, so that its first keystroke is already checked by its method
     * alone. Not cancelled by that keystroke (it waits for this instead, and gains from it).
     */
    private void prepareBaseline(String uri, TextDocument doc) {
        if (!doc.path().endsWith(".java") || baselines.containsKey(uri)) {
            return;
        }
        try {
            fullCompile(uri, doc, environment(uri), monitor(() -> closed));
        } catch (OperationCanceledException e) {
            // Closed, or out of time: the first keystroke compiles the whole file.
        }
    }

    /**
     * Once typing pauses, the document's problems from a full compilation: exact even where a
     * method-only check could not see (what only code generation finds), and the next baseline.
     */
    private void fullCheckWhenQuiet(String uri, TextDocument doc) {
        ScheduledFuture<?> old = quietChecks.put(uri, project.later(() -> {
            if (closed || documents.get(uri) != doc) {
                return;
            }
            try {
                var full = fullCompile(uri, doc, environment(uri), monitor(() -> closed || documents.get(uri) != doc));
                publishEdited(uri, doc, Diagnostics.of(full.problems(), doc));
            } catch (OperationCanceledException e) {
                // A newer edit: it schedules its own check.
            } catch (RuntimeException e) {
                log.warn("Diagnostics failed on {}: {}", uri, e.toString());
            }
        }, service.properties().fullCheckDelay().toMillis()));
        if (old != null) {
            old.cancel(false);
        }
    }

    /** What a compilation of one document sees of the others: a baseline holds while this is equal. */
    private record Environment(long generation, Map<String, String> others) {
    }

    private Environment environment(String uri) {
        Map<String, String> others = new HashMap<>();
        documents.forEach((u, d) -> {
            if (!u.equals(uri)) {
                others.put(u, d.text());
            }
        });
        return new Environment(project.java().generation(), others);
    }

    /**
     * A document not edited since it was opened, with every other open document as on disk, has the
     * problems the whole-workspace check found in its file, if that check compiled this very text:
     * the first diagnostics after opening need no compilation of their own.
     */
    private List<Diagnostic> fromCheck(String uri, TextDocument doc) {
        if (!unedited.contains(uri)) {
            return null;
        }
        for (TextDocument other : documents.values()) {
            if (other != doc && project.checkedProblems(other.path(), other.text()) == null) {
                return null;
            }
        }
        return project.checkedProblems(doc.path(), doc.text());
    }

    /** Problems found by the whole-workspace check, for files this client has not open. */
    @Override
    public void problemsChanged(Map<String, List<Diagnostic>> changed) {
        changed.forEach((path, diagnostics) -> {
            String uri = "file:///" + path;
            if (!documents.containsKey(uri)) {
                publish(uri, null, diagnostics);
            }
        });
    }

    /** Sends the problems the workspace already has, once the client is initialized. */
    private void publishKnownProblems() {
        problemsChanged(project.problems());
    }

    /** An edited document's problems, to this client and, from an editor, to the workspace's Problems panel. */
    private void publishEdited(String uri, TextDocument doc, List<Diagnostic> diagnostics) {
        publish(uri, doc.version(), diagnostics);
        if (role.canWrite()) {
            project.liveProblems(doc.path(), diagnostics);
        }
    }

    private void publish(String uri, Integer version, List<Diagnostic> diagnostics) {
        var params = new PublishDiagnosticsParams(uri, diagnostics);
        params.setVersion(version);
        notify("textDocument/publishDiagnostics", params);
    }

    private void notify(String method, Object params) {
        var n = new NotificationMessage();
        n.setMethod(method);
        n.setParams(params);
        send(n);
    }

    private void respond(Either<String, Number> id, Object result) {
        var response = new ResponseMessage();
        response.setRawId(id);
        response.setResult(result);
        send(response);
    }

    private void sendError(Either<String, Number> id, int code, String message) {
        var response = new ResponseMessage();
        response.setRawId(id);
        response.setError(new ResponseError(code, message, null));
        send(response);
    }

    private void send(Message message) {
        if (closed) {
            return;
        }
        try {
            channel.send(JSON.serialize(message));
        } catch (RuntimeException e) {
            log.debug("Could not send to an LSP client", e);
        }
    }

    /** The client went away. */
    public void close() {
        closed = true;
        quietChecks.values().forEach(check -> check.cancel(false));
        project.removeListener(this);
        service.release(project);
    }

}
