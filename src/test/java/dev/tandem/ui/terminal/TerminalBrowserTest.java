package dev.tandem.ui.terminal;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.tandem.security.UserService;
import dev.tandem.ui.Chromium;
import dev.tandem.workspace.Role;
import dev.tandem.workspace.WorkspaceService;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Terminals in the IDE, in a real browser (Debian's Chromium driven by Playwright) against the real
 * server: one member opens a terminal in the bottom panel and lists the template's files; another
 * member's browser shows the same terminal and sees new output live; a viewer cannot type.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TerminalBrowserTest {

    @RegisterExtension
    static final Chromium chromium = new Chromium(Duration.ofSeconds(30));

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        String home = Chromium.tempHome("tandem-terminal-ui-test");
        registry.add("tandem.home", () -> home);
        registry.add("tandem.admin-password", () -> "admin-pass-terminal-ui");
    }

    @LocalServerPort
    int port;
    @Autowired
    UserService users;
    @Autowired
    WorkspaceService workspaces;

    @Test
    void aTerminalInTheIdeIsSharedLiveWithAnotherMember() {
        String tessName = Chromium.freshUserName("tess");
        String patName = Chromium.freshUserName("pat");
        String vicName = Chromium.freshUserName("vic");
        users.create(tessName, "tess-pass-1", false);
        users.create(patName, "pat-pass-1", false);
        users.create(vicName, "vic-pass-1", false);
        long id = workspaces.create(tessName, "shell-demo", "java-maven").id();
        workspaces.setMember(tessName, id, patName, Role.EDITOR);
        workspaces.setMember(tessName, id, vicName, Role.VIEWER);

        try (BrowserContext tessContext = chromium.newContext(); BrowserContext patContext = chromium.newContext();
             BrowserContext vicContext = chromium.newContext()) {
            Page tess = openIde(tessContext, tessName, "tess-pass-1", id);
            tess.locator("#terminal-new").click();
            Locator tessTerminal = tess.locator("tandem-terminal[status='open']");
            assertThat(tessTerminal).hasCount(1);
            Locator tessScreen = tessTerminal.locator(".xterm-rows");
            assertThat(tessScreen).containsText("$");
            tessTerminal.click();
            tess.keyboard().type("ls\n");
            assertThat(tessScreen).containsText("pom.xml");
            assertThat(tessScreen).containsText("buildspec.yml");

            // Resizing with the panel: a taller panel (its grip dragged up) gives more lines, a narrower
            // editor area (the tree's splitter dragged right) fewer columns, as tput sees them in the pty.
            int[] before = ptySize(tess, tessTerminal, "before", size -> true);
            drag(tess, tess.locator("#bottom-panel-resize"), 0, -150);
            drag(tess, tess.locator("#ide-split [part='splitter']"), 200, 0);
            int[] after = ptySize(tess, tessTerminal, "after", size -> size[1] > before[1] && size[0] < before[0]);
            org.assertj.core.api.Assertions.assertThat(after[1]).as("lines after a taller panel").isGreaterThan(before[1]);
            org.assertj.core.api.Assertions.assertThat(after[0]).as("columns after a narrower editor").isLessThan(before[0]);

            Page pat = openIde(patContext, patName, "pat-pass-1", id);
            Locator patScreen = pat.locator("tandem-terminal[status='open'] .xterm-rows");
            assertThat(patScreen).containsText("pom.xml");
            tess.keyboard().type("echo shared-$((6*7))\n");
            assertThat(patScreen).containsText("shared-42");
            pat.locator("tandem-terminal[status='open']").click();
            pat.keyboard().type("echo from-pat-$((7*8))\n");
            assertThat(tessScreen).containsText("from-pat-56");

            Page vic = openIde(vicContext, vicName, "vic-pass-1", id);
            assertThat(vic.locator("#terminal-new")).isHidden();
            Locator vicTerminal = vic.locator("tandem-terminal[status='open']");
            assertThat(vicTerminal).hasAttribute("read-only", "");
            assertThat(vicTerminal.locator(".xterm-rows")).containsText("from-pat-56");
            vicTerminal.click();
            vic.keyboard().type("echo viewer-typed\n");
            assertThat(vicTerminal.locator(".xterm-rows")).containsText("can watch this terminal but not type");
            assertThat(tessScreen).not().containsText("viewer-typed");

            tess.locator("#terminal-close").click();
            assertThat(pat.locator("tandem-terminal[status='exited'] .xterm-rows")).containsText("terminal was closed");
            assertThat(pat.locator("vaadin-tab[data-terminal-id]")).containsText("(ended)");
        }
    }

    /** Drags the element's centre by (dx, dy) with the mouse, in small steps as a person would. */
    private static void drag(Page page, Locator handle, double dx, double dy) {
        var box = handle.boundingBox();
        double x = box.x + box.width / 2;
        double y = box.y + box.height / 2;
        page.mouse().move(x, y);
        page.mouse().down();
        page.mouse().move(x + dx, y + dy, new com.microsoft.playwright.Mouse.MoveOptions().setSteps(10));
        page.mouse().up();
    }

    /**
     * The pty's size as {@code tput} reports it in the terminal ({cols, lines}), asked again until
     * {@code until} holds (the resize travels browser → socket → pty) or 20 tries have passed.
     */
    private static int[] ptySize(Page page, Locator terminal, String tag,
            java.util.function.Predicate<int[]> until) {
        int[] size = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            String marker = "SIZE-" + tag + attempt;
            terminal.click();
            page.keyboard().type("echo " + marker + "-$(tput cols)x$(tput lines)-END\n");
            var pattern = java.util.regex.Pattern.compile(marker + "-(\\d+)x(\\d+)-END");
            assertThat(terminal.locator(".xterm-rows")).containsText(pattern);
            var matcher = pattern.matcher(terminal.locator(".xterm-rows").textContent());
            org.assertj.core.api.Assertions.assertThat(matcher.find()).isTrue();
            size = new int[] {Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2))};
            if (until.test(size)) {
                return size;
            }
            page.waitForTimeout(300);
        }
        return size;
    }

    private Page openIde(BrowserContext context, String username, String password, long id) {
        Page page = Chromium.signIn(context, url(""), username, password);
        page.navigate(url("/workspaces/" + id));
        page.locator("#bottom-panel-toggle").click();
        assertThat(page.locator("#terminal-tabs")).isVisible();
        return page;
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
