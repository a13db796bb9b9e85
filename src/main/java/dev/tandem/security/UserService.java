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

    static void checkPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH || password.length() > 200) {
            throw TandemException.badRequest("A password is " + MIN_PASSWORD_LENGTH + " to 200 characters long");
        }
    }
}
