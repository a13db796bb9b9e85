package dev.tandem.security;

import dev.tandem.config.TandemException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Accounts: the one entry to users for every other room. */
@Service
public class UserService {

    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,63}");
    static final int MIN_PASSWORD_LENGTH = 8;

    private final JdbcClient jdbc;
    private final PasswordEncoder passwordEncoder;

    public UserService(JdbcClient jdbc, PasswordEncoder passwordEncoder) {
        this.jdbc = jdbc;
        this.passwordEncoder = passwordEncoder;
    }

    public Optional<User> find(String username) {
        return jdbc.sql("select id, username, admin, enabled from users where username = ?")
                .param(username)
                .query(User.class)
                .optional();
    }

    /** The user, or a 404 naming it: for callers that were given a username by a person. */
    public User require(String username) {
        return find(username).orElseThrow(() -> TandemException.notFound("No user named '" + username + "'"));
    }

    public List<User> list() {
        return jdbc.sql("select id, username, admin, enabled from users order by username").query(User.class).list();
    }

    public long count() {
        return jdbc.sql("select count(*) from users").query(Long.class).single();
    }

    @Transactional
    public User create(String username, String password, boolean admin) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw TandemException.badRequest(
                    "A username is 2-64 characters: lower-case letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        checkPassword(password);
        if (find(username).isPresent()) {
            throw TandemException.conflict("A user named '" + username + "' already exists");
        }
        jdbc.sql("insert into users (username, password_hash, admin) values (?, ?, ?)")
                .params(username, passwordEncoder.encode(password), admin)
                .update();
        return require(username);
    }

    /**
     * An administrator's changes to an account; {@code null} fields stay as they are. Refuses (409)
     * to disable or demote the last enabled administrator, so the server is never left without one.
     */
    @Transactional
    public User update(String username, Boolean enabled, Boolean admin, String newPassword) {
        User user = require(username);
        boolean losesAdmin = user.admin() && user.enabled()
                && (Boolean.FALSE.equals(enabled) || Boolean.FALSE.equals(admin));
        if (losesAdmin && countEnabledAdmins() <= 1) {
            throw TandemException.conflict("'" + username + "' is the last enabled administrator");
        }
        if (newPassword != null) {
            checkPassword(newPassword);
            setPasswordHash(user.id(), passwordEncoder.encode(newPassword));
        }
        if (enabled != null) {
            jdbc.sql("update users set enabled = ? where id = ?").params(enabled, user.id()).update();
        }
        if (admin != null) {
            jdbc.sql("update users set admin = ? where id = ?").params(admin, user.id()).update();
        }
        return require(username);
    }

    /** A user changes their own password, proving they know the current one (400 otherwise). */
    @Transactional
    public void changeOwnPassword(String username, String currentPassword, String newPassword) {
        User user = require(username);
        String hash = jdbc.sql("select password_hash from users where id = ?").param(user.id()).query(String.class).single();
        if (currentPassword == null || !passwordEncoder.matches(currentPassword, hash)) {
            throw TandemException.badRequest("The current password is not right");
        }
        checkPassword(newPassword);
        setPasswordHash(user.id(), passwordEncoder.encode(newPassword));
    }

    private void setPasswordHash(long userId, String hash) {
        // A new password also lifts a lock: the administrator's reset is how a locked-out user gets back in.
        jdbc.sql("update users set password_hash = ?, failed_logins = 0, locked_until = null where id = ?")
                .params(hash, userId)
                .update();
    }

    private long countEnabledAdmins() {
        return jdbc.sql("select count(*) from users where admin and enabled").query(Long.class).single();
    }

    static void checkPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH || password.length() > 200) {
            throw TandemException.badRequest("A password is " + MIN_PASSWORD_LENGTH + " to 200 characters long");
        }
    }
}
