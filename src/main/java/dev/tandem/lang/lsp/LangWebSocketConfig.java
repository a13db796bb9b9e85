package dev.tandem.lang.lsp;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/** Mounts the language server at {@code /lang/{workspaceId}}. */
@Configuration
@EnableWebSocket
class LangWebSocketConfig implements WebSocketConfigurer {

    private final LangWebSocketHandler handler;
    private final LangHandshake handshake;

    LangWebSocketConfig(LangWebSocketHandler handler, LangHandshake handshake) {
        this.handler = handler;
        this.handshake = handshake;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        // Any origin: tickets and tokens are not sent by browsers on their own, and the authenticator
        // accepts a session cookie only from a page of this server.
        registry.addHandler(handler, "/lang/*").addInterceptors(handshake).setAllowedOriginPatterns("*");
    }
}
