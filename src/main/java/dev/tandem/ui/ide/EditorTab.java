package dev.tandem.ui.ide;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.tabs.Tab;
import dev.tandem.config.TandemException;
import dev.tandem.ui.Toast;
import dev.tandem.ui.editor.CodeEditor;
import java.nio.charset.StandardCharsets;

/**
 * One open file: its tab (name, dirty marker {@code ●}, close button) and its page (a
 * {@link CodeEditor}, or a notice when the file is not shown as text). Saving goes from the
 * editor's save event through {@link TabFiles} back to {@link CodeEditor#markSaved}.
 */
class EditorTab {

    /** What the tab needs from the page around it. */
    interface Host {
        /** Something shown in the status bar changed. */
        void changed(EditorTab tab);

        void closeRequested(EditorTab tab);

        /** The language service asks for a file to be shown; {@code line} 0 means no position. */
        void openFile(String path, int line, int column);

        /** The language service moved a file (renaming the public type it declares). */
        void fileMoved(String from, String to);
    }

    private final TabFiles store;
    private final Host host;
    private final Tab tab = new Tab();
    private final Span title = new Span();
    private final Span dirtyMark = new Span("●");
    private final VerticalLayout page = new VerticalLayout();
    private final boolean readOnly;
    private String path;
    private CodeEditor editor;
    private SaveState saveState;
    private boolean dirty;
    private int line = 1;
    private int column = 1;
    private int selected;
    /** What to do once the save asked for by {@link #saveThen} has been stored. */
    private Runnable afterSave;

    EditorTab(TabFiles store, String path, Host host) {
        this.store = store;
        this.host = host;
        this.path = path;
        this.readOnly = !store.canWrite();

        dirtyMark.addClassName("dirty-mark");
        dirtyMark.setVisible(false);
        var close = new Button(VaadinIcon.CLOSE_SMALL.create(), e -> host.closeRequested(this));
        close.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_ICON, ButtonVariant.LUMO_SMALL);
        close.setAriaLabel("Close");
        close.addClassName("tab-close");
        var label = new HorizontalLayout(title, dirtyMark, close);
        label.setSpacing(false);
        label.setAlignItems(FlexComponent.Alignment.CENTER);
        tab.add(label);
        tab.addClassName("editor-tab");

