package dev.tandem.security;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Websocket tickets: browsers cannot set headers on a websocket upgrade, so a page that wants a
 * socket first asks the API for a ticket and passes it as {@code ?ticket=}. A ticket names one user
 * and one workspace, lives {@link SecurityProperties#ticketLifetime()} (30 s by default) and works
 * once. Tickets are kept (hashed) in the database, so any node behind a load balancer can redeem them.
 * <p>
 * This service does not check workspace membership: the caller (the API) does, before issuing.
 */
@Service
public class TicketService {

    /** Distinguishes tickets from access tokens at a glance. */
    public static final String PREFIX = "tdt_";
    private static final int MAX_TICKET_LENGTH = 200;

    /** What a redeemed ticket grants: this user, on this workspace. */
    public record Grant(String username, long workspaceId) {
    }

    private record Ticket(long id, String username, boolean enabled, long workspaceId, OffsetDateTime expiresAt) {
    }

    private final JdbcClient jdbc;
    private final UserService users;
    private final SecurityProperties properties;
    private final Secrets secrets = new Secrets();

    public TicketService(JdbcClient jdbc, UserService users, SecurityProperties properties) {
        this.jdbc = jdbc;
        this.users = users;
        this.properties = properties;
    }

    /** A new ticket for {@code username} on {@code workspaceId}; the secret is returned, only its hash kept. */
    @Transactional
    public String issue(String username, long workspaceId) {
        User user = users.require(username);
        OffsetDateTime now = now();
        // Expired tickets are swept here, so the table stays as small as the traffic of the last seconds.
        jdbc.sql("delete from ws_tickets where expires_at <= ?").param(now).update();
        String ticket = secrets.generate(PREFIX);
        jdbc.sql("insert into ws_tickets (ticket_hash, user_id, workspace_id, expires_at) values (?, ?, ?, ?)")
                .params(Secrets.hash(ticket), user.id(), workspaceId, now.plus(properties.ticketLifetime()))
                .update();
        return ticket;
    }

    /**
     * Uses up a ticket: the grant if it exists, has not expired and its user is still enabled.
     * A ticket is deleted by the first attempt to use it, whatever the outcome, so a second use
     * (even a concurrent one) finds nothing.
     */
    @Transactional
    public Optional<Grant> redeem(String ticket) {
        if (ticket == null || !ticket.startsWith(PREFIX) || ticket.length() > MAX_TICKET_LENGTH) {
            return Optional.empty();
        }
        Optional<Ticket> found = jdbc.sql("select t.id, u.username, u.enabled, t.workspace_id as workspaceId, t.expires_at as expiresAt"
                        + " from ws_tickets t join users u on u.id = t.user_id where t.ticket_hash = ?")
                .param(Secrets.hash(ticket))
                .query(Ticket.class)
                .optional();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Ticket t = found.get();
        boolean deletedByUs = jdbc.sql("delete from ws_tickets where id = ?").param(t.id()).update() == 1;
        if (!deletedByUs || !t.enabled() || !t.expiresAt().isAfter(now())) {
            return Optional.empty();
        }
        return Optional.of(new Grant(t.username(), t.workspaceId()));
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
    }
}
