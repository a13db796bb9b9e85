package dev.tandem.ui.ide;

import com.vaadin.flow.data.provider.hierarchy.AbstractBackEndHierarchicalDataProvider;
import com.vaadin.flow.data.provider.hierarchy.HierarchicalQuery;
import dev.tandem.config.TandemException;
import dev.tandem.workspace.FileEntry;
import dev.tandem.workspace.WorkspaceFiles;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The file tree's rows, one directory level per query: a folder is listed only when it is
 * expanded, so a workspace with thousands of files opens as fast as one with ten.
 *
 * <p>The grid asks for a level's size and then for pages of it; a listing is kept until the next
 * refresh so those calls cost one directory read, not one per page.
 */
class FileTreeDataProvider extends AbstractBackEndHierarchicalDataProvider<FileEntry, Void> {

    private final WorkspaceFiles files;
    private final OpenWorkspace workspace;
    private final Map<String, List<FileEntry>> listings = new HashMap<>();

    FileTreeDataProvider(WorkspaceFiles files, OpenWorkspace workspace) {
        this.files = files;
        this.workspace = workspace;
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
            try {
                return files.list(workspace.username(), workspace.id(), d);
            } catch (TandemException gone) {
                // Someone removed the folder since it was shown; it simply has no rows now.
                return List.of();
            }
        });
    }
}
