package dev.tandem.collab;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * Where the document server also takes collaboration sockets straight from clients
 * ({@code tandem.collab.direct-listen}, {@code host:port}): for deployments whose reverse proxy
 * routes {@code /collab/} to it, so that an edit does not pass through the IDE server on its
 * way. Only sockets are served there; the calls between the two servers stay on the loopback
 * port that only the IDE server knows.
 */
record DirectListen(String host, int port) {

    static final String PROPERTY = "tandem.collab.direct-listen";

    /** The setting's value, empty when unset or blank; a value that is not {@code host:port} is refused. */
    static Optional<DirectListen> parse(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI("tcp://" + value.strip());
        } catch (URISyntaxException e) {
            throw invalid(value);
        }
        if (uri.getHost() == null || uri.getPort() < 1 || uri.getPort() > 65535 || !uri.getRawPath().isEmpty()
                || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw invalid(value);
        }
        // An IPv6 address comes in brackets, which a listener's host must not have.
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        return Optional.of(new DirectListen(host, uri.getPort()));
    }

    private static IllegalArgumentException invalid(String value) {
        return new IllegalArgumentException(PROPERTY + " must be host:port (e.g. 127.0.0.1:8081), not \"" + value + "\"");
    }

    /** As the document server's command line carries it. */
    String option() {
        return "-D" + PROPERTY + "=" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
