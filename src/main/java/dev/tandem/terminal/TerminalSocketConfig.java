package dev.tandem.terminal;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/**
 * Registers {@code /terminal/{workspaceId}/{terminalId}}. Spring's websocket support is used rather than
 * a bare {@code jakarta.websocket} endpoint because its upgrade is an ordinary request through the
 * Spring Security filter chain and the dispatcher: the session's authentication and the same
 * request objects the REST API sees are there, and Undertow's websocket container (which Vaadin Push
 * also uses) does the rest.
 */
@Configuration
@EnableWebSocket
class TerminalSocketConfig implements WebSocketConfigurer {

    private final TerminalSocketHandler handler;
    private final TerminalHandshake handshake;

    TerminalSocketConfig(TerminalSocketHandler handler, TerminalHandshake handshake) {
        this.handler = handler;
        this.handshake = handshake;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        // Origins are checked by the authenticator: the session cookie only counts from this server's
        // own pages, while tickets and tokens are not ambient credentials.
        registry.addHandler(handler, "/terminal/*/*").addInterceptors(handshake).setAllowedOriginPatterns("*");
    }
}
