package dev.tandem.ui.ide;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.tabs.Tabs;
import com.vaadin.flow.component.tabs.TabsVariant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The tabbed editor area. All open pages stay in the page and only the active one is visible, so
 * switching tabs keeps each editor's undo history, scroll position and unsaved text.
 */
class EditorTabs extends Composite<VerticalLayout> implements EditorTab.Host {

    private final TabFiles files;
    private final StatusBar status;
    private final Consumer<TabState> openTabsChanged;
    private final Tabs tabs = new Tabs();
    private final Div pages = new Div();
    private final Span empty = new Span("Open a file from the tree on the left.");
    private final List<EditorTab> open = new ArrayList<>();

    /**
     * @param openTabsChanged called when the set of open tabs or the active tab changed, so it can
     *                        be remembered across reloads
     */
    EditorTabs(TabFiles files, StatusBar status, Consumer<TabState> openTabsChanged) {
        this.files = files;
        this.status = status;
        this.openTabsChanged = openTabsChanged;

        tabs.setId("editor-tabs");
        tabs.addThemeVariants(TabsVariant.LUMO_SMALL, TabsVariant.LUMO_HIDE_SCROLL_BUTTONS);
        tabs.setAutoselect(true);
        tabs.addSelectedChangeListener(e -> {
            showSelected();
            openTabsChanged.accept(state());
        });
        pages.setId("editor-pages");
        pages.addClassName("editor-pages");
        empty.addClassName("editor-empty");
        pages.add(empty);

        var area = getContent();
        area.setId("editor-area");
        area.setPadding(false);
        area.setSpacing(false);
        area.setSizeFull();
        area.add(tabs);
        area.addAndExpand(pages);
    }

    /** Opens {@code path} in a new tab, or switches to its tab if it is open already. */
    void open(String path) {
        var existing = find(path);
        if (existing.isPresent()) {
            tabs.setSelectedTab(existing.get().tab());
            existing.get().focus();
            return;
        }
        var tab = new EditorTab(files, path, this);
        open.add(tab);
        pages.add(tab.page());
        tabs.add(tab.tab());
        tabs.setSelectedTab(tab.tab());
        showSelected();
        openTabsChanged.accept(state());
        tab.focus();
    }

    /** Opens {@code path} (see {@link #open(String)}) and puts the cursor at a 1-based line and column. */
    void open(String path, int line, int column) {
        open(path);
        if (line > 0) {
            find(path).ifPresent(tab -> tab.reveal(line, Math.max(1, column)));
        }
    }

    @Override
    public void openFile(String path, int line, int column) {
        if (files.exists(path)) {
            open(path, line, column);
        }
    }

    @Override
    public void fileMoved(String from, String to) {
        moved(from, to);
    }

    /** Reopens remembered tabs; files that are gone meanwhile are skipped silently. */
    void restore(TabState state) {
        for (String path : state.open()) {
            if (find(path).isEmpty() && files.exists(path)) {
                open(path);
            }
        }
        if (state.active() != null) {
            find(state.active()).ifPresent(tab -> tabs.setSelectedTab(tab.tab()));
        }
    }

    TabState state() {
        return new TabState(open.stream().map(EditorTab::path).toList(), selected().map(EditorTab::path).orElse(null));
    }

    /** A file or folder moved: tabs of files in it follow. */
    void moved(String from, String to) {
        for (EditorTab tab : open) {
            if (FilePaths.within(tab.path(), from)) {
                tab.movedTo(FilePaths.rebase(tab.path(), from, to));
            }
        }
        showSelected();
        openTabsChanged.accept(state());
    }

    /** A file or folder was deleted: its tabs close, there is nothing left to save into. */
    void deleted(String path) {
        open.stream().filter(tab -> FilePaths.within(tab.path(), path)).toList().forEach(this::close);
    }

    @Override
    public void changed(EditorTab tab) {
        if (selected().orElse(null) == tab) {
            status.show(tab);
        }
    }

    @Override
    public void closeRequested(EditorTab tab) {
        if (!tab.isDirty()) {
            close(tab);
            return;
        }
        var dialog = new ConfirmDialog();
        dialog.setId("close-dirty-dialog");
        dialog.setHeader("Save changes to “" + FilePaths.name(tab.path()) + "”?");
        dialog.setText("Your changes are lost if you close the tab without saving.");
        dialog.setConfirmText("Save");
        dialog.addConfirmListener(e -> tab.saveThen(() -> close(tab)));
        dialog.setRejectable(true);
        dialog.setRejectText("Discard");
        dialog.addRejectListener(e -> close(tab));
        dialog.setCancelable(true);
        dialog.open();
    }

    private void close(EditorTab tab) {
        open.remove(tab);
        tabs.remove(tab.tab());
        pages.remove(tab.page());
        showSelected();
        openTabsChanged.accept(state());
    }

    private Optional<EditorTab> find(String path) {
        return open.stream().filter(tab -> tab.path().equals(path)).findFirst();
    }

    private Optional<EditorTab> selected() {
        var selected = tabs.getSelectedTab();
        return open.stream().filter(tab -> tab.tab() == selected).findFirst();
    }

    private void showSelected() {
        var active = selected().orElse(null);
        open.forEach(tab -> tab.page().setVisible(tab == active));
        empty.setVisible(open.isEmpty());
        status.show(active);
    }
}
