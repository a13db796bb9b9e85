package dev.tandem.lang.lsp;

import dev.tandem.config.TandemException;
import dev.tandem.lang.OpenProject;
import dev.tandem.lang.TextDocument;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.lsp4j.jsonrpc.messages.CancelParams;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.jsonrpc.messages.RequestMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's requests about open documents while they are in flight. Each runs on the workspace's
 * worker (a workspace's requests run in order and never take more than one core), can be cancelled
 * by {@code $/cancelRequest} or the client leaving (the request timeout is the monitor's), and gets
 * exactly one answer: its result or a JSON-RPC error. A session has at most
 * {@value #MAX_PENDING_REQUESTS} in flight, so one client cannot queue unbounded work.
 */
final class DocumentRequests {

    private static final Logger log = LoggerFactory.getLogger(DocumentRequests.class);
    private static final int MAX_PENDING_REQUESTS = 32;

    /** What a request computes from the document's current text; it polls {@code cancelled}. */
    @FunctionalInterface
    interface Feature {
        Object apply(TextDocument doc, BooleanSupplier cancelled);
    }

    private final OpenProject project;
    private final OpenDocuments documents;
    private final Client client;
    /** The cancelled flag of each request in flight, by id. */
    private final Map<String, AtomicBoolean> pending = new ConcurrentHashMap<>();

    DocumentRequests(OpenProject project, OpenDocuments documents, Client client) {
        this.project = project;
        this.documents = documents;
        this.client = client;
    }

    /** Runs {@code feature} on the document {@code uri} for request {@code r}; throws when it cannot even be queued. */
    void run(RequestMessage r, String uri, Feature feature) {
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
                    if (cancelled.get() || client.gone()) {
                        throw new OperationCanceledException();
                    }
                    // The text as it is when the worker gets to it: edits queued meanwhile count.
                    TextDocument current = documents.get(uri);
                    client.respond(id, feature.apply(current == null ? doc : current, () -> cancelled.get() || client.gone()));
                } catch (OperationCanceledException e) {
                    client.error(id, JsonRpcException.REQUEST_CANCELLED, "Cancelled");
                } catch (JsonRpcException e) {
                    client.error(id, e.code(), e.getMessage());
                } catch (TandemException e) {
                    client.error(id, JsonRpcException.INVALID_PARAMS, e.getMessage());
                } catch (IllegalArgumentException e) {
                    client.error(id, JsonRpcException.REQUEST_FAILED, e.getMessage());
                } catch (RuntimeException | StackOverflowError e) {
                    log.warn("{} failed on {}: {}", r.getMethod(), uri, e.toString());
                    client.error(id, JsonRpcException.INTERNAL_ERROR, "Internal error");
                } finally {
                    pending.remove(key);
                }
            }, project.worker());
        } catch (RejectedExecutionException e) {
            pending.remove(key);
            client.error(id, JsonRpcException.REQUEST_FAILED, "Workspace closed");
        }
    }

    /** {@code $/cancelRequest}: the request stops at JDT's next poll and answers "Cancelled". */
    void cancel(CancelParams params) {
        AtomicBoolean flag = pending.get(idKey(params.getRawId()));
        if (flag != null) {
            flag.set(true);
        }
    }

    /** JSON-RPC ids are strings or numbers, and {@code "1"} is not {@code 1}. */
    private static String idKey(Either<String, Number> id) {
        return id == null ? "" : id.isLeft() ? "s" + id.getLeft() : "n" + id.getRight().longValue();
    }
}
