package dev.tandem.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A request the login page sent just before signing in, with the session id the sign-in then
 * replaced, must not start a new session: its cookie would replace the signed-in one in the
 * browser, and the dashboard would fall back to the login view.
 */
class StaleSessionTest extends IntegrationTest {

    @Test
    void aBackgroundRequestWithTheReplacedSessionIdStartsNoSession() {
        String mia = newUser("mia");
        String before = api.send("GET", "/login", null).cookie("JSESSIONID").orElseThrow();
        var login = api.formLogin(mia, password(mia), before);
        String after = login.cookie("JSESSIONID").orElseThrow();
        assertThat(after).isNotEqualTo(before);

        // What the login page's icon link or its service worker fetches while the sign-in is under way.
        var icon = api.send("GET", "/icons/icon-144x144.png", null,
                "Cookie", "JSESSIONID=" + before, "Sec-Fetch-Mode", "no-cors", "Sec-Fetch-Dest", "image");
        assertThat(icon.cookie("JSESSIONID")).as("status %s", icon.status()).isEmpty();

        var dashboard = api.send("GET", "/", null, "Cookie", "JSESSIONID=" + after, "Sec-Fetch-Mode", "navigate");
        assertThat(dashboard.status()).isEqualTo(200);
    }

    @Test
    void pageLoadsAndSessionlessClientsStillStartASession() {
        String stale = api.send("GET", "/login", null).cookie("JSESSIONID").orElseThrow();
        String mia = newUser("mia");
        api.formLogin(mia, password(mia), stale);

        var page = api.send("GET", "/login", null, "Cookie", "JSESSIONID=" + stale, "Sec-Fetch-Mode", "navigate");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.cookie("JSESSIONID")).isPresent().get().isNotEqualTo(stale);

        var noBrowser = api.send("GET", "/login", null, "Cookie", "JSESSIONID=" + stale);
        assertThat(noBrowser.status()).isEqualTo(200);
        assertThat(noBrowser.cookie("JSESSIONID")).isPresent();
    }
}
