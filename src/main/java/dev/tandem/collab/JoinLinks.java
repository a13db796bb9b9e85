package dev.tandem.collab;

import dev.tandem.config.TandemException;
import dev.tandem.security.UserService;
import dev.tandem.workspace.Role;
import dev.tandem.workspace.WorkspaceService;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Join links for sharing a workspace: an owner creates a link with a role and an expiry; anyone
 * signed in who opens it before it expires (and while it is not revoked) becomes a member with that
 * role (an existing member keeps a higher role). Only a hash of the link's secret is stored.
 */
@Service
public class JoinLinks {

    /** Prefix of link secrets, so they are recognisable. */
    public static final String PREFIX = "tdj_";
    private static final Duration MAX_LIFETIME = Duration.ofDays(30);

    /** A link as listed to owners; the secret itself is shown only when created. */
    public record Link(long id, Role role, Instant createdAt, Instant expiresAt, boolean revoked) {
        public boolean usable(Instant now) {
            return !revoked && expiresAt.isAfter(now);
        }
    }

    /** A new link: its id and its secret (to put in the URL {@code /join/<secret>}). */
    public record Created(long id, String secret) {
    }

    private final JdbcClient jdbc;
    private final WorkspaceService workspaces;
    private final UserService users;
    private final SecureRandom random = new SecureRandom();

    public JoinLinks(JdbcClient jdbc, WorkspaceService workspaces, UserService users) {
        this.jdbc = jdbc;
        this.workspaces = workspaces;
        this.users = users;
    }

    /** Creates a link to join {@code workspaceId} as {@code role} for {@code lifetime}; owners only. */
    @Transactional
    public Created create(String owner, long workspaceId, Role role, Duration lifetime) {
        requireOwner(owner, workspaceId);
        if (role == Role.OWNER) {
            throw TandemException.badRequest("A join link cannot make owners; invite by name instead");
        }
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_LIFETIME) > 0) {
            throw TandemException.badRequest("A join link lives between a minute and 30 days");
        }
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.sql("insert into join_links (workspace_id, token_hash, role, created_by, created_at, expires_at) values (?, ?, ?, ?, ?, ?)")
                .params(workspaceId, hash(secret), role.id(), users.require(owner).id(), now, now.plus(lifetime))
                .update();
        long id = jdbc.sql("select id from join_links where token_hash = ?").param(hash(secret)).query(Long.class).single();
        return new Created(id, secret);
    }

    /** The workspace's links, newest first; owners only. */
    public List<Link> list(String owner, long workspaceId) {
        requireOwner(owner, workspaceId);
        return jdbc.sql("select id, role, created_at, expires_at, revoked_at from join_links where workspace_id = ? order by id desc")
                .param(workspaceId)
                .query((rs, row) -> new Link(rs.getLong("id"), Role.parse(rs.getString("role")),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                        rs.getObject("expires_at", OffsetDateTime.class).toInstant(),
                        rs.getObject("revoked_at", OffsetDateTime.class) != null))
                .list();
    }

    /** Revokes a link; owners only. */
    public void revoke(String owner, long workspaceId, long linkId) {
        requireOwner(owner, workspaceId);
        int changed = jdbc.sql("update join_links set revoked_at = ? where id = ? and workspace_id = ? and revoked_at is null")
                .params(OffsetDateTime.now(ZoneOffset.UTC), linkId, workspaceId)
                .update();
        if (changed == 0) {
            throw TandemException.notFound("No such active link");
        }
    }

    /**
     * Joins {@code username} through a link; answers the workspace id.
     *
     * @throws TandemException 404 for an unknown, expired or revoked link (all look the same)
     */
    @Transactional
    public long join(String username, String secret) {
        if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 100) {
            throw TandemException.notFound("This join link is not valid (it may have expired or been revoked)");
        }
        record Row(long workspaceId, String role, String creator, OffsetDateTime expiresAt, OffsetDateTime revokedAt) {
        }
        Row row = jdbc.sql("select l.workspace_id, l.role, u.username as creator, l.expires_at, l.revoked_at"
                        + " from join_links l join users u on u.id = l.created_by where l.token_hash = ?")
                .param(hash(secret))
                .query((rs, n) -> new Row(rs.getLong("workspace_id"), rs.getString("role"), rs.getString("creator"),
                        rs.getObject("expires_at", OffsetDateTime.class), rs.getObject("revoked_at", OffsetDateTime.class)))
                .optional()
                .filter(r -> r.revokedAt() == null && r.expiresAt().isAfter(OffsetDateTime.now(ZoneOffset.UTC)))
                .orElseThrow(() -> TandemException.notFound("This join link is not valid (it may have expired or been revoked)"));
        Role offered = Role.parse(row.role());
        Role current = currentRole(username, row.workspaceId());
        if (current == null || current.ordinal() > offered.ordinal()) {
            // Acts as the link's creator, so a creator who is no longer an owner cannot add anyone.
            workspaces.setMember(row.creator(), row.workspaceId(), username, offered);
        }
        return row.workspaceId();
    }

    private Role currentRole(String username, long workspaceId) {
        try {
            return workspaces.roleOf(username, workspaceId);
        } catch (TandemException e) {
            return null;
        }
    }

    private void requireOwner(String username, long workspaceId) {
        if (workspaces.roleOf(username, workspaceId) != Role.OWNER) {
            throw TandemException.forbidden("Only owners can share this workspace");
        }
    }

    private static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
