package dev.tandem.collab;

import dev.tandem.config.TandemException;
import dev.tandem.security.WebSocketAuthenticator;
import dev.tandem.workspace.Role;
import dev.tandem.workspace.WorkspaceFiles;
import dev.tandem.workspace.WorkspaceService;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The IDE server's answers to the document server, which receives the collaboration sockets but
 * knows nothing of users: may this upgrade request open a socket of {@code /collab/{workspaceId}/{filePath}}
 * (who is calling, by session, ticket or token; that they are a member; that the file exists and is
 * small enough), and what is a user's role now. Refusals answer 400/401/403/404/413, which the
 * document server passes on to the client. Only the document server, which knows the secret, is answered.
 * {@code /collab/{workspaceId}} alone is the workspace's presence room.
 */
@RestController
class CollabAdmission {

    private final DocumentServerProcess documents;
    private final WebSocketAuthenticator authenticator;
    private final WorkspaceService workspaces;
    private final WorkspaceFiles files;
    private final CollabProperties properties;

    CollabAdmission(DocumentServerProcess documents, WebSocketAuthenticator authenticator, WorkspaceService workspaces,
                    WorkspaceFiles files, CollabProperties properties) {
        this.documents = documents;
        this.authenticator = authenticator;
        this.workspaces = workspaces;
        this.files = files;
        this.properties = properties;
    }

    /**
     * Answers {@code username\nrole\nworkspaceId\npath\nfile\n} for an admitted request ({@code file}
     * empty for the presence room), else only a status.
     *
     * @param uri the upgrade request's path and query, as the client sent them
     */
    @GetMapping(value = InternalCalls.ADMIT, produces = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<String> admit(@RequestParam String uri, HttpServletRequest request) {
        if (!documents.isOwnSecret(request.getHeader(InternalCalls.SECRET_HEADER))) {
            return ResponseEntity.status(403).build();
        }
        int query = uri.indexOf('?');
        Optional<RoomKey> key = parse(query < 0 ? uri : uri.substring(0, query));
        if (key.isEmpty()) {
            return ResponseEntity.badRequest().build();
        }
        long workspaceId = key.get().workspaceId();
        Optional<WebSocketAuthenticator.Identity> identity = authenticator.authenticateForwarded(request,
                query < 0 ? null : parameter(uri.substring(query + 1), "ticket"), request.getHeader(InternalCalls.HOST_HEADER));
        if (identity.isEmpty()) {
            return ResponseEntity.status(401).build();
        }
        if (!identity.get().mayOpen(workspaceId)) {
            return ResponseEntity.status(403).build();
        }
        String username = identity.get().username();
        try {
            Role role = workspaces.roleOf(username, workspaceId);
            Path file = null;
            if (!key.get().presence()) {
                file = files.resolve(username, workspaceId, key.get().path());
                if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    return ResponseEntity.status(404).build();
                }
                if (Files.size(file) > properties.maxDocumentSize().toBytes()) {
                    return ResponseEntity.status(413).build();
                }
            }
            return ResponseEntity.ok(String.join("\n", username, role.name(), Long.toString(workspaceId),
                    key.get().path(), file == null ? "" : file.toString(), ""));
        } catch (TandemException e) {
            return ResponseEntity.status(e.status()).build();
        } catch (IOException e) {
            return ResponseEntity.status(404).build();
        }
    }

    /** The role of {@code username} in {@code workspace} now, or 404 when they are no longer a member. */
    @GetMapping(value = InternalCalls.ROLE, produces = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<String> role(@RequestParam String username, @RequestParam long workspace, HttpServletRequest request) {
        if (!documents.isOwnSecret(request.getHeader(InternalCalls.SECRET_HEADER))) {
            return ResponseEntity.status(403).build();
        }
        try {
            return ResponseEntity.ok(workspaces.roleOf(username, workspace).name());
        } catch (TandemException e) {
            return ResponseEntity.status(e.status()).build();
        }
    }

    /**
     * Where the file {@code path} of {@code workspace} is, for the document server's own work on no
     * user's behalf (writing out a file's last edits after a crash), or 404 when it is gone.
     */
    @GetMapping(value = InternalCalls.FILE, produces = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<String> file(@RequestParam long workspace, @RequestParam String path, HttpServletRequest request) {
        if (!documents.isOwnSecret(request.getHeader(InternalCalls.SECRET_HEADER))) {
            return ResponseEntity.status(403).build();
        }
        return files.locateExisting(workspace, path).map(file -> ResponseEntity.ok(file.toString()))
                .orElseGet(() -> ResponseEntity.notFound().build());
    }

    private static String parameter(String query, String name) {
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /**
     * {@code /collab/12/src%2Fmain%2FApp.java} → workspace 12, {@code src/main/App.java}. The path is
     * one percent-encoded segment (further raw segments are accepted too); it is normalised and
     * confined by the workspace service later.
     */
    static Optional<RoomKey> parse(String uri) {
        String prefix = "/collab/";
        if (!uri.startsWith(prefix)) {
            return Optional.empty();
        }
        String rest = uri.substring(prefix.length());
        int slash = rest.indexOf('/');
        String id = slash < 0 ? rest : rest.substring(0, slash);
        String encodedPath = slash < 0 ? "" : rest.substring(slash + 1);
        long workspaceId;
        try {
            workspaceId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        Optional<String> path = percentDecode(encodedPath);
        if (path.isEmpty() || workspaceId <= 0) {
            return Optional.empty();
        }
        return Optional.of(RoomKey.of(workspaceId, path.get()));
    }

    /** Percent-decoding of a URI path ({@code +} stays a plus); empty for broken escapes or bad UTF-8. */
    static Optional<String> percentDecode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    return Optional.empty();
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return Optional.empty();
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else if (c < 0x80) {
                out.write(c);
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(out.toByteArray())).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
