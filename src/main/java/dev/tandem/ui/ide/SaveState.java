package dev.tandem.ui.ide;

/** Where a tab's text stands relative to the file on disk. */
enum SaveState {
    SAVED("Saved"),
    DIRTY("Unsaved changes"),
    SAVING("Saving…"),
    FAILED("Save failed"),
    READ_ONLY("Read-only"),
    NOT_TEXT("Not opened as text"),
    LIVE("Live · stored as you type"),
    CONNECTING("Connecting…"),
    OFFLINE("Offline · your edits are kept and merge on reconnect");

    private final String label;

    SaveState(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }
}
