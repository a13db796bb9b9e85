package dev.tandem.collab;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/** Mounts the live-document websocket at {@code /collab/**}. */
@Configuration
@EnableWebSocket
class CollabWebSocketConfig implements WebSocketConfigurer {

    private final CollabWebSocketHandler handler;
    private final CollabHandshake handshake;

    CollabWebSocketConfig(CollabWebSocketHandler handler, CollabHandshake handshake) {
        this.handler = handler;
        this.handshake = handshake;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        // Any origin: tickets and tokens are not sent by browsers on their own, and the authenticator
        // accepts a session cookie only from a page of this server.
        registry.addHandler(handler, "/collab/**").addInterceptors(handshake).setAllowedOriginPatterns("*");
    }

    /**
     * The contract puts a file path in one URL segment ({@code src%2FApp.java}), so encoded slashes
     * (and percent signs, for file names that contain one) must pass the firewall, but only under
     * {@code /collab/}: every other URL keeps the strict defaults. Dot segments and encoded dots stay
     * refused everywhere, and the path is normalised and confined by the workspace service anyway.
     */
    @Bean
    HttpFirewall httpFirewall() {
        StrictHttpFirewall strict = new StrictHttpFirewall();
        StrictHttpFirewall collab = new StrictHttpFirewall();
        collab.setAllowUrlEncodedSlash(true);
        collab.setAllowUrlEncodedPercent(true);
        return new HttpFirewall() {
            @Override
            public FirewalledRequest getFirewalledRequest(HttpServletRequest request) {
                String uri = request.getRequestURI();
                boolean live = uri != null && uri.startsWith(request.getContextPath() + "/collab/");
                return (live ? collab : strict).getFirewalledRequest(request);
            }

            @Override
            public HttpServletResponse getFirewalledResponse(HttpServletResponse response) {
                return strict.getFirewalledResponse(response);
            }
        };
    }
}
