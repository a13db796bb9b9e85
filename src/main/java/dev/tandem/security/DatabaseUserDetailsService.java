package dev.tandem.security;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/** Spring Security's view of the {@code users} table. */
@Component
class DatabaseUserDetailsService implements UserDetailsService {

    private final JdbcClient jdbc;

    DatabaseUserDetailsService(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        return jdbc.sql("select username, password_hash, admin, enabled from users where username = ?")
                .param(username)
                .query((rs, row) -> org.springframework.security.core.userdetails.User
                        .withUsername(rs.getString("username"))
                        .password(rs.getString("password_hash"))
                        .disabled(!rs.getBoolean("enabled"))
                        .roles(rs.getBoolean("admin") ? new String[] {"USER", "ADMIN"} : new String[] {"USER"})
                        .build())
                .optional()
                .orElseThrow(() -> new UsernameNotFoundException("unknown user"));
    }
}
