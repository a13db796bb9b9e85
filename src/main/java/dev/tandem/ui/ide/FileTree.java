package dev.tandem.ui.ide;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.grid.contextmenu.GridContextMenu;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.treegrid.TreeGrid;
import com.vaadin.flow.component.upload.Upload;
import dev.tandem.workspace.FileEntry;
import dev.tandem.workspace.WorkspaceFiles;
import dev.tandem.workspace.WorkspaceWatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The workspace's files as a lazily loaded tree, with a context menu, drag and drop to move, and
 * (for members who may write) the whole tree area as a drop zone for uploads. While attached it
 * follows changes on disk (terminal, build, git, other users): the folders that changed are read
 * again and pushed to the browser.
 *
 * <p>Rows carry {@code data-path} (the workspace-relative path) for tests and tooling.
 */
class FileTree extends Composite<VerticalLayout> {

    private final OpenWorkspace workspace;
    private final FileActions actions;
    private final Downloads downloads;
    private final FileTreeDataProvider data;
    private final WorkspaceWatcher watcher;
    private WorkspaceWatcher.Subscription subscription;
    private final TreeGrid<FileEntry> grid = new TreeGrid<>();
    private final Span uploadTarget = new Span();
    private List<FileEntry> dragged = List.of();
    /** Read by upload requests outside the UI lock, hence volatile. */
    private volatile String selectedDir = "";

    FileTree(WorkspaceFiles files, WorkspaceWatcher watcher, OpenWorkspace workspace, FileActions actions,
            FileUploads uploads, Downloads downloads, Consumer<String> open) {
        this.watcher = watcher;
        this.workspace = workspace;
        this.actions = actions;
        this.downloads = downloads;
        this.data = new FileTreeDataProvider(files, workspace);

        grid.setId("file-tree");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_NO_BORDER);
        // A minimum width, so deep folders scroll sideways instead of squeezing names to nothing.
        grid.addComponentHierarchyColumn(FileTree::label).setWidth("16rem").setFlexGrow(1);
        grid.setDataProvider(data);
        grid.setSizeFull();
        grid.addItemClickListener(e -> {
            FileEntry entry = e.getItem();
            if (entry.directory()) {
                if (grid.isExpanded(entry)) {
                    grid.collapse(entry);
                } else {
                    grid.expand(entry);
                }
            } else {
                open.accept(entry.path());
            }
        });
        grid.asSingleSelect().addValueChangeListener(e -> selected(e.getValue()));
        menu();

