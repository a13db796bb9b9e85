package dev.tandem.ui;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Where browser tests find the parts of the IDE view, by the attributes the views set for them. */
public final class Ide {

    private Ide() {
    }

    /** The file tree's row of a workspace path. */
    public static Locator treeRow(Page page, String path) {
        return page.locator("#file-tree [data-path='" + path + "']");
    }

    /** Expands each folder on the way, then opens the file: the tree loads one level at a time. */
    public static void openInTree(Page page, String path) {
        String[] parts = path.split("/");
        String current = "";
        for (int i = 0; i < parts.length - 1; i++) {
            current = current.isEmpty() ? parts[i] : current + "/" + parts[i];
            treeRow(page, current).click();
        }
        treeRow(page, path).click();
    }

    /** The editable text of the editor showing a path. */
    public static Locator editorContent(Page page, String path) {
        return page.locator("tandem-editor[data-path='" + path + "'] .cm-content");
    }

    /** UTF-8 bytes to write through the file service. */
    public static InputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
