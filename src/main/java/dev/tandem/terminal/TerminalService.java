package dev.tandem.terminal;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import dev.tandem.config.TandemException;
import dev.tandem.config.TandemProperties;
import dev.tandem.sandbox.Sandbox;
import dev.tandem.sandbox.SandboxSpec;
import dev.tandem.sandbox.SandboxedCommand;
import dev.tandem.workspace.Role;
import dev.tandem.workspace.WorkspaceFiles;
import dev.tandem.workspace.WorkspaceService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;

/**
 * The terminals of all workspaces: opening shells in the sandbox, who may see, type into, rename,
 * share and close them, attaching clients, and closing idle ones.
 *
 * <p>Terminals are shared by default: every member of the workspace sees them live; owners and
 * editors type, viewers only watch. The member who opened a terminal may make it private, and then
 * only they see it. Callers pass the acting user's username; every method checks the workspace role
 * itself and throws {@link TandemException} (404 unknown workspace, terminal, or one the user may not
 * see; 403 role too low; 400 bad input; 409 too many terminals).
 */
@Service
public class TerminalService implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(TerminalService.class);
    private static final int MAX_NAME = 60;

    private final WorkspaceService workspaces;
    private final WorkspaceFiles files;
    private final Sandbox sandbox;
    private final TerminalProperties properties;
    private final Path homesDir;
    private final Map<String, Terminal> terminals = new ConcurrentHashMap<>();
    private final Map<Long, List<Runnable>> listeners = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final ScheduledExecutorService sweeper;

    public TerminalService(WorkspaceService workspaces, WorkspaceFiles files, Sandbox sandbox,
                           TerminalProperties properties, TandemProperties tandem) {
        this.workspaces = workspaces;
        this.files = files;
        this.sandbox = sandbox;
        this.properties = properties;
        this.homesDir = tandem.home().resolve("homes");
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "terminal-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(1, Math.min(15, properties.idleTimeout().toSeconds() / 4));
        sweeper.scheduleWithFixedDelay(() -> {
            try {
                sweep();
            } catch (RuntimeException e) {
                // A failure (say, the database is briefly away) must not end the schedule for good.
                log.warn("Terminal sweep failed", e);
            }
        }, period, period, TimeUnit.SECONDS);
    }

    /** Opens a shell in the workspace root (editors and owners); it is shared until its owner makes it private. */
    public TerminalInfo open(String username, long workspaceId, String name, int cols, int rows) {
        requireWriter(username, workspaceId);
        long open = terminals.values().stream().filter(t -> t.workspaceId() == workspaceId).count();
        if (open >= properties.maxPerWorkspace()) {
            throw TandemException.conflict("This workspace already has " + open + " terminals open; close one first.");
        }
        Path root = files.resolve(username, workspaceId, "");
        String id = newId();
        String title = name == null || name.isBlank() ? "Terminal " + (open + 1) : checkName(name);
        SandboxedCommand command = shellCommand(workspaceId, root);
        PtyProcess process = startShell(command, workspaceId, clampCols(cols), clampRows(rows));
        Terminal terminal = new Terminal(id, workspaceId, username, title, process, sandbox.isolated(),
                clampCols(cols), clampRows(rows), properties, this::mayType, (ended, code) -> {
                    sandbox.release(command);
                    ended(ended, code);
                });
        terminals.put(id, terminal);
        terminal.start();
        log.info("Terminal {} opened in workspace {} by {}", id, workspaceId, username);
        changed(workspaceId);
        return terminal.info();
    }

    /** The terminals of the workspace the user may see, oldest first. */
    public List<TerminalInfo> list(String username, long workspaceId) {
        workspaces.roleOf(username, workspaceId);
        return terminals.values().stream()
                .filter(t -> t.workspaceId() == workspaceId && visibleTo(t, username))
                .map(Terminal::info)
                .sorted(Comparator.comparing(TerminalInfo::createdAt).thenComparing(TerminalInfo::id))
                .toList();
    }

    /** One terminal, if the user may see it. */
    public TerminalInfo get(String username, long workspaceId, String terminalId) {
        return find(username, workspaceId, terminalId).info();
    }

    /** Renames a terminal (its owner, or any editor of a shared one). */
    public TerminalInfo rename(String username, long workspaceId, String terminalId, String name) {
        String clean = checkName(name);
        Terminal terminal = findForChange(username, workspaceId, terminalId);
        terminal.rename(clean);
        changed(workspaceId);
        return terminal.info();
    }

    /**
     * Shares a terminal with the workspace or makes it private; only the member who opened it may.
     * Other members watching a terminal that becomes private are disconnected and told why.
     */
    public TerminalInfo setShared(String username, long workspaceId, String terminalId, boolean shared) {
        Terminal terminal = find(username, workspaceId, terminalId);
        if (!terminal.owner().equals(username)) {
            throw TandemException.forbidden("Only " + terminal.owner() + ", who opened this terminal, can change who sees it.");
        }
        terminal.setShared(shared);
        if (!shared) {
            terminal.dropAllBut(username, TerminalMessages.error("private", "The owner made this terminal private."));
        }
        changed(workspaceId);
        return terminal.info();
    }

    /** Closes a terminal and kills its whole process tree (its owner, or any editor of a shared one). */
    public void close(String username, long workspaceId, String terminalId) {
        findForChange(username, workspaceId, terminalId).close(ExitReason.CLOSED);
    }

    /** Closes every terminal of a workspace, e.g. when it is stopped or deleted. No user check: for other services. */
    public void stopWorkspace(long workspaceId) {
        terminals.values().stream()
                .filter(t -> t.workspaceId() == workspaceId)
                .forEach(t -> t.close(ExitReason.STOPPED));
    }

    /**
     * Attaches a client to a terminal the user may see. It receives the {@code opened} message, the
     * scrollback, then live output.
     */
    public Attachment attach(String username, long workspaceId, String terminalId, TerminalSink sink) {
        Role role = workspaces.roleOf(username, workspaceId);
        Terminal terminal = find(username, workspaceId, terminalId);
        Attachment attachment = terminal.attach(username, sink, TerminalMessages.opened(terminal.info(), role.canWrite()));
        if (attachment == null) {
            throw unknown(terminalId);
        }
        return attachment;
    }

    /**
     * Keystrokes from a client. The role is checked on every message, so a member demoted to viewer
     * (or removed) while attached can no longer type; a refused message is answered with an
     * {@code error} message to that client and nothing reaches the shell.
     */
    public void input(Attachment attachment, byte[] data) {
        try {
            // checked on the terminal's writer thread, in order with the input: see mayType
            attachment.terminal().write(attachment, data);
        } catch (IOException e) {
            attachment.enqueueText(TerminalMessages.error("ended", "The terminal no longer accepts input."));
        }
    }

    /** The input gate of every terminal: whether the client's user may type now; tells them if not. */
    private boolean mayType(Attachment attachment) {
        if (mayWrite(attachment)) {
            return true;
        }
        attachment.enqueueText(TerminalMessages.error("read_only",
                "You are a viewer in this workspace: you can watch this terminal but not type into it."));
        return false;
    }

    /** A client's window size; only writers resize the shared pty, and everyone is told the new size. */
    public void resize(Attachment attachment, int cols, int rows) {
        if (cols < 1 || rows < 1 || cols > 1000 || rows > 1000) {
            attachment.enqueueText(TerminalMessages.error("bad_request", "A terminal size is 1 to 1000 columns and rows."));
            return;
        }
        Terminal terminal = attachment.terminal();
        if (mayWrite(attachment) && terminal.resize(cols, rows)) {
            terminal.broadcastText(TerminalMessages.size(cols, rows));
        }
    }

    /** Flow control: the client has rendered {@code bytes} more bytes of output. */
    public void ack(Attachment attachment, long bytes) {
        attachment.ack(bytes);
    }

    /** Runs {@code onChange} whenever the workspace's terminals open, end, or are renamed or shared; close to stop. */
    public AutoCloseable subscribe(long workspaceId, Runnable onChange) {
        listeners.computeIfAbsent(workspaceId, id -> new CopyOnWriteArrayList<>()).add(onChange);
        return () -> listeners.getOrDefault(workspaceId, List.of()).remove(onChange);
    }

    /** The largest message a client may send, in bytes. */
    public int maxMessageBytes() {
        return (int) properties.maxMessage().toBytes();
    }

    @Override
    public void destroy() {
        sweeper.shutdownNow();
        terminals.values().forEach(t -> t.close(ExitReason.STOPPED));
    }

    private boolean mayWrite(Attachment attachment) {
        Terminal terminal = attachment.terminal();
        try {
            Role role = workspaces.roleOf(attachment.username(), terminal.workspaceId());
            if (!visibleTo(terminal, attachment.username())) {
                attachment.abort(TerminalMessages.error("private", "The owner made this terminal private."), 4403, "private");
                return false;
            }
            return role.canWrite();
        } catch (TandemException e) {
            attachment.abort(TerminalMessages.error("not_found", "You are no longer a member of this workspace."),
                    4404, "not a member");
            return false;
        }
    }

    private SandboxedCommand shellCommand(long workspaceId, Path root) {
        Path home = homesDir.resolve(String.valueOf(workspaceId));
        try {
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new TandemException(500, "terminal_home", "Cannot create the workspace's home directory.");
        }
        return sandbox.prepareForTerminal(new SandboxSpec(root, List.of(root), home,
                Map.of("TERM", "xterm-256color", "COLORTERM", "truecolor", "LANG", "C.UTF-8", "LC_ALL", "C.UTF-8"),
                List.of(properties.shell(), "-l"), properties.network(), properties.memoryLimit().toBytes(),
                properties.maxProcesses()));
    }

    /** Starts the shell on a pty; releases the command's resources when it cannot start. */
    private PtyProcess startShell(SandboxedCommand command, long workspaceId, int cols, int rows) {
        try {
            return new PtyProcessBuilder(command.argv().toArray(String[]::new))
                    .setEnvironment(command.env())
                    .setDirectory(command.workDir().toString())
                    .setInitialColumns(cols)
                    .setInitialRows(rows)
                    .setRedirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            sandbox.release(command);
            log.error("Cannot start a terminal for workspace {}", workspaceId, e);
            throw new TandemException(500, "terminal_start", "The terminal could not be started.");
        }
    }

    private void ended(Terminal terminal, int code) {
        terminals.remove(terminal.id(), terminal);
        log.info("Terminal {} of workspace {} ended (code {})", terminal.id(), terminal.workspaceId(), code);
        changed(terminal.workspaceId());
    }

    /**
     * Closes terminals idle past the timeout, and those whose workspace is gone (deleted) or whose owner
     * is no longer a member: a removed member's shell must not go on running in the workspace.
     */
    private void sweep() {
        long limit = properties.idleTimeout().toNanos();
        for (Terminal terminal : terminals.values()) {
            try {
                workspaces.roleOf(terminal.owner(), terminal.workspaceId());
            } catch (TandemException e) {
                log.info("Terminal {}: its workspace or owner is gone: stopping it", terminal.id());
                terminal.close(ExitReason.STOPPED);
                continue;
            }
            if (terminal.idleNanos() > limit) {
                log.info("Terminal {} idle for {}: closing it", terminal.id(), properties.idleTimeout());
                terminal.close(ExitReason.IDLE);
            }
        }
    }

    private void changed(long workspaceId) {
        for (Runnable listener : listeners.getOrDefault(workspaceId, List.of())) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                log.warn("A terminal listener failed", e);
            }
        }
    }

    Terminal find(String username, long workspaceId, String terminalId) {
        workspaces.roleOf(username, workspaceId);
        Terminal terminal = terminalId == null ? null : terminals.get(terminalId);
        if (terminal == null || terminal.workspaceId() != workspaceId || terminal.ended() || !visibleTo(terminal, username)) {
            throw unknown(terminalId);
        }
        return terminal;
    }

    private Terminal findForChange(String username, long workspaceId, String terminalId) {
        Terminal terminal = find(username, workspaceId, terminalId);
        if (!terminal.owner().equals(username)) {
            requireWriter(username, workspaceId);
        }
        return terminal;
    }

    private void requireWriter(String username, long workspaceId) {
        if (!workspaces.roleOf(username, workspaceId).canWrite()) {
            throw TandemException.forbidden("Viewers can watch terminals but not open, rename or close them.");
        }
    }

    private static boolean visibleTo(Terminal terminal, String username) {
        return terminal.shared() || terminal.owner().equals(username);
    }

    private static TandemException unknown(String terminalId) {
        String shown = terminalId == null || terminalId.length() > 40 ? "with that id" : "'" + terminalId + "'";
        return TandemException.notFound("There is no terminal " + shown + " in this workspace (it may have ended).");
    }

    private static String checkName(String name) {
        String clean = name == null ? "" : name.strip();
        if (clean.isEmpty() || clean.length() > MAX_NAME || clean.chars().anyMatch(Character::isISOControl)) {
            throw TandemException.badRequest("A terminal name is 1 to " + MAX_NAME + " characters, without control characters.");
        }
        return clean;
    }

    private String newId() {
        byte[] bytes = new byte[9];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static int clampCols(int cols) {
        return cols <= 0 ? 80 : Math.min(cols, 1000);
    }

    private static int clampRows(int rows) {
        return rows <= 0 ? 24 : Math.min(rows, 1000);
    }
}
