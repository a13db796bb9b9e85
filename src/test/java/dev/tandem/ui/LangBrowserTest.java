package dev.tandem.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.tandem.workspace.WorkspaceFiles;
import dev.tandem.workspace.WorkspaceService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Java intelligence in a real browser: the editor of a {@code java-maven} workspace shows a squiggle
 * for a typo, the Problems panel lists it, both clear when it is fixed, and completion after
 * {@code "abc".} offers {@code length()}; the outline shows the file's symbols, follows typing and
 * jumps to a symbol when clicked. F12 on a JDK type shows its signature. F2 renames across files (one without an editor on the page
 * changes on the server), and renaming a public class renames its file, whose tab follows.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LangBrowserTest {

    private static final String ADMIN_PASSWORD = "admin-pass-lang-ui";
    private static final String APP_JAVA = "src/main/java/com/example/app/App.java";

    // Generous: the first compilation of a cold server on a busy build machine takes seconds.
    @RegisterExtension
    static final Chromium chromium = new Chromium(Duration.ofSeconds(60));

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        String home = Chromium.tempHome("tandem-lang-ui-test");
        registry.add("tandem.home", () -> home);
        registry.add("tandem.admin-password", () -> ADMIN_PASSWORD);
    }

    @LocalServerPort
    int port;
    @Autowired
    WorkspaceService workspaces;
    @Autowired
    WorkspaceFiles files;

    @Test
    void aTypoIsSquiggledAndListedThenClearsAndCompletionOffersStringMembers() {
        long id = workspaces.create("admin", "java", "java-maven").id();
        try (BrowserContext context = chromium.newContext()) {
            Page page = Chromium.signIn(context, url(""), "admin", ADMIN_PASSWORD);
            page.navigate(url("/workspaces/" + id));
            Ide.openInTree(page, APP_JAVA);
            Locator editor = page.locator("tandem-editor[data-path='" + APP_JAVA + "']");
            assertThat(editor).hasAttribute("data-collab", "live");
            assertThat(editor).hasAttribute("data-language-services", "on");

            // Line 11 is `public static void main(String[] args) {`: type a statement below it.
            editor.evaluate("e => e.reveal(11, 200)");
            page.keyboard().press("Enter");
            page.keyboard().type("int n = 1 + zz;");
            Locator squiggle = editor.locator(".cm-lintRange-error");
            assertThat(squiggle).hasCount(1);
            assertThat(squiggle).hasText("zz");
            assertThat(editor.locator(".cm-gutter-lint .cm-lint-marker-error")).hasCount(1);

            page.locator("#bottom-panel-toggle").click();
            page.locator("#problems-tab").click();
            Locator problems = page.locator("#problems");
            assertThat(problems).containsText("zz cannot be resolved");
            assertThat(problems).containsText(APP_JAVA);
            assertThat(page.locator("#problems-tab")).containsText("Problems (");
            // Clicking a problem goes to it in its editor.
            editor.evaluate("e => e.reveal(1, 1)");
            problems.getByText("zz cannot be resolved").first().click();
            assertThat(editor.locator(".cm-activeLine")).containsText("int n = 1 + zz;");

            // Back to the end of the typed line (the Problems tab took the focus).
            editor.evaluate("e => e.reveal(12, 200)");
            page.keyboard().press("Backspace");
            page.keyboard().press("Backspace");
            page.keyboard().press("Backspace");
            page.keyboard().type("2;");
            assertThat(squiggle).hasCount(0);
            assertThat(problems).not().containsText("zz cannot be resolved");

            page.keyboard().press("Enter");
            page.keyboard().type("int m = \"abc\".");
            Locator completions = page.locator(".cm-tooltip-autocomplete");
            assertThat(completions).containsText("length()");
            assertThat(completions).containsText("isEmpty()");
            page.keyboard().press("Escape");

            // The outline beside the editor: the file's symbol tree, following edits, click to jump.
            editor.locator(".outline-toggle").click();
            Locator outline = editor.locator("tandem-outline");
            assertThat(outline.locator("button[data-name='App']")).hasCount(2);
            assertThat(outline.locator("button[data-name='main']")).isVisible();
            assertThat(outline.locator("button[data-name='hello']")).hasCount(0);
            editor.evaluate("e => e.reveal(9, 200)");
            page.keyboard().press("Enter");
            page.keyboard().type("void hello() {}");
            assertThat(outline.locator("button[data-name='hello']")).isVisible();
            outline.locator("button[data-name='main']").click();
            assertThat(editor.locator(".cm-activeLine")).containsText("public static void main(String[] args)");
            editor.locator(".outline-toggle").click();
            assertThat(outline).isHidden();
        }
    }

    @Test
    void renameChangesFilesWithoutAnEditorAndAPublicClassTakesItsFileAlong() {
        long id = workspaces.create("admin", "rename", "java-maven").id();
        String dir = "src/main/java/com/example/app/";
        files.write("admin", id, dir + "Greeting.java", Ide.bytes(
                "package com.example.app;\n\npublic class Greeting {\n    String text() {\n        return \"hi\";\n    }\n}\n"));
        files.write("admin", id, dir + "Hello.java", Ide.bytes(
                "package com.example.app;\n\nclass Hello {\n    String say() {\n        return new Greeting().text();\n    }\n}\n"));
        try (BrowserContext context = chromium.newContext()) {
            Page page = Chromium.signIn(context, url(""), "admin", ADMIN_PASSWORD);
            page.navigate(url("/workspaces/" + id));
            Ide.openInTree(page, dir + "Greeting.java");
            Locator editor = page.locator("tandem-editor[data-path='" + dir + "Greeting.java']");
            assertThat(editor).hasAttribute("data-collab", "live");
            assertThat(editor).hasAttribute("data-language-services", "on");

            // Go to definition of a JDK type: no source here, so its signature shows under the name.
            editor.evaluate("e => e.reveal(4, 7)");
            page.keyboard().press("F12");
            assertThat(editor.locator(".cm-tandem-signature")).containsText("java.lang.String");
            page.keyboard().press("ArrowRight");
            assertThat(editor.locator(".cm-tandem-signature")).hasCount(0);

            // A method: Hello.java is open nowhere on the page, so the server changes it.
            rename(page, editor, "e => e.reveal(4, 13)", "message");
            assertThat(Ide.editorContent(page, dir + "Greeting.java")).containsText("String message()");
            awaitOnDisk(id, dir + "Hello.java", "new Greeting().message()");

            // The public class: its file is renamed, the tab and the tree follow.
            rename(page, editor, "e => e.reveal(3, 16)", "Salute");
            Locator moved = Ide.editorContent(page, dir + "Salute.java");
            assertThat(moved).containsText("public class Salute");
            assertThat(page.locator("vaadin-tab[data-path='" + dir + "Greeting.java']")).hasCount(0);
            assertThat(page.locator("vaadin-tab[data-path='" + dir + "Salute.java']")).hasCount(1);
            assertThat(Ide.treeRow(page, dir + "Salute.java")).isVisible();
            assertThat(Ide.treeRow(page, dir + "Greeting.java")).hasCount(0);
            awaitOnDisk(id, dir + "Hello.java", "new Salute().message()");
            Assertions.assertThat(Files.exists(files.resolve("admin", id, dir + "Greeting.java"))).isFalse();
        }
    }

    private static void rename(Page page, Locator editor, String reveal, String newName) {
        editor.evaluate(reveal);
        page.keyboard().press("F2");
        Locator input = editor.locator(".cm-lsp-rename-panel input[name=name]");
        input.fill(newName);
        input.press("Enter");
    }

    private void awaitOnDisk(long id, String path, String expected) {
        Path file = files.resolve("admin", id, path);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String text = "";
        while (System.nanoTime() < deadline) {
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (text.contains(expected)) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        Assertions.assertThat(text).contains(expected);
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
