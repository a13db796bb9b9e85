package dev.tandem.security;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Username and password sign-in (the login form and HTTP Basic), with throttling per account:
 * after {@link SecurityProperties#lockAfterFailures()} failures in a row the account is locked for
 * a time that doubles with each further failure. While locked, even the right password is refused.
 * <p>
 * Every failure, whether the name is unknown, the password wrong or the account locked, raises the
 * same {@link BadCredentialsException} after one bcrypt comparison, so neither the answer nor its
 * timing tells whether a username exists.
 */
@Component
class PasswordAuthenticationProvider implements AuthenticationProvider {

    static final String FAILED = "Wrong username or password, or too many failed attempts: wait a little and try again";

    private record Account(long id, String username, String passwordHash, boolean admin, boolean enabled,
            int failedLogins, OffsetDateTime lockedUntil) {
    }

    private final JdbcClient jdbc;
    private final PasswordEncoder passwordEncoder;
    private final SecurityProperties properties;
    /**
     * Compared against when the account is unknown, so that the answer takes as long as for a known one.
     * Hashed at the first sign-in rather than at start: bcrypt is slow on purpose, and the server's
     * start should not wait for it. The first attempt pays for it whether the account exists or not.
     */
    private volatile String decoyHash;

    PasswordAuthenticationProvider(JdbcClient jdbc, PasswordEncoder passwordEncoder, SecurityProperties properties) {
        this.jdbc = jdbc;
        this.passwordEncoder = passwordEncoder;
        this.properties = properties;
    }

    private String decoyHash() {
        String hash = decoyHash;
        if (hash == null) {
            hash = passwordEncoder.encode(UUID.randomUUID().toString());
            decoyHash = hash;
        }
        return hash;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String decoy = decoyHash();
        String username = authentication.getName();
        String password = authentication.getCredentials() == null ? "" : authentication.getCredentials().toString();
        Account account = jdbc.sql("select id, username, password_hash as passwordHash, admin, enabled, failed_logins as failedLogins,"
                        + " locked_until as lockedUntil"
                        + " from users where username = ?")
                .param(username)
                .query(Account.class)
                .optional()
                .orElse(null);
        if (account == null) {
            passwordEncoder.matches(password, decoy);
            throw new BadCredentialsException(FAILED);
        }
        boolean matches = passwordEncoder.matches(password, account.passwordHash());
        Instant now = Instant.now();
        if (account.lockedUntil() != null && account.lockedUntil().toInstant().isAfter(now)) {
            throw new BadCredentialsException(FAILED);
        }
        if (!matches) {
            recordFailure(account, now);
            throw new BadCredentialsException(FAILED);
        }
        if (account.failedLogins() > 0 || account.lockedUntil() != null) {
            jdbc.sql("update users set failed_logins = 0, locked_until = null where id = ?").param(account.id()).update();
        }
        if (!account.enabled()) {
            // Only someone who knows the password learns that the account is disabled.
            throw new DisabledException("This account is disabled");
        }
        return UsernamePasswordAuthenticationToken.authenticated(
                Principals.user(account.username(), account.admin()), null, Principals.authorities(account.admin()));
    }

    private void recordFailure(Account account, Instant now) {
        int failures = account.failedLogins() + 1;
        var lock = properties.lockAfter(failures);
        OffsetDateTime lockedUntil = lock.isZero() ? null : OffsetDateTime.ofInstant(now.plus(lock), ZoneOffset.UTC);
        jdbc.sql("update users set failed_logins = failed_logins + 1, locked_until = ? where id = ?")
                .params(lockedUntil, account.id())
                .update();
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
