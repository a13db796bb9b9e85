package dev.tandem.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps UI sessions in step with the account: a session of an account disabled (or removed) after
 * it signed in is ended, and a changed administrator flag replaces the session's roles, so an
 * administrator's decision takes effect at the user's next request rather than at session expiry.
 */
final class AccountStateFilter extends OncePerRequestFilter {

    private final UserService users;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    AccountStateFilter(UserService users) {
        this.users = users;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var context = contexts.getContext();
        Authentication current = context.getAuthentication();
        if (current != null && !(current instanceof AnonymousAuthenticationToken) && current.isAuthenticated()) {
            Optional<User> user = users.find(current.getName()).filter(User::enabled);
            if (user.isEmpty()) {
                HttpSession session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
                contexts.clearContext();
            } else if (!roles(current).equals(roles(Principals.authorities(user.get().admin())))) {
                // The context object is the one kept in the session, so the new roles stay.
                context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                        Principals.user(user.get().username(), user.get().admin()), null,
                        Principals.authorities(user.get().admin())));
            }
        }
        chain.doFilter(request, response);
    }

    private static Set<String> roles(Authentication authentication) {
        return roles(authentication.getAuthorities());
    }

    private static Set<String> roles(java.util.Collection<? extends GrantedAuthority> authorities) {
        return authorities.stream().map(GrantedAuthority::getAuthority).collect(Collectors.toSet());
    }
}
