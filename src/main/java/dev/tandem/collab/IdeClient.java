package dev.tandem.collab;

import dev.tandem.config.TandemException;
import dev.tandem.workspace.Role;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The document server's questions to the IDE server, which owns users, sessions, tokens, tickets
 * and memberships: who opens this socket, and what is this user's role now. Plain
 * {@link HttpURLConnection} over loopback: a few classes, no client threads of its own.
 */
final class IdeClient implements Members {

    private static final int TIMEOUT_MILLIS = 10_000;
    private static final int MAX_ANSWER = 64 * 1024;

    /** An admitted upgrade: who, which room, with what role, and the file it resolved to (null for presence). */
    record Admitted(String username, RoomKey key, Role role, Path file) {
    }

    private final String base;
    private final String secret;

    IdeClient(String base, String secret) {
        this.base = base;
        this.secret = secret;
    }

    /**
     * Asks whether the upgrade request to {@code uri} (path and query as the client sent them) may
     * open a socket, forwarding the credentials it carries. Answers the admission, or the HTTP
     * status to refuse it with.
     */
    Admission admit(String uri, Map<String, String> credentials) {
        try {
            HttpURLConnection http = open(InternalCalls.ADMIT + "?uri=" + URLEncoder.encode(uri, StandardCharsets.UTF_8));
            credentials.forEach(http::setRequestProperty);
            int status = http.getResponseCode();
            if (status != 200) {
                return new Admission(null, status);
            }
            String[] lines = body(http).split("\n", -1);
            Path file = lines[4].isEmpty() ? null : Path.of(lines[4]);
            return new Admission(new Admitted(lines[0], new RoomKey(Long.parseLong(lines[2]), lines[3]),
                    Role.valueOf(lines[1]), file), 200);
        } catch (IOException | RuntimeException e) {
            return new Admission(null, 503);
        }
    }

    /** The outcome of {@link #admit}: {@code admitted} when {@code status} is 200. */
    record Admission(Admitted admitted, int status) {
        Optional<Admitted> accepted() {
            return Optional.ofNullable(admitted);
        }
    }

    /**
     * @throws TandemException        404 when the user is no longer a member
     * @throws UncheckedIOException   when the IDE server cannot be asked (the caller keeps the role it had)
     */
    @Override
    public Role roleOf(String username, long workspaceId) {
        try {
            HttpURLConnection http = open(InternalCalls.ROLE + "?workspace=" + workspaceId
                    + "&username=" + URLEncoder.encode(username, StandardCharsets.UTF_8));
            int status = http.getResponseCode();
            if (status == 200) {
                return Role.valueOf(body(http).strip());
            }
            if (status == 404 || status == 403) {
                throw new TandemException(status, "not_member", "No longer a member of this workspace");
            }
            throw new IOException("The IDE server answered " + status);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Where the file of {@code key} is, for work on no user's behalf (writing out a file's last
     * edits after a crash); empty when it is gone.
     *
     * @throws UncheckedIOException when the IDE server cannot be asked
     */
    Optional<Path> file(RoomKey key) {
        try {
            HttpURLConnection http = open(InternalCalls.FILE + "?workspace=" + key.workspaceId()
                    + "&path=" + URLEncoder.encode(key.path(), StandardCharsets.UTF_8));
            int status = http.getResponseCode();
            if (status == 200) {
                return Optional.of(Path.of(body(http)));
            }
            if (status == 404) {
                return Optional.empty();
            }
            throw new IOException("The IDE server answered " + status);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpURLConnection open(String pathAndQuery) throws IOException {
        HttpURLConnection http = (HttpURLConnection) URI.create(base + pathAndQuery).toURL().openConnection();
        http.setConnectTimeout(TIMEOUT_MILLIS);
        http.setReadTimeout(TIMEOUT_MILLIS);
        http.setRequestProperty(InternalCalls.SECRET_HEADER, secret);
        return http;
    }

    private static String body(HttpURLConnection http) throws IOException {
        try (InputStream in = http.getInputStream()) {
            return new String(in.readNBytes(MAX_ANSWER), StandardCharsets.UTF_8);
        }
    }
}