        page.addClassName("editor-page");
        page.setPadding(false);
        page.setSpacing(false);
        page.setSizeFull();
        load();
    }

    Tab tab() {
        return tab;
    }

    Component page() {
        return page;
    }

    String path() {
        return path;
    }

    boolean isDirty() {
        return dirty;
    }

    boolean isText() {
        return editor != null;
    }

    SaveState saveState() {
        return saveState;
    }

    int line() {
        return line;
    }

    int column() {
        return column;
    }

    /** Characters selected; 0 without a selection. */
    int selected() {
        return selected;
    }

    String language() {
        return editor == null ? "" : editor.getLanguageName();
    }

    void focus() {
        if (editor != null) {
            editor.focus();
        }
    }

    /** Puts the cursor at a 1-based line and column. */
    void reveal(int line, int column) {
        if (editor != null) {
            editor.reveal(line, column);
        }
    }

    /** The file was moved or renamed: follow it, and reload if nothing would be lost. */
    void movedTo(String newPath) {
        path = newPath;
        if (dirty) {
            updateLabels();
        } else {
            load();
        }
    }

    /** Saves the buffer, then runs {@code after} if the save went through. */
    void saveThen(Runnable after) {
        if (editor == null || readOnly || !dirty) {
            after.run();
            return;
        }
        afterSave = after;
        editor.getElement().callJsFunction("save");
    }

    private void load() {
        page.removeAll();
        editor = null;
        dirty = false;
        dirtyMark.setVisible(false);
        updateLabels();
        FileContent content;
        try {
            content = store.load(path);
        } catch (TandemException e) {
            page.add(notice("“" + path + "” cannot be opened: " + e.getMessage()));
            saveState = SaveState.NOT_TEXT;
            return;
        }
        switch (content.kind()) {
            case BINARY -> notText("This file is binary (or not UTF-8 text), so it is not opened in the editor.");
            case TOO_LARGE -> notText("This file is larger than " + store.maxTextSize() + ", too large to open in the editor.");
            case READ_ONLY_TEXT -> {
                page.add(notice("This file is larger than 5 MB, so it is opened read-only."));
                showEditor(content.text(), true);
            }
            case TEXT -> {
                showEditor(content.text(), readOnly);
                goLive();
                if (path.endsWith(".java")) {
                    useLanguageServices();
                }
            }
        }
    }

    private void notText(String why) {
        saveState = SaveState.NOT_TEXT;
        var notice = notice(why + " ");
        notice.add(store.downloadLink(path, "Download it"));
        page.add(notice);
    }

    private void showEditor(String text, boolean locked) {
        editor = new CodeEditor();
        editor.setSizeFull();
        editor.getElement().setAttribute("data-path", path);
        editor.setDocument(FilePaths.name(path), text);
        editor.setReadOnly(locked);
        saveState = locked ? SaveState.READ_ONLY : SaveState.SAVED;
        if (!locked) {
            editor.addSaveListener(e -> {
                if (save(e.getText()) && afterSave != null) {
                    Runnable after = afterSave;
                    afterSave = null;
                    after.run();
                }
            });
            editor.addDirtyChangeListener(e -> {
                dirty = e.isDirty();
                dirtyMark.setVisible(dirty);
                if (saveState != SaveState.SAVING) {
                    saveState = dirty ? SaveState.DIRTY : SaveState.SAVED;
                }
                host.changed(this);
            });
        }
        editor.addCursorListener(e -> {
            line = e.getLine();
            column = e.getColumn();
            selected = e.getSelectionLength();
            host.changed(this);
        });
        page.addAndExpand(editor);
    }

    /**
     * Binds the editor to the file's live document: everyone with the file open edits the same
     * text, and the server stores it; the status bar shows the connection instead of saves.
     */
    private void goLive() {
        editor.collaborate(store.workspaceId(), path, store.username());
        // Someone else moved or deleted the file: follow it, or close the tab (nothing is unsaved). A tab
        // whose socket was down meanwhile hears 4404 when it reconnects: the server refuses it that way.
        editor.addCollabClosedListener(e -> {
            if (e.getCode() == 4410 && e.getReason() != null && e.getReason().startsWith("moved:")) {
                String newPath = e.getReason().substring("moved:".length());
                if (!newPath.equals(path) && store.exists(newPath)) {
                    movedTo(newPath);
                }
            } else if (e.getCode() == 4404) {
                host.closeRequested(this);
            }
        });
        if (readOnly) {
            return;
        }
        saveState = SaveState.CONNECTING;
        editor.addCollabStatusListener(e -> {
            saveState = switch (e.getStatus()) {
                case "live" -> SaveState.LIVE;
                case "connecting" -> SaveState.CONNECTING;
                default -> SaveState.OFFLINE;
            };
            host.changed(this);
        });
    }

    /**
     * Java intelligence from the workspace's language service; edits for files open nowhere on this
     * page go to the server; tabs follow a file the service renamed (the file's live room tells its
     * clients as well: whichever comes first moves the tab, the other finds nothing left to move).
     */
    private void useLanguageServices() {
        editor.enableLanguageServices(store.workspaceId(), path, !readOnly);
        editor.addOpenFileListener(e -> host.openFile(e.getPath(), e.getLine(), e.getColumn()));
        editor.addFileMovedListener(e -> {
            if (e.getFrom() != null && e.getFrom().endsWith(".java") && e.getTo() != null && store.exists(e.getTo())) {
                host.fileMoved(e.getFrom(), e.getTo());
            }
        });
        editor.addApplyEditsListener(e -> {
            try {
                store.applyEdits(e.getPath(), e.getEdits());
            } catch (TandemException ex) {
                Toast.error("“" + e.getPath() + "” was not changed: " + ex.getMessage());
            }
        });
    }

    private boolean save(String text) {
        saveState = SaveState.SAVING;
        host.changed(this);
        try {
            store.write(path, text.getBytes(StandardCharsets.UTF_8));
            editor.markSaved(text);
            // markSaved answers with a dirty-change event once the browser has compared its
            // buffer; until then the last known dirty flag is the honest state.
            saveState = dirty ? SaveState.DIRTY : SaveState.SAVED;
            host.changed(this);
            return true;
        } catch (TandemException e) {
            saveState = SaveState.FAILED;
            host.changed(this);
            Toast.error("“" + path + "” was not saved: " + e.getMessage());
            return false;
        }
    }

    private void updateLabels() {
        title.setText(FilePaths.name(path));
        tab.getElement().setAttribute("data-path", path);
        tab.getElement().setAttribute("title", path);
        page.getElement().setAttribute("data-path", path);
    }

    private static Div notice(String text) {
        var notice = new Div(new Span(text));
        notice.addClassName("editor-notice");
        return notice;
    }
}
