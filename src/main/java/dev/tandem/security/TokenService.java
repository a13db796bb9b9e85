package dev.tandem.security;

import dev.tandem.config.TandemException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Personal access tokens: secrets a user mints for the CLI and scripts, presented as
 * {@code Authorization: Bearer tdm_...}. Only a SHA-256 of each secret is stored; the secret itself
 * is shown once, when it is created.
 */
@Service
public class TokenService {

    /** Recognisable in logs, configs and secret scanners. */
    public static final String PREFIX = "tdm_";
    static final int MAX_ACTIVE_TOKENS = 100;
    private static final int MAX_NAME_LENGTH = 100;
    private static final int MAX_TOKEN_LENGTH = 200;

    /** A token as created: {@code token} is the secret, available only in this answer. */
    public record CreatedToken(long id, String name, String token) {
    }

    /** A token as listed: never the secret. */
    public record TokenInfo(long id, String name, Instant created, Instant lastUsed) {
    }

    private record TokenOwner(long tokenId, String username, boolean admin, boolean enabled, OffsetDateTime lastUsedAt) {
    }

    private final JdbcClient jdbc;
    private final UserService users;
    private final Secrets secrets = new Secrets();

    public TokenService(JdbcClient jdbc, UserService users) {
        this.jdbc = jdbc;
        this.users = users;
    }

    /** Mints a token for {@code username}; 400 on a blank or overlong name, 409 past 100 active tokens. */
    @Transactional
    public CreatedToken create(String username, String name) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > MAX_NAME_LENGTH) {
            throw TandemException.badRequest("A token needs a name of 1 to " + MAX_NAME_LENGTH + " characters");
        }
        User user = users.require(username);
        long active = jdbc.sql("select count(*) from api_tokens where user_id = ? and revoked_at is null")
                .param(user.id()).query(Long.class).single();
        if (active >= MAX_ACTIVE_TOKENS) {
            throw TandemException.conflict("You have " + MAX_ACTIVE_TOKENS + " active tokens; revoke one first");
        }
        String secret = secrets.generate(PREFIX);
        jdbc.sql("insert into api_tokens (user_id, name, token_hash) values (?, ?, ?)")
                .params(user.id(), trimmed, Secrets.hash(secret))
                .update();
        long id = jdbc.sql("select id from api_tokens where token_hash = ?").param(Secrets.hash(secret))
                .query(Long.class).single();
        return new CreatedToken(id, trimmed, secret);
    }

    /** The active tokens of {@code username}, newest first. */
    public List<TokenInfo> list(String username) {
        return jdbc.sql("select t.id, t.name, t.created_at, t.last_used_at from api_tokens t join users u on u.id = t.user_id"
                        + " where u.username = ? and t.revoked_at is null order by t.created_at desc, t.id desc")
                .param(username)
                .query((rs, row) -> new TokenInfo(rs.getLong("id"), rs.getString("name"),
                        instant(rs.getObject("created_at", OffsetDateTime.class)),
                        instant(rs.getObject("last_used_at", OffsetDateTime.class))))
                .list();
    }

    /** Revokes one of the caller's own tokens; 404 for a token that is not theirs or already revoked. */
    public void revoke(String username, long id) {
        int updated = jdbc.sql("update api_tokens set revoked_at = ? where id = ? and revoked_at is null"
                        + " and user_id = (select id from users where username = ?)")
                .params(now(), id, username)
                .update();
        if (updated == 0) {
            throw TandemException.notFound("No active token with id " + id);
        }
    }

    /**
     * The account a presented secret belongs to, if the token exists, is not revoked and its owner is
     * enabled. Records when the token was last used (to the minute, to spare a write per request).
     */
    public Optional<User> authenticate(String secret) {
        if (secret == null || !secret.startsWith(PREFIX) || secret.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        Optional<TokenOwner> owner = jdbc.sql("select t.id as tokenId, u.username, u.admin, u.enabled, t.last_used_at as lastUsedAt"
                        + " from api_tokens t join users u on u.id = t.user_id"
                        + " where t.token_hash = ? and t.revoked_at is null")
                .param(Secrets.hash(secret))
                .query(TokenOwner.class)
                .optional()
                .filter(TokenOwner::enabled);
        owner.ifPresent(this::touch);
        return owner.flatMap(o -> users.find(o.username()));
    }

    private void touch(TokenOwner owner) {
        OffsetDateTime now = now();
        if (owner.lastUsedAt() == null || owner.lastUsedAt().isBefore(now.minusMinutes(1))) {
            jdbc.sql("update api_tokens set last_used_at = ? where id = ?").params(now, owner.tokenId()).update();
        }
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
