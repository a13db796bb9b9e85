package dev.tandem.ui.ide;

import com.vaadin.flow.data.provider.hierarchy.AbstractBackEndHierarchicalDataProvider;
import com.vaadin.flow.data.provider.hierarchy.HierarchicalQuery;
import dev.tandem.config.TandemException;
import dev.tandem.workspace.FileEntry;
import dev.tandem.workspace.WorkspaceFiles;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The file tree's rows, one directory level per query: a folder is listed only when it is
 * expanded, so a workspace with thousands of files opens as fast as one with ten.
 *
 * <p>The grid asks for a level's size and then for pages of it; a listing is kept until the next
 * refresh so those calls cost one directory read, not one per page. Each folder is announced to
 * {@code watch} before it is read, so that changes on disk can refresh just that folder
 * ({@link #changed}).
 */
class FileTreeDataProvider extends AbstractBackEndHierarchicalDataProvider<FileEntry, Void> {

    private final WorkspaceFiles files;
    private final OpenWorkspace workspace;
    private final Map<String, List<FileEntry>> listings = new HashMap<>();
    private Consumer<String> watch = dir -> { };

    FileTreeDataProvider(WorkspaceFiles files, OpenWorkspace workspace) {
        this.files = files;
        this.workspace = workspace;
    }

    /**
     * From now on, every folder read is first passed to {@code watch}, and so are those read
     * already; returns whether there were any.
     */
    boolean watchWith(Consumer<String> watch) {
        this.watch = watch;
        listings.keySet().forEach(watch);
        return !listings.isEmpty();
    }

    /**
     * Reads the given folders again and refreshes their rows; folders not shown are skipped.
     * Expanded folders stay expanded: the grid keeps them by id (the path).
     */
    void changed(Set<String> dirs) {
        for (String dir : dirs) {
            List<FileEntry> parentListing = dir.isEmpty() ? null : listings.get(FilePaths.parent(dir));
            if (!listings.containsKey(dir)) {
                continue;
            }
            // Sub-folders are read again too: one of them may be gone and come back with other content.
            listings.keySet().removeIf(cached -> dir.isEmpty() || FilePaths.within(cached, dir));
            if (dir.isEmpty()) {
                super.refreshAll();
            } else {
                FileEntry folder = parentListing == null ? null : parentListing.stream()
                        .filter(e -> e.path().equals(dir)).findFirst().orElse(null);
                refreshItem(folder != null ? folder : new FileEntry(dir, FilePaths.name(dir), true, 0, null), true);
            }
        }
    }

    @Override
    protected Stream<FileEntry> fetchChildrenFromBackEnd(HierarchicalQuery<FileEntry, Void> query) {
        return listing(query.getParent()).stream().skip(query.getOffset()).limit(query.getLimit());
    }

    @Override
    public int getChildCount(HierarchicalQuery<FileEntry, Void> query) {
        return listing(query.getParent()).size();
    }

    @Override
    public boolean hasChildren(FileEntry item) {
        return item.directory();
    }

    @Override
    public Object getId(FileEntry item) {
        return item.path();
    }

    @Override
    public void refreshAll() {
        listings.clear();
        super.refreshAll();
    }

    private List<FileEntry> listing(FileEntry parent) {
        String dir = parent == null ? "" : parent.path();
        return listings.computeIfAbsent(dir, d -> {
            watch.accept(d);
            try {
                return files.list(workspace.username(), workspace.id(), d);
            } catch (TandemException gone) {
                // Someone removed the folder since it was shown; it simply has no rows now.
                return List.of();
            }
        });
    }
}
