package dev.tandem.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.vaadin.flow.spring.security.VaadinAwareSecurityContextHolderStrategyConfiguration;
import com.vaadin.flow.spring.security.VaadinSecurityConfigurer;
import dev.tandem.ui.LoginView;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Three filter chains, tried in order:
 * <ol>
 * <li>{@code POST /api/v1/tokens}: session, bearer token, or HTTP Basic (so {@code tandem login}
 * can trade a password for a token);</li>
 * <li>the rest of {@code /api/**}: session or bearer token, JSON errors, never a redirect;</li>
 * <li>everything else: the Vaadin UI behind its login view, plus the public health check and the
 * websocket endpoints, which authenticate their upgrade requests themselves
 * ({@link WebSocketAuthenticator}).</li>
 * </ol>
 * CSRF protection applies to unsafe API requests that ride on a session cookie; a request that
 * carries an {@code Authorization} header is exempt, since a browser never adds one cross-site on
 * its own. A browser client reads its session's token from {@code GET /api/v1/csrf} and sends it
 * back in the header that answer names.
 * <p>
 * The UI chain refuses a browser's background request that still names the session a sign-in has
 * just replaced ({@link StaleSessionFilter}): answered, it would start a new anonymous session and
 * its cookie would sign the browser out again.
 */
@Configuration
@EnableWebSecurity
@Import(VaadinAwareSecurityContextHolderStrategyConfiguration.class)
class SecurityConfig {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }

    @Bean
    @Order(1)
    SecurityFilterChain tokenMintingFilterChain(HttpSecurity http, TokenService tokens, UserService users,
            ObjectMapper json) throws Exception {
        var errors = new JsonSecurityErrors(json);
        http.securityMatcher(path().matcher(HttpMethod.POST, "/api/v1/tokens"))
                .httpBasic(basic -> basic.realmName("Tandem").authenticationEntryPoint(
                        errors.entryPoint("Basic realm=\"Tandem\", charset=\"UTF-8\"")));
        apiCommon(http, errors, new ApiAuthenticationFilter(tokens, users, errors, true),
                "Basic realm=\"Tandem\", charset=\"UTF-8\"");
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain apiFilterChain(HttpSecurity http, TokenService tokens, UserService users, ObjectMapper json)
            throws Exception {
        var errors = new JsonSecurityErrors(json);
        http.securityMatcher("/api/**")
                .authorizeHttpRequests(auth -> auth
                        // The completion of a streamed response (a followed build log) is an ASYNC
                        // dispatch of a request that was authorised when it arrived.
                        .dispatcherTypeMatchers(DispatcherType.ASYNC).permitAll()
                        .requestMatchers(path().matcher("/api/v1/users"), path().matcher("/api/v1/users/**")).hasRole("ADMIN"));
        apiCommon(http, errors, new ApiAuthenticationFilter(tokens, users, errors, false), "Bearer");
        return http.build();
    }

    private static void apiCommon(HttpSecurity http, JsonSecurityErrors errors, ApiAuthenticationFilter filter,
            String challenge) throws Exception {
        http.authorizeHttpRequests(auth -> auth.anyRequest().authenticated())
                .addFilterBefore(filter, BasicAuthenticationFilter.class)
                .csrf(csrf -> csrf.requireCsrfProtectionMatcher(SecurityConfig::ridesOnSessionCookie))
                .exceptionHandling(ex -> ex.authenticationEntryPoint(errors.entryPoint(challenge))
                        .accessDeniedHandler(errors.accessDeniedHandler()))
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable());
    }

    private static PathPatternRequestMatcher.Builder path() {
        return PathPatternRequestMatcher.withDefaults();
    }

    /** An unsafe request whose only credential can be the session cookie: the kind CSRF forges. */
    private static boolean ridesOnSessionCookie(HttpServletRequest request) {
        return !SAFE_METHODS.contains(request.getMethod())
                && request.getHeader(HttpHeaders.AUTHORIZATION) == null
                && request.getRequestedSessionId() != null;
    }

    @Bean
    @Order(3)
    SecurityFilterChain uiFilterChain(HttpSecurity http, UserService users) throws Exception {
        http.authorizeHttpRequests(auth -> auth
                        // The container's error page for a request that already failed: an API
                        // client must get its status, not a redirect to the login page.
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers(path().matcher("/actuator/health"), path().matcher("/actuator/health/**")).permitAll()
                        // Websocket upgrades: the endpoint checks session, ticket or token itself.
                        // (/collab/** never gets here: CollabProxy passes it to the document server.)
                        .requestMatchers(path().matcher("/terminal/**"), path().matcher("/lang/**")).permitAll()
                        // The document server's questions: answered only with the secret it was given.
                        .requestMatchers(path().matcher("/internal/collab/**")).permitAll())
                .sessionManagement(session -> session.sessionFixation(fixation -> fixation.changeSessionId()))
                // Vaadin's configurer first: configurers initialise in the order they are added,
                // and the form login must learn its login page before it initialises, or Spring
                // Security generates its own page in place of LoginView.
                .with(VaadinSecurityConfigurer.vaadin(), vaadin -> vaadin
                        .loginView(LoginView.class)
                        .anyRequest(AuthorizeHttpRequestsConfigurer.AuthorizedUrl::authenticated))
                .formLogin(form -> form.failureHandler(new LoginFailureHandler()))
                .addFilterBefore(new StaleSessionFilter(), SecurityContextHolderFilter.class)
                .addFilterAfter(new AccountStateFilter(users), BasicAuthenticationFilter.class);
        return http.build();
    }
}
