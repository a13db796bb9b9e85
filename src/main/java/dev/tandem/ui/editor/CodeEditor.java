package dev.tandem.ui.editor;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.Focusable;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import com.vaadin.flow.component.dependency.NpmPackage;
import com.vaadin.flow.shared.Registration;
import java.time.Duration;
import java.util.Objects;

/**
 * A code editor for one file: CodeMirror 6 in the {@code <tandem-editor>} web component.
 *
 * <p>The text travels to the browser on {@link #setDocument} and back only when saving: the
 * {@link SaveEvent} comes on Ctrl/Cmd-S and after {@link #setAutoSaveDelay idle}. The
 * listener stores the text and calls {@link #markSaved}; dirty state is tracked in the
 * browser and reported with {@link DirtyChangeEvent}. While any editor on the page is dirty,
 * the page asks before it is left.
 *
 * <p>If the component is detached and attached again and Vaadin recreates the browser
 * element, the element loads the newest text the server knows (the last loaded or saved
 * one) with its dirty state; an element Vaadin kept keeps its buffer and undo history.
 */
@Tag("tandem-editor")
@JsModule("./tandem-editor/tandem-editor.ts")
@NpmPackage(value = "@codemirror/state", version = "6.7.6")
@NpmPackage(value = "@codemirror/view", version = "6.43.15")
@NpmPackage(value = "@codemirror/commands", version = "6.11.1")
@NpmPackage(value = "@codemirror/language", version = "6.13.1")
@NpmPackage(value = "@codemirror/search", version = "6.7.2")
@NpmPackage(value = "@codemirror/autocomplete", version = "6.20.4")
@NpmPackage(value = "@codemirror/lint", version = "6.9.8")
@NpmPackage(value = "@lezer/highlight", version = "1.2.5")
@NpmPackage(value = "@codemirror/lang-java", version = "6.0.2")
@NpmPackage(value = "@codemirror/lang-javascript", version = "6.2.5")
@NpmPackage(value = "@codemirror/lang-python", version = "6.2.1")
@NpmPackage(value = "@codemirror/lang-html", version = "6.4.12")
@NpmPackage(value = "@codemirror/lang-css", version = "6.3.1")
@NpmPackage(value = "@codemirror/lang-json", version = "6.0.2")
@NpmPackage(value = "@codemirror/lang-yaml", version = "6.1.3")
@NpmPackage(value = "@codemirror/lang-markdown", version = "6.5.2")
@NpmPackage(value = "@codemirror/lang-xml", version = "6.1.0")
@NpmPackage(value = "@codemirror/lang-sql", version = "6.10.0")
@NpmPackage(value = "yjs", version = "13.6.33")
@NpmPackage(value = "y-protocols", version = "1.0.7")
@NpmPackage(value = "y-websocket", version = "3.1.0")
@NpmPackage(value = "y-codemirror.next", version = "0.3.6")
@NpmPackage(value = "@codemirror/lsp-client", version = "6.3.0")
public class CodeEditor extends Component implements HasSize, Focusable<CodeEditor> {

    /** The auto-save delay a new editor starts with. */
    public static final Duration DEFAULT_AUTO_SAVE_DELAY = Duration.ofMillis(1500);

    private String fileName;
    private EditorLanguage language = EditorLanguage.PLAIN_TEXT;
    /** The newest buffer text the server has seen: loaded, or received in a save event. */
    private String bufferText = "";
    /** The text the server last stored (or loaded): the baseline of the dirty state. */
    private String savedText = "";
    /** The last save event, so markSaved can refer to its text by number instead of resending it. */
    private Submitted lastSubmitted;
    private Duration autoSaveDelay = DEFAULT_AUTO_SAVE_DELAY;
    private boolean readOnly;
    private boolean dirty;
    /** setDocument was called while detached: the next attach must load, not restore. */
    private boolean reloadOnAttach;

    private record Submitted(int sequence, String text) {
    }

    /** The live document this editor is bound to, if any. */
    private record Collaboration(long workspaceId, String path, String userName) {
    }

    private Collaboration collaboration;

    /** The language service this editor uses, if any. */
    private record LanguageServices(long workspaceId, String path, boolean canWrite) {
    }

    private LanguageServices languageServices;

    public CodeEditor() {
        getElement().setProperty("autoSaveDelay", autoSaveDelay.toMillis());
        addListener(SaveEvent.class, event -> {
            lastSubmitted = new Submitted(event.getSequence(), event.getText());
            bufferText = event.getText();
        });
        addListener(DirtyStateEvent.class, event -> updateDirty(event.isDirty(), true));
    }

    /**
     * Loads a file's text. Picks the language from the name, clears the dirty state and the
     * undo history.
     */
    public void setDocument(String fileName, String text) {
        Objects.requireNonNull(text, "text");
        this.fileName = fileName;
        this.language = EditorLanguage.forFileName(fileName);
        this.bufferText = text;
        this.savedText = text;
        this.lastSubmitted = null;
        this.collaboration = null;
        this.languageServices = null;
        updateDirty(false, false);
        if (isAttached()) {
            sendDocument("setDocument", null);
        } else {
            reloadOnAttach = true;
        }
    }

    /**
     * Binds the editor to the live document of {@code path} (the server's collaboration room): text
     * and cursors are shared with everyone who has the file open, undo undoes only this user's
     * edits, and the server keeps the file on disk, so no save events come. Call after
     * {@link #setDocument}; the editor stays read-only until it has the room's text.
     */
    public void collaborate(long workspaceId, String path, String userName) {
        collaboration = new Collaboration(workspaceId, path, userName);
        if (isAttached()) {
            sendCollaboration();
        }
    }