        var root = getContent();
        root.setPadding(false);
        root.setSpacing(false);
        root.setSizeFull();
        root.add(toolbar());
        if (workspace.canWrite()) {
            enableMoves();
            root.addAndExpand(uploadArea(uploads));
        } else {
            root.addAndExpand(grid);
        }
        selected(null);
    }

    @Override
    protected void onAttach(AttachEvent event) {
        UI ui = event.getUI();
        subscription = watcher.subscribe(workspace.username(), workspace.id(),
                dirs -> ui.access(() -> data.changed(dirs)));
        boolean reattached = data.watchWith(subscription::watch);
        if (reattached) {
            // Changes while detached were not watched.
            refresh();
        }
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
        data.watchWith(dir -> { });
    }

    /** Reloads the tree; expanded folders stay expanded. */
    void refresh() {
        data.refreshAll();
    }

    /** Expands the folders above {@code path} and selects it, so the active file is visible in the tree. */
    void reveal(String path) {
        var folders = new ArrayList<FileEntry>();
        for (String dir = FilePaths.parent(path); !dir.isEmpty(); dir = FilePaths.parent(dir)) {
            folders.add(0, folder(dir));
        }
        grid.expand(folders);
        // Rows are identified by path (see the data provider), so a stand-in entry selects the row.
        grid.select(new FileEntry(path, FilePaths.name(path), false, 0, null));
    }

    private static FileEntry folder(String path) {
        return new FileEntry(path, FilePaths.name(path), true, 0, null);
    }

    private static Component label(FileEntry entry) {
        var icon = (entry.directory() ? VaadinIcon.FOLDER_O : VaadinIcon.FILE_TEXT_O).create();
        icon.setSize("var(--lumo-icon-size-s)");
        var name = new Span(entry.name());
        var label = new HorizontalLayout(icon, name);
        label.setSpacing(false);
        label.addClassName("file-tree-label");
        label.setAlignItems(FlexComponent.Alignment.CENTER);
        label.getElement().setAttribute("data-path", entry.path());
        label.getElement().setAttribute("data-type", entry.directory() ? "dir" : "file");
        return label;
    }

    private Component toolbar() {
        var title = new Span("Files");
        title.addClassName("panel-title");
        var bar = new HorizontalLayout(title);
        bar.setWidthFull();
        bar.setAlignItems(FlexComponent.Alignment.CENTER);
        bar.addClassName("panel-header");
        bar.expand(title);
        if (workspace.canWrite()) {
            bar.add(iconButton(VaadinIcon.FILE_ADD, "New file", "tree-new-file", () -> actions.newFile(selectedDir)));
            bar.add(iconButton(VaadinIcon.FOLDER_ADD, "New folder", "tree-new-folder", () -> actions.newFolder(selectedDir)));
        }
        bar.add(iconButton(VaadinIcon.REFRESH, "Refresh", "tree-refresh", this::refresh));
        return bar;
    }

    private void menu() {
        var menu = new GridContextMenu<>(grid);
        menu.setId("file-tree-menu");
        menu.setDynamicContentHandler(entry -> {
            menu.removeAll();
            String dir = entry == null ? "" : entry.directory() ? entry.path() : FilePaths.parent(entry.path());
            if (workspace.canWrite() && (entry == null || entry.directory())) {
                menu.addItem("New file…", e -> actions.newFile(dir)).setId("menu-new-file");
                menu.addItem("New folder…", e -> actions.newFolder(dir)).setId("menu-new-folder");
                menu.addItem("Upload here…", e -> actions.uploadInto(dir)).setId("menu-upload");
            }
            if (workspace.canWrite() && entry != null) {
                menu.addItem("Rename…", e -> actions.rename(entry)).setId("menu-rename");
                menu.addItem("Delete…", e -> actions.delete(entry)).setId("menu-delete");
            }
            menu.addItem(entry == null || entry.directory() ? "Download as zip" : "Download",
                    e -> downloads.start(entry)).setId("menu-download");
            return true;
        });
    }

    private void enableMoves() {
        grid.setRowsDraggable(true);
        grid.addDragStartListener(e -> dragged = e.getDraggedItems());
        grid.addDragEndListener(e -> dragged = List.of());
        grid.addDropListener(e -> {
            String target = e.getDropTargetItem()
                    .map(entry -> entry.directory() ? entry.path() : FilePaths.parent(entry.path()))
                    .orElse("");
            List<FileEntry> moving = dragged;
            dragged = List.of();
            actions.moveInto(moving, target);
        });
        // The grid accepts drops only while one of its own rows is dragged: with a drop mode set
        // permanently it would swallow files dragged in from the desktop, which belong to the upload.
        grid.getElement().executeJs("""
                this.addEventListener('grid-dragstart', () => this.dropMode = 'on-top');
                this.addEventListener('grid-dragend', () => this.dropMode = null);
                """);
    }

    private Upload uploadArea(FileUploads uploads) {
        var upload = uploads.create(() -> selectedDir, this::refresh);
        upload.setId("tree-upload");
        upload.addClassName("tree-upload");
        upload.setWidthFull();
        var button = new Button("Upload…", VaadinIcon.UPLOAD.create());
        button.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        upload.setUploadButton(button);
        upload.setDropLabel(uploadTarget);
        upload.setDropLabelIcon(new Span());
        // The tree goes into the upload's own slot, so the whole tree area is its drop zone.
        upload.getElement().appendChild(grid.getElement());
        return upload;
    }

    private void selected(FileEntry entry) {
        selectedDir = entry == null ? "" : entry.directory() ? entry.path() : FilePaths.parent(entry.path());
        uploadTarget.setText("or drop files into /" + selectedDir);
    }

    private static Button iconButton(VaadinIcon icon, String label, String id, Runnable run) {
        var button = new Button(icon.create(), e -> run.run());
        button.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_ICON, ButtonVariant.LUMO_SMALL);
        button.setTooltipText(label);
        button.setAriaLabel(label);
        button.setId(id);
        return button;
    }
}
