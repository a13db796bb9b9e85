package dev.tandem.collab;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
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
     * (and percent signs, for file names that contain one) must pass the firewall; every path is
     * still normalised and confined by the workspace service before use.
     */
    @Bean
    HttpFirewall httpFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowUrlEncodedSlash(true);
        firewall.setAllowUrlEncodedPercent(true);
        return firewall;
    }
}
