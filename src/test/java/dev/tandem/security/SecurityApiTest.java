package dev.tandem.security;

import static dev.tandem.security.ApiClient.basic;
import static dev.tandem.security.ApiClient.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecurityApiTest extends IntegrationTest {

    @Test
    void unauthenticatedApiCallsGetJson401WithoutBasicChallenge() {
        var response = api.send("GET", "/api/v1/me", null);
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().get("error").asText()).isEqualTo("unauthorized");
        assertThat(response.json().get("message").asText()).isNotBlank();
        assertThat(response.header("WWW-Authenticate")).hasValue("Bearer");
        assertThat(response.header("Location")).isEmpty();
    }

    @Test
    void tokenEndpointChallengesWithBasic() {
        var response = api.send("POST", "/api/v1/tokens", "{\"name\":\"x\"}");
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate").orElse("")).startsWith("Basic");
    }

    @Test
    void healthIsPublic() {
        var response = api.send("GET", "/actuator/health", null);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("UP");
    }

    @Test
    void tokenLifecycle() {
        String alice = newUser("alice");
        var created = api.send("POST", "/api/v1/tokens", "{\"name\":\"laptop\"}",
                "Authorization", basic(alice, password(alice)));
        assertThat(created.status()).isEqualTo(201);
        String token = created.json().get("token").asText();
        long id = created.json().get("id").asLong();
        assertThat(token).startsWith("tdm_").hasSizeGreaterThanOrEqualTo(4 + 43);
        assertThat(created.json().get("name").asText()).isEqualTo("laptop");

        var me = api.send("GET", "/api/v1/me", null, "Authorization", bearer(token));
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("username").asText()).isEqualTo(alice);

        var list = api.send("GET", "/api/v1/tokens", null, "Authorization", bearer(token));
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json()).hasSize(1);
        assertThat(list.json().get(0).get("name").asText()).isEqualTo("laptop");
        assertThat(list.json().get(0).get("lastUsed").isNull()).isFalse();
        assertThat(list.body()).doesNotContain(token).doesNotContain(Secrets.hash(token));
        String stored = jdbc.sql("select token_hash from api_tokens where id = ?").param(id).query(String.class).single();
        assertThat(stored).isEqualTo(Secrets.hash(token)).doesNotContain(token);

        var revoke = api.send("DELETE", "/api/v1/tokens/" + id, null, "Authorization", bearer(token));
        assertThat(revoke.status()).isEqualTo(204);
        var after = api.send("GET", "/api/v1/me", null, "Authorization", bearer(token));
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.json().get("error").asText()).isEqualTo("unauthorized");
    }

    @Test
    void onlyOwnTokensCanBeRevoked() {
        String alice = newUser("alice");
        String bob = newUser("bob");
        String aliceToken = tokenFor(alice);
        long aliceTokenId = api.send("GET", "/api/v1/tokens", null, "Authorization", bearer(aliceToken))
                .json().get(0).get("id").asLong();
        String bobToken = tokenFor(bob);
        var response = api.send("DELETE", "/api/v1/tokens/" + aliceTokenId, null, "Authorization", bearer(bobToken));
        assertThat(response.status()).isEqualTo(404);
        assertThat(api.send("GET", "/api/v1/me", null, "Authorization", bearer(aliceToken)).status()).isEqualTo(200);
    }

    @Test
    void unknownOrMalformedTokensAre401() {
        assertThat(api.send("GET", "/api/v1/me", null, "Authorization", bearer("tdm_nope")).status()).isEqualTo(401);
        assertThat(api.send("GET", "/api/v1/me", null, "Authorization", "Bearer").status()).isEqualTo(401);
        assertThat(api.send("GET", "/api/v1/me", null, "Authorization", "Digest abc").status()).isEqualTo(401);
    }

    @Test
    void tokenOfDisabledUserIs401AndWorksAgainWhenEnabled() {
        String carol = newUser("carol");
        String token = tokenFor(carol);
        users.update(carol, false, null, null);
        assertThat(api.send("GET", "/api/v1/me", null, "Authorization", bearer(token)).status()).isEqualTo(401);
        var basicLogin = api.send("POST", "/api/v1/tokens", "{\"name\":\"x\"}",
                "Authorization", basic(carol, password(carol)));
        assertThat(basicLogin.status()).isEqualTo(401);
        assertThat(api.formLogin(carol, password(carol), null).header("Location").orElse("")).endsWith("/login?error=disabled");
        users.update(carol, true, null, null);
        assertThat(api.send("GET", "/api/v1/me", null, "Authorization", bearer(token)).status()).isEqualTo(200);
    }

    @Test
    void disablingEndsSessions() {
        String dave = newUser("dave");
        String session = api.session(dave, password(dave));
        assertThat(api.send("GET", "/api/v1/me", null, "Cookie", "JSESSIONID=" + session).status()).isEqualTo(200);
        users.update(dave, false, null, null);
        assertThat(api.send("GET", "/api/v1/me", null, "Cookie", "JSESSIONID=" + session).status()).isEqualTo(401);
        users.update(dave, true, null, null);
        assertThat(api.send("GET", "/api/v1/me", null, "Cookie", "JSESSIONID=" + session).status()).isEqualTo(401);
    }

    @Test
    void basicIsRefusedEverywhereButTokenMinting() {
        String erin = newUser("erin");
        String auth = basic(erin, password(erin));
        var me = api.send("GET", "/api/v1/me", null, "Authorization", auth);
        assertThat(me.status()).isEqualTo(401);
        assertThat(me.json().get("message").asText()).contains("Basic");
        assertThat(api.send("GET", "/api/v1/tokens", null, "Authorization", auth).status()).isEqualTo(401);
        assertThat(api.send("POST", "/api/v1/tokens", "{\"name\":\"ok\"}", "Authorization", auth).status()).isEqualTo(201);
    }

    @Test
    void wrongPasswordIs401AndCounted() {
        String frank = newUser("frank");
        var response = api.send("POST", "/api/v1/tokens", "{\"name\":\"x\"}", "Authorization", basic(frank, "wrong-password"));
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().get("error").asText()).isEqualTo("unauthorized");
        assertThat(failedLogins(frank)).isEqualTo(1);
        var unknown = api.send("POST", "/api/v1/tokens", "{\"name\":\"x\"}", "Authorization", basic("nobody-here", "wrong-password"));
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.json().get("message")).isEqualTo(response.json().get("message"));
        tokenFor(frank);
        assertThat(failedLogins(frank)).isZero();
    }


    @Test
    void usersApiIsForAdmins() {
        String grace = newUser("grace");
        String token = tokenFor(grace);
        var create = api.send("POST", "/api/v1/users", "{\"username\":\"mallory\",\"password\":\"password-123\"}",
                "Authorization", bearer(token));
        assertThat(create.status()).isEqualTo(403);
        assertThat(create.json().get("error").asText()).isEqualTo("forbidden");
        assertThat(users.find("mallory")).isEmpty();
        assertThat(api.send("GET", "/api/v1/users", null, "Authorization", bearer(token)).status()).isEqualTo(403);
        assertThat(api.send("PATCH", "/api/v1/users/" + grace, "{\"admin\":true}", "Authorization", bearer(token)).status())
                .isEqualTo(403);
    }

    @Test
    void adminManagesUsers() {
        String adminToken = tokenFor("admin", ADMIN_PASSWORD);
        String name = "henry-" + System.nanoTime() % 1_000_000;
        var create = api.send("POST", "/api/v1/users", "{\"username\":\"" + name + "\",\"password\":\"first-password\"}",
                "Authorization", bearer(adminToken));
        assertThat(create.status()).as(create.body()).isEqualTo(201);
        assertThat(create.json().get("admin").asBoolean()).isFalse();
        assertThat(create.json().has("passwordHash")).isFalse();

        var duplicate = api.send("POST", "/api/v1/users", "{\"username\":\"" + name + "\",\"password\":\"first-password\"}",
                "Authorization", bearer(adminToken));
        assertThat(duplicate.status()).isEqualTo(409);

        var weak = api.send("POST", "/api/v1/users", "{\"username\":\"shorty\",\"password\":\"short\"}",
                "Authorization", bearer(adminToken));
        assertThat(weak.status()).isEqualTo(400);
        assertThat(users.find("shorty")).isEmpty();

        var list = api.send("GET", "/api/v1/users", null, "Authorization", bearer(adminToken));
        assertThat(list.body()).contains(name).doesNotContain("password");

        var reset = api.send("PATCH", "/api/v1/users/" + name, "{\"password\":\"second-password\"}",
                "Authorization", bearer(adminToken));
        assertThat(reset.status()).isEqualTo(200);
        assertThat(api.send("POST", "/api/v1/tokens", "{\"name\":\"x\"}", "Authorization", basic(name, "first-password"))
                .status()).isEqualTo(401);
        assertThat(api.send("POST", "/api/v1/tokens", "{\"name\":\"x\"}", "Authorization", basic(name, "second-password"))
                .status()).isEqualTo(201);

        var disable = api.send("PATCH", "/api/v1/users/" + name, "{\"enabled\":false}", "Authorization", bearer(adminToken));
        assertThat(disable.json().get("enabled").asBoolean()).isFalse();

        var lastAdmin = api.send("PATCH", "/api/v1/users/admin", "{\"enabled\":false}", "Authorization", bearer(adminToken));
        assertThat(lastAdmin.status()).isEqualTo(409);
        assertThat(users.require("admin").enabled()).isTrue();

        assertThat(api.send("PATCH", "/api/v1/users/nobody-at-all", "{\"enabled\":false}", "Authorization", bearer(adminToken))
                .status()).isEqualTo(404);
        assertThat(api.send("PATCH", "/api/v1/users/" + name, "{}", "Authorization", bearer(adminToken)).status())
                .isEqualTo(400);
    }


    @Test
    void malformedJsonIs400Json() {
        String ivan = newUser("ivan");
        String token = tokenFor(ivan);
        var response = api.send("POST", "/api/v1/tokens", "{\"name\":", "Authorization", bearer(token));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("error").asText()).isEqualTo("malformed_request");
        var blank = api.send("POST", "/api/v1/tokens", "{\"name\":\"  \"}", "Authorization", bearer(token));
        assertThat(blank.status()).isEqualTo(400);
        var badId = api.send("DELETE", "/api/v1/tokens/abc", null, "Authorization", bearer(token));
        assertThat(badId.status()).isEqualTo(400);
        assertThat(badId.json().get("error").asText()).isEqualTo("bad_request");
    }

    @Test
    void sessionPostsNeedCsrfToken() {
        String judy = newUser("judy");
        String session = api.session(judy, password(judy));
        String cookie = "JSESSIONID=" + session;
        var withoutToken = api.send("POST", "/api/v1/tokens", "{\"name\":\"x\"}", "Cookie", cookie);
        assertThat(withoutToken.status()).isEqualTo(403);
        assertThat(withoutToken.json().get("error").asText()).isEqualTo("csrf");

        var csrf = api.send("GET", "/api/v1/csrf", null, "Cookie", cookie);
        assertThat(csrf.status()).isEqualTo(200);
        var withToken = api.send("POST", "/api/v1/tokens", "{\"name\":\"x\"}", "Cookie", cookie,
                csrf.json().get("headerName").asText(), csrf.json().get("token").asText());
        assertThat(withToken.status()).as(withToken.body()).isEqualTo(201);

        var wrongToken = api.send("POST", "/api/v1/tokens", "{\"name\":\"x\"}", "Cookie", cookie,
                csrf.json().get("headerName").asText(), "forged");
        assertThat(wrongToken.status()).isEqualTo(403);
    }

    @Test
    void sessionIdChangesAtLogin() {
        String ken = newUser("ken");
        var before = api.send("GET", "/", null);
        String anonymousSession = before.cookie("JSESSIONID").orElseThrow();
        var login = api.formLogin(ken, password(ken), anonymousSession);
        assertThat(login.status()).isEqualTo(302);
        String signedIn = login.cookie("JSESSIONID").orElseThrow();
        assertThat(signedIn).isNotEqualTo(anonymousSession);
        assertThat(api.send("GET", "/api/v1/me", null, "Cookie", "JSESSIONID=" + signedIn).status()).isEqualTo(200);
        assertThat(api.send("GET", "/api/v1/me", null, "Cookie", "JSESSIONID=" + anonymousSession).status()).isEqualTo(401);
    }

    @Test
    void changeOwnPassword() {
        String leo = newUser("leo");
        String token = tokenFor(leo);
        var wrong = api.send("POST", "/api/v1/me/password",
                "{\"currentPassword\":\"nope-nope\",\"newPassword\":\"brand-new-pass\"}", "Authorization", bearer(token));
        assertThat(wrong.status()).isEqualTo(400);
        var ok = api.send("POST", "/api/v1/me/password",
                "{\"currentPassword\":\"" + password(leo) + "\",\"newPassword\":\"brand-new-pass\"}", "Authorization", bearer(token));
        assertThat(ok.status()).isEqualTo(204);
        assertThat(api.send("POST", "/api/v1/tokens", "{\"name\":\"x\"}", "Authorization", basic(leo, "brand-new-pass"))
                .status()).isEqualTo(201);
    }
}