    /**
     * Connects the editor to the workspace's language service for {@code path} (Java files): problems
     * as squiggles, completion, hover, signature help, go to definition (F12, Ctrl-click), find
     * references (Shift-F12); with {@code canWrite} also rename (F2), format (Shift-Alt-F), organize
     * imports (Shift-Alt-O) and quick fixes (Ctrl-. or Alt-Enter). Call after {@link #setDocument}.
     */
    public void enableLanguageServices(long workspaceId, String path, boolean canWrite) {
        languageServices = new LanguageServices(workspaceId, path, canWrite);
        if (isAttached()) {
            sendLanguageServices();
        }
    }

    /** Puts the cursor at a 1-based line and column and scrolls it into view. */
    public void reveal(int line, int column) {
        getElement().executeJs(whenDefined("this.reveal($0, $1)"), line, column);
    }

    public Registration addOpenFileListener(ComponentEventListener<OpenFileEvent> listener) {
        return addListener(OpenFileEvent.class, listener);
    }

    public Registration addApplyEditsListener(ComponentEventListener<ApplyEditsEvent> listener) {
        return addListener(ApplyEditsEvent.class, listener);
    }

    public Registration addFileMovedListener(ComponentEventListener<FileMovedEvent> listener) {
        return addListener(FileMovedEvent.class, listener);
    }

    private void sendLanguageServices() {
        getElement().executeJs(whenDefined("this.languageServices($0, $1, $2)"), (double) languageServices.workspaceId(),
                languageServices.path(), languageServices.canWrite());
    }

    /** Scrolls along with {@code userName}'s cursor (follow mode) until the user acts; null stops. */
    public void follow(String userName) {
        getElement().executeJs(whenDefined("this.follow($0)"), userName);
    }

    public Registration addCollabStatusListener(ComponentEventListener<CollabStatusEvent> listener) {
        return addListener(CollabStatusEvent.class, listener);
    }

    public Registration addCollabClosedListener(ComponentEventListener<CollabClosedEvent> listener) {
        return addListener(CollabClosedEvent.class, listener);
    }

    private void sendCollaboration() {
        // Numbers cross to the browser as doubles (workspace ids are far below 2^53).
        getElement().executeJs(whenDefined("this.collaborate($0, $1, $2)"), (double) collaboration.workspaceId(),
                collaboration.path(), collaboration.userName());
    }

    /** The file name given to {@link #setDocument}, or null before. */
    public String getFileName() {
        return fileName;
    }

    /** The syntax mode of the current file, e.g. "Java", or "Plain text". */
    public String getLanguageName() {
        return language.displayName();
    }

    public EditorLanguage getLanguage() {
        return language;
    }

    /** A read-only editor refuses all changes to the text (selection and search still work). */
    public void setReadOnly(boolean readOnly) {
        this.readOnly = readOnly;
        getElement().setProperty("readOnly", readOnly);
    }

    public boolean isReadOnly() {
        return readOnly;
    }

    /** How long after the last change the editor saves by itself; {@link Duration#ZERO} turns it off. */
    public void setAutoSaveDelay(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("Auto-save delay must not be negative: " + delay);
        }
        this.autoSaveDelay = delay;
        getElement().setProperty("autoSaveDelay", delay.toMillis());
    }

    public Duration getAutoSaveDelay() {
        return autoSaveDelay;
    }

    /**
     * Tells the editor the server stored {@code savedText}. The dirty state clears if the
     * buffer still equals it (the user may have typed on since the save event).
     */
    public void markSaved(String savedText) {
        Objects.requireNonNull(savedText, "savedText");
        this.savedText = savedText;
        if (lastSubmitted != null && lastSubmitted.text().equals(savedText)) {
            // The browser still holds this text: name it instead of sending it back.
            getElement().executeJs(whenDefined("this.markSavedVersion($0)"), lastSubmitted.sequence());
        } else {
            getElement().executeJs(whenDefined("this.markSaved($0)"), savedText);
        }
    }

    /** Whether the buffer differs from the saved text, as last reported by the browser. */
    public boolean isDirty() {
        return dirty;
    }

    public Registration addSaveListener(ComponentEventListener<SaveEvent> listener) {
        return addListener(SaveEvent.class, listener);
    }

    public Registration addDirtyChangeListener(ComponentEventListener<DirtyChangeEvent> listener) {
        return addListener(DirtyChangeEvent.class, listener);
    }

    public Registration addCursorListener(ComponentEventListener<CursorEvent> listener) {
        return addListener(CursorEvent.class, listener);
    }

    @Override
    protected void onAttach(AttachEvent event) {
        // A new browser element numbers its saves afresh.
        lastSubmitted = null;
        if (fileName != null) {
            sendDocument(reloadOnAttach ? "setDocument" : "restoreDocument",
                    bufferText.equals(savedText) ? null : savedText);
        }
        reloadOnAttach = false;
        if (collaboration != null) {
            sendCollaboration();
        }
        if (languageServices != null) {
            sendLanguageServices();
        }
    }

    private void updateDirty(boolean dirty, boolean fromClient) {
        if (dirty != this.dirty) {
            this.dirty = dirty;
            fireEvent(new DirtyChangeEvent(this, fromClient, dirty));
        }
    }

    private void sendDocument(String method, String differingSavedText) {
        getElement().executeJs(whenDefined("this." + method + "($0, $1, $2, $3)"),
                fileName == null ? "" : fileName, language.id(), bufferText, differingSavedText);
    }

    /** Calls wait for the element's definition, which may arrive in a lazily loaded chunk. */
    private static String whenDefined(String call) {
        return "customElements.whenDefined('tandem-editor').then(() => " + call + ")";
    }
}
