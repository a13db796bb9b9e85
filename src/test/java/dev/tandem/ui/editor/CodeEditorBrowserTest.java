package dev.tandem.ui.editor;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.tandem.ui.Chromium;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Drives the real editor in Chromium against the running app, through the test-only page
 * {@link EditorTestView}, which shows what the server received.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CodeEditorBrowserTest {

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        String home = Chromium.tempHome("tandem-editor-test");
        registry.add("tandem.home", () -> home);
        registry.add("tandem.admin-password", () -> "admin-pass-1");
    }

    @LocalServerPort
    int port;

    @RegisterExtension
    static final Chromium chromium = new Chromium(Duration.ofSeconds(30));

    private BrowserContext context;
    private Page page;

    @BeforeEach
    void newPage() {
        context = chromium.newContext();
        page = context.newPage();
    }

    @AfterEach
    void closePage() {
        context.close();
    }

    private void open(String query) {
        page.navigate("http://localhost:" + port + "/test/editor" + query);
        page.locator("tandem-editor[data-language]").waitFor();
    }

    private Locator content() {
        return page.locator("tandem-editor .cm-content");
    }

    private void typeAtEnd(String text) {
        content().click();
        page.keyboard().press("Control+End");
        page.keyboard().type(text);
    }

    @Test
    void highlightsJavaKeywords() {
        open("?file=src/main/java/demo/Hello.java");
        assertThat(page.locator("#language")).hasText("Java");
        assertThat(page.locator("tandem-editor")).hasAttribute("data-language", "java");

        Locator keyword = content().locator("span", new Locator.LocatorOptions().setHasText("class")).first();
        @SuppressWarnings("unchecked")
        Map<String, String> style = (Map<String, String>) keyword.evaluate("span => ({"
                + "text: span.textContent, cls: span.className, color: getComputedStyle(span).color,"
                + "plain: getComputedStyle(span.closest('.cm-content')).color })");
        assertThat(style.get("text")).isEqualTo("class");
        assertThat(style.get("cls")).isNotBlank();
        assertThat(style.get("color")).isNotEqualTo(style.get("plain"));
        assertThat(page.locator("tandem-editor .cm-gutter.cm-lineNumbers")).isVisible();
    }

    @Test
    void plainTextForUnknownFiles() {
        open("?file=Makefile");
        assertThat(page.locator("#language")).hasText("Plain text");
        assertThat(page.locator("tandem-editor")).hasAttribute("data-language", "plain");
        assertThat(content().locator("span[class]")).hasCount(0);
    }

    @Test
    void ctrlSSavesTheExactTextAndMarkSavedClearsDirty() {
        open("?confirm=manual");
        assertThat(page.locator("#dirty")).hasText("false");

        typeAtEnd("// edited");
        assertThat(page.locator("#dirty")).hasText("true");
        assertThat(page.locator("#saves")).hasText("0");

        page.keyboard().press("Control+s");
        assertThat(page.locator("#saves")).hasText("1");
        assertThat(page.locator("#save-kind")).hasText("manual");
        assertThat(page.locator("#saved-text").textContent()).isEqualTo(EditorTestView.SAMPLE + "// edited");
        // Saved by the user, but the server has not confirmed it yet.
        assertThat(page.locator("#dirty")).hasText("true");

        page.locator("#mark-saved").click();
        assertThat(page.locator("#dirty")).hasText("false");

        // Back to the saved text by undo: clean again.
        typeAtEnd("x");
        assertThat(page.locator("#dirty")).hasText("true");
        page.keyboard().press("Control+z");
        assertThat(page.locator("#dirty")).hasText("false");

        // The server stored some other text: the buffer differs from it.
        page.locator("#mark-other").click();
        assertThat(page.locator("#dirty")).hasText("true");
    }

    @Test
    void keepsTheFilesLineBreaks() {
        open("?crlf=true&confirm=manual");
        typeAtEnd("// edited");
        page.keyboard().press("Enter");
        page.keyboard().press("Control+s");
        assertThat(page.locator("#saves")).hasText("1");
        // 7 lines of the sample, plus the one typed.
        assertThat(page.locator("#saved-crlf")).hasText("8");
        assertThat(page.locator("#saved-length")).hasText(
                Integer.toString(EditorTestView.SAMPLE.length() + 7 + "// edited".length() + 2));
    }

    @Test
    void aNewElementAfterReattachLoadsTheLastSavedTextAndTheDirtyState() {
        open("?confirm=manual");
        typeAtEnd("// edited");
        page.keyboard().press("Control+s");
        assertThat(page.locator("#saves")).hasText("1");
        assertThat(page.locator("#dirty")).hasText("true");
        page.evaluate("() => document.querySelector('tandem-editor').oldElement = true");

        page.locator("#detach").click();
        assertThat(page.locator("tandem-editor")).hasCount(0);
        page.locator("#attach").click();
        assertThat(page.locator("tandem-editor")).hasCount(1);
        assertThat((Boolean) page.evaluate("() => document.querySelector('tandem-editor').oldElement")).isNull();
        assertThat(content()).containsText("// edited");
        // The server has not stored the edit yet: still dirty in the new element.
        assertThat(page.locator("#dirty")).hasText("true");

        page.locator("#mark-saved").click();
        assertThat(page.locator("#dirty")).hasText("false");
        typeAtEnd("!");
        assertThat(page.locator("#dirty")).hasText("true");
    }

    @Test
    void aKeptElementKeepsUnsavedTextWhenMovedAndStillAutoSaves() {
        open("?confirm=manual&autoSave=4000");
        typeAtEnd("// unsaved");
        assertThat(page.locator("#dirty")).hasText("true");

        page.evaluate("() => document.querySelector('tandem-editor').oldElement = true");
        page.locator("#move").click();
        assertThat(page.locator("tandem-editor")).hasCount(1);
        assertThat((Boolean) page.evaluate("() => document.querySelector('tandem-editor').oldElement")).isTrue();
        assertThat(content()).containsText("// unsaved");
        assertThat(page.locator("#dirty")).hasText("true");

        // The move cancelled the pending auto-save timer; reconnecting re-arms it.
        assertThat(page.locator("#saves")).hasText("1");
        assertThat(page.locator("#save-kind")).hasText("auto");
        assertThat(page.locator("#saved-text").textContent()).isEqualTo(EditorTestView.SAMPLE + "// unsaved");
    }

    @Test
    void readOnlyRefusesTyping() {
        open("?readOnly=true&autoSave=200");
        String before = content().textContent();
        assertThat(content()).hasAttribute("contenteditable", "false");

        content().click();
        page.keyboard().press("Control+End");
        page.keyboard().type("typed");
        page.keyboard().press("Enter");
        page.keyboard().press("Backspace");
        page.keyboard().press("Control+s");
        page.waitForTimeout(1000);

        assertThat(content().textContent()).isEqualTo(before);
        assertThat(page.locator("#dirty")).hasText("false");
        assertThat(page.locator("#saves")).hasText("0");
    }

    @Test
    void autoSavesAfterIdle() {
        open("?autoSave=800");
        page.evaluate("() => {"
                + "document.addEventListener('keydown', () => window.lastKeyAt = performance.now(), true);"
                + "document.querySelector('tandem-editor').addEventListener('tandem-save', () => window.savedAt = performance.now());"
                + "}");

        typeAtEnd("// auto");
        assertThat(page.locator("#saves")).hasText("1");
        assertThat(page.locator("#save-kind")).hasText("auto");
        assertThat(page.locator("#saved-text").textContent()).isEqualTo(EditorTestView.SAMPLE + "// auto");
        assertThat(page.locator("#dirty")).hasText("false");

        Number idle = (Number) page.evaluate("() => window.savedAt - window.lastKeyAt");
        assertThat(idle.doubleValue()).isGreaterThanOrEqualTo(790);

        // Nothing changed since: no second save.
        page.waitForTimeout(1500);
        assertThat(page.locator("#saves")).hasText("1");
    }

    @Test
    void reportsCursorAndSelection() {
        open("");
        content().click();
        page.keyboard().press("Control+Home");
        assertThat(page.locator("#cursor")).hasText("1:1 0");

        page.keyboard().press("ArrowDown");
        page.keyboard().press("ArrowDown");
        page.keyboard().press("Shift+End");
        // Line 3 is "public class Hello {" (20 characters).
        assertThat(page.locator("#cursor")).hasText("3:21 20");

        // Ctrl-D selects the word, then adds its next occurrence (a second cursor).
        page.keyboard().press("Home");
        page.keyboard().press("Control+d");
        assertThat(page.locator("#cursor")).hasText("3:7 6");
        page.keyboard().press("Control+d");
        // CodeMirror keeps the first range as the main one.
        assertThat(page.locator("#cursor")).hasText("3:7 12");
        assertThat(page.locator("tandem-editor .cm-selectionBackground")).hasCount(2);
    }

    @Test
    void ctrlFOpensTheSearchPanel() {
        open("");
        content().click();
        page.keyboard().press("Control+f");
        Locator field = page.locator("tandem-editor .cm-search input[name=search]");
        assertThat(field).isVisible();
        assertThat(field).isFocused();
        page.keyboard().type("public");
        page.keyboard().press("Enter");
        assertThat(page.locator("tandem-editor .cm-searchMatch").first()).isVisible();
        assertThat(page.locator("tandem-editor .cm-searchMatch")).hasCount(2);
    }

    @Test
    void guardsThePageWhileDirty() {
        open("?confirm=manual");
        typeAtEnd("// unsaved");
        assertThat(page.locator("#dirty")).hasText("true");

        AtomicReference<String> dialog = new AtomicReference<>();
        page.onDialog(d -> {
            dialog.set(d.type());
            d.dismiss();
        });
        page.close(new Page.CloseOptions().setRunBeforeUnload(true));
        page.waitForCondition(() -> dialog.get() != null);
        assertThat(dialog.get()).isEqualTo("beforeunload");
        assertThat(page.isClosed()).isFalse();
        assertThat(unloadIsCancelled()).isTrue();

        // Saved: leaving no longer asks.
        page.keyboard().press("Control+s");
        page.locator("#mark-saved").click();
        assertThat(page.locator("#dirty")).hasText("false");
        assertThat(unloadIsCancelled()).isFalse();
    }

    private boolean unloadIsCancelled() {
        return (Boolean) page.evaluate("() => { const event = new Event('beforeunload', { cancelable: true });"
                + " window.dispatchEvent(event); return event.defaultPrevented; }");
    }

    @Test
    void handlesAFiveMegabyteFile() {
        // ~45,000 classes of 4 lines: about 5 MB of Java.
        int classes = 45_000;
        int length = EditorTestView.bigJava(classes).length();
        assertThat(length).isGreaterThan(5_000_000);
        open("?bigLines=" + classes + "&confirm=manual");

        Number lines = (Number) page.evaluate("() => document.querySelector('tandem-editor').editorView.state.doc.lines");
        assertThat(lines.intValue()).isEqualTo(2 + 4 * classes + 1);
        // Only the visible part is in the DOM.
        assertThat(content().locator(".cm-line").count()).isLessThan(500);

        typeAtEnd("// end");
        assertThat(page.locator("#dirty")).hasText("true");
        // CodeMirror's incremental parse takes its share of each edit (up to 20 ms by design);
        // the bound is loose because the build machine is shared.
        assertThat(millisPerEdit()).as("ms per edit, Java").isLessThan(100);

        page.keyboard().press("Control+s");
        assertThat(page.locator("#saved-length")).hasText(Integer.toString(length + "// end".length() + 200));
    }

    @Test
    void editsOfAFiveMegabytePlainFileCostNoFullTextWork() {
        open("?bigLines=45000&confirm=manual&file=big.txt");
        typeAtEnd("// end");
        assertThat(page.locator("#dirty")).hasText("true");
        // A plain edit is one view update; serialising or comparing 5 MB each time would add milliseconds.
        assertThat(millisPerEdit()).as("ms per edit, plain text").isLessThan(16);
    }

    /** Average time of 200 single-character edits at the end, each a full view update. */
    private double millisPerEdit() {
        Number perEdit = (Number) page.evaluate("() => {"
                + "const view = document.querySelector('tandem-editor').editorView;"
                + "const start = performance.now();"
                + "for (let i = 0; i < 200; i++) {"
                + "  view.dispatch({ changes: { from: view.state.doc.length, insert: 'x' } });"
                + "}"
                + "return (performance.now() - start) / 200; }");
        return perEdit.doubleValue();
    }
}
