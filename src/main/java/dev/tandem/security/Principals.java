package dev.tandem.security;

import java.util.List;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/** How a signed-in account looks to Spring Security, whichever way it signed in. */
final class Principals {

    private Principals() {
    }

    static List<GrantedAuthority> authorities(boolean admin) {
        return admin
                ? List.of(new SimpleGrantedAuthority("ROLE_USER"), new SimpleGrantedAuthority("ROLE_ADMIN"))
                : List.of(new SimpleGrantedAuthority("ROLE_USER"));
    }

    /** A principal without a password: the hash stays in the database. */
    static UserDetails user(String username, boolean admin) {
        return org.springframework.security.core.userdetails.User.withUsername(username)
                .password("")
                .authorities(authorities(admin))
                .build();
    }
}
