package dev.tandem.lang.lsp;

import dev.tandem.lang.OpenProject;
import dev.tandem.lang.TextDocument;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a client's open documents get their problems computed and published. Edits are coalesced: at
 * most one run per session is queued on the workspace's worker, and it takes the newest text of every
 * document edited since the last run. A run that runs out of time is tried once more; a text that
 * runs out of time twice gets one information diagnostic instead, until its next edit.
 */
final class DiagnosticsScheduler {

    private static final Logger log = LoggerFactory.getLogger(DiagnosticsScheduler.class);

    private final OpenProject project;
    private final OpenDocuments documents;
    private final DocumentProblems problems;
    private final ProblemsPublisher publisher;
    private final Client client;
    private final long debounceMillis;
    private final long requestTimeoutMillis;
    /** Documents edited (or opened) since the last run. */
    private final Set<String> stale = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** The version of each document whose diagnostics ran out of time once (they are tried once more). */
    private final Map<String, TextDocument> timedOut = new ConcurrentHashMap<>();

    DiagnosticsScheduler(OpenProject project, OpenDocuments documents, DocumentProblems problems,
            ProblemsPublisher publisher, Client client, long debounceMillis, long requestTimeoutMillis) {
        this.project = project;
        this.documents = documents;
        this.problems = problems;
        this.publisher = publisher;
        this.client = client;
        this.debounceMillis = debounceMillis;
        this.requestTimeoutMillis = requestTimeoutMillis;
    }

    /** The document was opened or edited: its problems are computed again. */
    void changed(String uri) {
        stale.add(uri);
        if (scheduled.compareAndSet(false, true)) {
            // An idle worker starts at once (a newer edit still cancels the run, see run()); a busy one
            // gets the debounce, so that fast typing is coalesced into one run.
            long delay = project.workerTasks() == 0 ? 0 : debounceMillis;
            try {
                if (delay == 0) {
                    CompletableFuture.runAsync(this::run, project.worker());
                } else {
                    CompletableFuture.runAsync(this::run,
                            CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS, project.worker()));
                }
            } catch (RejectedExecutionException e) {
                scheduled.set(false);
            }
        }
    }

    /**
     * The document was closed (already gone from the open documents): its file shows the workspace's
     * problems again, and the workspace is checked again, as the file on disk may differ from what
     * the client had.
     */
    void closed(String uri) {
        timedOut.remove(uri);
        problems.forget(uri);
        publisher.publishClosed(uri);
        project.requestCheck();
    }

    /** Diagnostics for every document edited since the last run; a newer edit cancels a stale compilation. */
    private void run() {
        scheduled.set(false);
        if (stale.stream().anyMatch(uri -> uri.endsWith(".java"))) {
            // Until the first whole-workspace check has produced class files, a compilation would read every
            // other file from source, doing the check's work a second time on the same cores: wait for it,
            // as long as any request may take (only a workspace with a longer check is better off without).
            project.awaitFirstCheck(requestTimeoutMillis);
        }
        List<String> uris = List.copyOf(stale);
        for (int i = 0; i < uris.size(); i++) {
            String uri = uris.get(i);
            stale.remove(uri);
            TextDocument doc = documents.get(uri);
            if (doc == null || client.gone()) {
                continue;
            }
            try {
                List<Diagnostic> diagnostics = doc.path().endsWith(".java") ? problems.of(uri, doc) : List.of();
                if (i == uris.size() - 1) {
                    // The client may answer this result with its next edit at once: let that find the worker idle.
                    project.resultSent();
                }
                publisher.publishEdited(uri, doc, diagnostics);
                problems.prepareBaseline(uri, doc);
            } catch (OperationCanceledException e) {
                // A newer version is already scheduled; if not, it ran out of time (a cold start on a
                // busy machine) and is tried again, warmer, once: a text that always takes longer
                // must not keep the workspace's worker busy for good.
                if (!client.gone() && documents.get(uri) == doc) {
                    if (timedOut.put(uri, doc) != doc) {
                        changed(uri);
                    } else {
                        publisher.publish(uri, doc, List.of(tooSlow()));
                    }
                }
            } catch (RuntimeException e) {
                log.warn("Diagnostics failed on {}: {}", uri, e.toString());
            }
        }
    }

    private Diagnostic tooSlow() {
        return new Diagnostic(new Range(new Position(0, 0), new Position(0, 0)), "Problems not shown: checking this file took longer than "
                + TimeUnit.MILLISECONDS.toSeconds(requestTimeoutMillis) + " s; it is checked again after the next edit",
                DiagnosticSeverity.Information, "java");
    }
}
