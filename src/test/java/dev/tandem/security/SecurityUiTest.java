package dev.tandem.security;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.tandem.ui.Chromium;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The login page, the access tokens view and the users view, in a real browser. */
class SecurityUiTest extends IntegrationTest {

    // Generous: the machine that runs the tests may be busy, and a Vaadin view renders after load.
    @RegisterExtension
    static final Chromium chromium = new Chromium(Duration.ofSeconds(30));

    BrowserContext context;
    Page page;

    @BeforeEach
    void openPage() {
        context = chromium.newContext();
        page = context.newPage();
    }

    @AfterEach
    void closePage() {
        context.close();
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private void signIn(String username, String password) {
        page.navigate(url("/login"));
        page.getByLabel("Username").fill(username);
        page.getByLabel("Password").first().fill(password);
        page.getByLabel("Password").first().press("Enter");
    }

    @Test
    void failedSignInShowsOneMessageForEveryCause() {
        String amy = newUser("amy");
        signIn(amy, "wrong-password");
        page.waitForURL("**/login?error");
        assertThat(page.getByText("Sign-in failed")).isVisible();
        String known = page.locator("vaadin-login-form").innerText();
        signIn("nobody-" + amy, "wrong-password");
        assertThat(page.getByText("Sign-in failed")).isVisible();
        assertThat(page.locator("vaadin-login-form").innerText()).isEqualTo(known);
    }

    @Test
    void createShowAndRevokeAToken() {
        String ben = newUser("ben");
        signIn(ben, password(ben));
        page.waitForURL(url("/"));
        page.navigate(url("/settings/tokens"));
        page.locator("#new-token").click();
        page.locator("#token-name input").fill("browser token");
        page.locator("#create-token").click();
        String token = page.locator("#token-secret input").inputValue();
        assertThat(token).startsWith("tdm_");
        page.locator("#token-done").click();
        assertThat(page.locator("#tokens")).containsText("browser token");
        assertThat(api.send("GET", "/api/v1/me", null, "Authorization", ApiClient.bearer(token)).status()).isEqualTo(200);

        page.locator(".revoke-token").first().click();
        page.locator("#confirm-revoke").click();
        assertThat(page.locator("#confirm-revoke")).hasCount(0);
        // A grid keeps emptied cells in the page; a fresh load shows what is really left.
        page.reload();
        assertThat(page.locator("#new-token")).isVisible();
        assertThat(page.locator("#tokens")).not().containsText("browser token");
        assertThat(api.send("GET", "/api/v1/me", null, "Authorization", ApiClient.bearer(token)).status()).isEqualTo(401);
    }

    @Test
    void usersViewIsForAdminsOnly() {
        String cal = newUser("cal");
        signIn(cal, password(cal));
        page.waitForURL(url("/"));
        page.navigate(url("/admin/users"));
        page.waitForLoadState();
        assertThat(page.locator("#new-user")).hasCount(0);
    }

    @Test
    void adminCreatesAndDisablesAUser() {
        signIn("admin", ADMIN_PASSWORD);
        page.waitForURL(url("/"));
        page.navigate(url("/admin/users"));
        String name = "dora-" + System.nanoTime() % 100_000;
        page.locator("#new-user").click();
        page.locator("#new-username input").fill(name);
        page.locator("#new-user-password input").fill("dora-password");
        page.locator("#create-user").click();
        assertThat(page.locator("#users")).containsText(name);
        assertThat(users.find(name)).isPresent();

        page.locator("[data-user='" + name + "'] .disable-user").click();
        assertThat(page.locator("[data-user='" + name + "'] .enable-user")).isVisible();
        assertThat(users.require(name).enabled()).isFalse();
    }
}
