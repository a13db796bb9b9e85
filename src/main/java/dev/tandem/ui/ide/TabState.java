package dev.tandem.ui.ide;

import java.util.List;

/**
 * The open tabs of one workspace, in order, and the active one.
 *
 * @param open   workspace-relative paths
 * @param active the active tab's path, or null
 */
record TabState(List<String> open, String active) {

    static final int MAX_TABS = 50;

    TabState {
        open = open == null ? List.of() : open.stream().limit(MAX_TABS).toList();
    }
}
