package dev.tandem.security;

import static dev.tandem.security.ApiClient.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.security.WebSocketAuthenticator.Credentials;
import dev.tandem.security.WebSocketAuthenticator.Identity;
import dev.tandem.workspace.WorkspaceService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;

/** Tickets through the API, and the websocket authenticator with each of its credentials. */
class TicketTest extends IntegrationTest {

    @Autowired
    WorkspaceService workspaces;

    @Autowired
    TicketService tickets;

    @Autowired
    WebSocketAuthenticator authenticator;

    private String ticket(String token, long workspaceId) {
        var response = api.send("POST", "/api/v1/tickets", "{\"workspaceId\":" + workspaceId + "}", "Authorization", bearer(token));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().get("ticket").asText();
    }

    private static Credentials ticketOnly(String ticket) {
        return new Credentials(ticket, null, null, null, null);
    }

    @Test
    void ticketIsSingleUseAndBoundToItsWorkspace() {
        String quinn = newUser("quinn");
        long ws = workspaces.create(quinn, "tickets", null).id();
        String ticket = ticket(tokenFor(quinn), ws);
        assertThat(ticket).startsWith(TicketService.PREFIX);
        assertThat(jdbc.sql("select count(*) from ws_tickets where ticket_hash = ?").param(Secrets.hash(ticket))
                .query(Long.class).single()).isEqualTo(1);

        Optional<Identity> identity = authenticator.authenticate(ticketOnly(ticket));
        assertThat(identity).contains(new Identity(quinn, ws));
        assertThat(identity.get().mayOpen(ws)).isTrue();
        assertThat(identity.get().mayOpen(ws + 1)).isFalse();
        assertThat(authenticator.authenticate(ticketOnly(ticket))).as("second use").isEmpty();
    }

    /**
     * Password sign-in, token and ticket lookups map their rows by column name; a name the mapper
     * has to guess twice makes H2 raise and log an error for every request (the trace file grew
     * with each websocket upgrade before).
     */
    @Test
    void credentialLookupsLeaveNoErrorInTheDatabaseTrace(@Value("${tandem.home}") Path home) throws IOException {
        String tara = newUser("tara");
        long ws = workspaces.create(tara, "trace", null).id();
        Path trace = home.resolve("db/tandem.trace.db");
        long before = Files.exists(trace) ? Files.size(trace) : 0;

        String ticket = ticket(tokenFor(tara), ws);
        assertThat(authenticator.authenticate(ticketOnly(ticket))).contains(new Identity(tara, ws));

        String written = Files.exists(trace) ? Files.readString(trace).substring((int) before) : "";
        assertThat(written).doesNotContain("not found");
    }

    @Test
    void ticketExpires() throws InterruptedException {
        String rita = newUser("rita");
        long ws = workspaces.create(rita, "expiry", null).id();
        String ticket = tickets.issue(rita, ws);
        Thread.sleep(3200);
        assertThat(tickets.redeem(ticket)).isEmpty();
    }

    @Test
    void ticketOfDisabledUserIsRefused() {
        String sam = newUser("sam");
        long ws = workspaces.create(sam, "disabled", null).id();
        String ticket = tickets.issue(sam, ws);
        users.update(sam, false, null, null);
        assertThat(tickets.redeem(ticket)).isEmpty();
    }

    @Test
    void ticketsOnlyForMembers() {
        String tom = newUser("tom");
        String uma = newUser("uma");
        long ws = workspaces.create(tom, "private", null).id();
        String umaToken = tokenFor(uma);
        var response = api.send("POST", "/api/v1/tickets", "{\"workspaceId\":" + ws + "}", "Authorization", bearer(umaToken));
        assertThat(response.status()).isEqualTo(404);
        var unknown = api.send("POST", "/api/v1/tickets", "{\"workspaceId\":987654}", "Authorization", bearer(umaToken));
        assertThat(unknown.status()).isEqualTo(404);
        var missing = api.send("POST", "/api/v1/tickets", "{}", "Authorization", bearer(umaToken));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(api.send("POST", "/api/v1/tickets", "{\"workspaceId\":" + ws + "}").status()).isEqualTo(401);
    }

    @Test
    void forgedTicketsAreRefused() {
        assertThat(authenticator.authenticate(ticketOnly("tdt_forged"))).isEmpty();
        assertThat(authenticator.authenticate(ticketOnly("garbage"))).isEmpty();
        assertThat(authenticator.authenticate(ticketOnly(""))).isEmpty();
    }

    @Test
    void bearerTokenOnUpgrade() {
        String vera = newUser("vera");
        String token = tokenFor(vera);
        assertThat(authenticator.authenticate(new Credentials(null, "Bearer " + token, null, null, null)))
                .contains(new Identity(vera, null));
        assertThat(authenticator.authenticate(new Credentials(null, "Bearer tdm_wrong", null, null, null))).isEmpty();
        assertThat(authenticator.authenticate(new Credentials(null, "Basic abc", null, null, null))).isEmpty();
    }

    @Test
    void aBadCredentialDoesNotFallBackToTheSession() {
        String walt = newUser("walt");
        var session = UsernamePasswordAuthenticationToken.authenticated(walt, null, Principals.authorities(false));
        assertThat(authenticator.authenticate(new Credentials("tdt_forged", null, session, null, null))).isEmpty();
        assertThat(authenticator.authenticate(new Credentials(null, "Bearer tdm_forged", session, null, null))).isEmpty();
    }

    @Test
    void sessionFromThisOriginOnly() {
        String xena = newUser("xena");
        var session = UsernamePasswordAuthenticationToken.authenticated(xena, null, Principals.authorities(false));
        assertThat(authenticator.authenticate(new Credentials(null, null, session, "http://localhost:8080", "localhost:8080")))
                .contains(new Identity(xena, null));
        assertThat(authenticator.authenticate(new Credentials(null, null, session, null, "localhost:8080")))
                .as("programs send no Origin").isPresent();
        assertThat(authenticator.authenticate(new Credentials(null, null, session, "https://evil.example", "localhost:8080")))
                .isEmpty();
        assertThat(authenticator.authenticate(new Credentials(null, null, null, null, "localhost:8080"))).isEmpty();
        users.update(xena, false, null, null);
        assertThat(authenticator.authenticate(new Credentials(null, null, session, "http://localhost:8080", "localhost:8080")))
                .isEmpty();
    }
}
