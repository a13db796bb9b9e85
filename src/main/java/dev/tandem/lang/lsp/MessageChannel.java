package dev.tandem.lang.lsp;

/** Where a session's outgoing JSON-RPC messages go: one text frame each. */
@FunctionalInterface
public interface MessageChannel {
    void send(String json);
}
