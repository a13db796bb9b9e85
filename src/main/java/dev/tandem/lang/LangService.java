package dev.tandem.lang;

import com.google.gson.Gson;
import dev.tandem.collab.LiveDocuments;
import dev.tandem.config.TandemException;
import dev.tandem.lang.jdt.JdkLibrary;
import dev.tandem.lang.jdt.JdtResolver;
import dev.tandem.lang.jdt.WarmUp;
import dev.tandem.workspace.Role;
import dev.tandem.workspace.WorkspaceEvent;
import dev.tandem.workspace.WorkspaceFiles;
import dev.tandem.workspace.WorkspaceService;
import jakarta.annotation.PreDestroy;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.lsp4j.TextEdit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.util.function.SingletonSupplier;

/**
 * Java language services for workspaces: the entry point of the {@code lang} room. A workspace's
 * Java model is opened when its first user (an editor session or a Problems panel) arrives and
 * closed a while after the last one leaves. Every method checks membership through the workspace
 * service.
 */
@Service
public class LangService {

    private static final Gson EDITS_JSON = new Gson();
    private static final Logger log = LoggerFactory.getLogger(LangService.class);

    private final WorkspaceService workspaces;
    private final WorkspaceFiles files;
    private final LangProperties properties;
    private final MavenDependencies maven;
    private final LiveDocuments liveDocuments;
    // Opening the JDK's modules and loading JDT take over a second on a cold JVM: done on first
    // use (or by the warm-up after start), never on the server's start path.
    private final SingletonSupplier<JdkLibrary> jdk = SingletonSupplier.of(JdkLibrary::new);
    private final SingletonSupplier<JdtResolver> resolver = SingletonSupplier.of(JdtResolver::new);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lang-timer");
        t.setDaemon(true);
        return t;
    });
    private final Map<Long, OpenProject> open = new HashMap<>();
    private final Map<Long, ScheduledFuture<?>> closing = new HashMap<>();

    public LangService(WorkspaceService workspaces, WorkspaceFiles files, LangProperties properties,
            MavenDependencies maven, LiveDocuments liveDocuments) {
        this.workspaces = workspaces;
        this.liveDocuments = liveDocuments;
        this.files = files;
        this.properties = properties;
        this.maven = maven;
    }

    public LangProperties properties() {
        return properties;
    }

    /** The user's role in the workspace (404 when not a member). */
    public Role roleOf(String username, long workspaceId) {
        return workspaces.roleOf(username, workspaceId);
    }

    /** Opens (or shares) the workspace's Java model; pair with {@link #release}. */
    public synchronized OpenProject acquire(String username, long workspaceId) {
        workspaces.roleOf(username, workspaceId);
        Path root = files.resolve(username, workspaceId, "");
        ScheduledFuture<?> pending = closing.remove(workspaceId);
        if (pending != null) {
            pending.cancel(false);
        }
        OpenProject project = open.get(workspaceId);
        if (project == null) {
            project = new OpenProject(workspaceId, root, jdk.obtain(), resolver.obtain(), properties, maven, timer);
            open.put(workspaceId, project);
        }
        project.users++;
        return project;
    }

    /** Gives up one use; the model is closed after {@code tandem.lang.idle-close} without users. */
    public synchronized void release(OpenProject project) {
        if (--project.users > 0 || open.get(project.workspaceId()) != project) {
            // still used, or already closed (its workspace was deleted)
            return;
        }
        long id = project.workspaceId();
        closing.put(id, timer.schedule(() -> closeIfUnused(project), properties.idleClose().toMillis(), TimeUnit.MILLISECONDS));
    }

    private synchronized void closeIfUnused(OpenProject project) {
        if (project.users <= 0 && open.get(project.workspaceId()) == project) {
            open.remove(project.workspaceId());
            closing.remove(project.workspaceId());
            project.close();
        }
    }

    /**
     * A workspace was deleted: its Java model closes at once (interrupting a dependency resolution
     * that runs for it), then its Maven repository and cached classpaths go. Sessions still connected
     * get "Workspace closed" for their requests.
     */
    @EventListener
    public void onWorkspaceDeleted(WorkspaceEvent.WorkspaceDeleted event) {
        long id = event.workspaceId();
        synchronized (this) {
            ScheduledFuture<?> pending = closing.remove(id);
            if (pending != null) {
                pending.cancel(false);
            }
            OpenProject project = open.remove(id);
            if (project != null) {
                project.close();
            }
        }
        maven.delete(id);
    }

    /** The workspace's current problems, errors first. */
    public List<Problem> problems(String username, long workspaceId) {
        OpenProject project = acquire(username, workspaceId);
        try {
            return OpenProject.toProblems(project.problems());
        } finally {
            release(project);
        }
    }

    /**
     * Follows the workspace's problems: {@code listener} gets the full list now and after every
     * change, on a language-service thread. Run the returned action to stop.
     */
    public Runnable watchProblems(String username, long workspaceId, Consumer<List<Problem>> listener) {
        OpenProject project = acquire(username, workspaceId);
        OpenProject.ProblemsListener l = changed -> listener.accept(OpenProject.toProblems(project.problems()));
        project.addListener(l);
        listener.accept(OpenProject.toProblems(project.problems()));
        return () -> {
            project.removeListener(l);
            release(project);
        };
    }

    /**
     * Applies a language server's edits (LSP {@code TextEdit[]} as JSON, e.g. the part of a rename for
     * a file no editor of the user's page has open) through the live documents: in the file's room
     * when someone has it open (collaborators see it at once), else to the file on disk. Writers
     * only (403); malformed, overlapping or out-of-range edits are refused (400) and nothing changes.
     */
    public void applyEdits(String username, long workspaceId, String path, String editsJson) {
        if (!workspaces.roleOf(username, workspaceId).canWrite()) {
            throw TandemException.forbidden("Viewers cannot change files");
        }
        if (editsJson == null || editsJson.length() > properties.maxMessageBytes()) {
            throw TandemException.badRequest("Edits missing or too large");
        }
        TextEdit[] edits;
        try {
            edits = EDITS_JSON.fromJson(editsJson, TextEdit[].class);
        } catch (RuntimeException e) {
            throw TandemException.badRequest("Edits are not a list of LSP text edits");
        }
        if (edits == null) {
            throw TandemException.badRequest("Edits are not a list of LSP text edits");
        }
        List<dev.tandem.collab.TextEdit> changes = new ArrayList<>();
        for (TextEdit edit : edits) {
            if (edit == null || edit.getRange() == null || edit.getRange().getStart() == null
                    || edit.getRange().getEnd() == null || edit.getNewText() == null) {
                throw TandemException.badRequest("An edit needs a range and a new text");
            }
            changes.add(byLines(edit));
        }
        liveDocuments.edit(username, workspaceId, path, changes);
    }

    /**
     * Applies a rename that moves a file, as one operation: first the text edits of every file
     * through the live documents (in the file's room when someone has it open, so collaborators see
     * them at once, else on disk), then the file move through the workspace's file service, so that
     * open rooms follow the file, their clients are told the new path and file trees update.
     * <p>
     * Nothing changes when the user may not write (403), the target exists (409, code
     * {@code conflict}), or a file no longer has the text the edits were computed on (409, code
     * {@code modified}: someone typed meanwhile; computing the rename again helps).
     *
     * @param edits    workspace-relative path → the text it had when the edits were computed, and the edits
     * @param moveFrom workspace-relative path of the file that moves (it is among {@code edits})
     * @param moveTo   its new workspace-relative path
     */
    public void applyRename(String username, long workspaceId, Map<String, FileEdits> edits, String moveFrom, String moveTo) {
        if (!workspaces.roleOf(username, workspaceId).canWrite()) {
            throw TandemException.forbidden("Viewers cannot change files");
        }
        if (Files.exists(files.resolve(username, workspaceId, moveTo), LinkOption.NOFOLLOW_LINKS)) {
            throw TandemException.conflict("Cannot rename the file: '" + moveTo + "' already exists");
        }
        edits.forEach((path, file) -> {
            if (!lineBreaksAsLf(liveDocuments.read(username, workspaceId, path)).equals(lineBreaksAsLf(file.text()))) {
                throw new TandemException(409, "modified", "'" + path + "' changed while renaming; try again");
            }
        });
        edits.forEach((path, file) -> liveDocuments.edit(username, workspaceId, path,
                file.edits().stream().map(LangService::byLines).toList()));
        files.move(username, workspaceId, moveFrom, moveTo);
    }

    /** An LSP edit (line and character positions) as a live-document edit. */
    private static dev.tandem.collab.TextEdit byLines(TextEdit edit) {
        var range = edit.getRange();
        return new dev.tandem.collab.TextEdit.Lines(range.getStart().getLine(), range.getStart().getCharacter(),
                range.getEnd().getLine(), range.getEnd().getCharacter(), edit.getNewText());
    }

    /** The text a file had when {@code edits} were computed on it. */
    public record FileEdits(String text, List<TextEdit> edits) {
    }

    /** Live documents give CRLF files with LF breaks (positions by line and column mean the same). */
    private static String lineBreaksAsLf(String text) {
        return text.replace("\r\n", "\n");
    }

    /**
     * A little after the server is up ({@code tandem.lang.warm-up-delay}), loads and runs JDT once on a
     * low-priority background thread, so the first workspace opened is not slowed by it; never on the
     * start path itself, and not while the first pages after a start (sign-in) are being served: on a
     * small machine they would share the CPU with it.
     */
    @EventListener(ApplicationReadyEvent.class)
    void warmUp() {
        timer.schedule(this::startWarmUp, properties.warmUpDelay().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void startWarmUp() {
        Thread thread = new Thread(() -> {
            try {
                WarmUp.run(jdk.obtain(), resolver.obtain());
            } catch (RuntimeException | LinkageError e) {
                log.debug("Warming up JDT failed; the first compilation will be slower", e);
            }
        }, "lang-warmup");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    @PreDestroy
    synchronized void shutdown() {
        open.values().forEach(OpenProject::close);
        open.clear();
        timer.shutdownNow();
    }
}
