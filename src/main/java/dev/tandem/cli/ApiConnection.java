package dev.tandem.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Calls to one Tandem server with one credential. A non-2xx answer becomes a {@link CliException}
 * carrying the server's own {@code message}.
 */
final class ApiConnection {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final String server;
    private final String authorization;

    ApiConnection(String server, String authorization) {
        this.server = server;
        this.authorization = authorization;
    }

    /** A server URL as typed: http(s), no trailing slash. */
    static String normalizeServer(String url) {
        String trimmed = url == null ? "" : url.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        URI uri;
        try {
            uri = URI.create(trimmed);
        } catch (IllegalArgumentException e) {
            throw new CliException("Not a server URL: " + url, CliException.USAGE);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new CliException("The server URL must start with http:// or https://, e.g. http://localhost:8080",
                    CliException.USAGE);
        }
        return trimmed;
    }

    /** Each segment of a workspace-relative path URL-encoded; the slashes between them kept. */
    static String encodePath(String path) {
        return Arrays.stream(path.split("/", -1))
                .map(segment -> URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("/"));
    }

    JsonNode json(String method, String path, Object body) {
        HttpRequest.BodyPublisher publisher;
        try {
            publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        HttpRequest.Builder request = request(path).method(method, publisher).timeout(Duration.ofSeconds(60));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<byte[]> response = send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        check(response.statusCode(), response.body());
        try {
            return response.body().length == 0 ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new CliException("The server at " + server + " answered something that is not JSON; is it a Tandem server?");
        }
    }

    /** Streams a response body (a file) to the caller; the stream must be closed. */
    InputStream download(String path) {
        HttpResponse<InputStream> response = send(request(path).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() / 100 != 2) {
            try (InputStream body = response.body()) {
                check(response.statusCode(), body.readNBytes(64 * 1024));
            } catch (IOException e) {
                throw new CliException("Reading the answer from " + server + " failed: " + e.getMessage());
            }
        }
        return response.body();
    }

    JsonNode upload(String path, HttpRequest.BodyPublisher body) {
        HttpRequest request = request(path).PUT(body).header("Content-Type", "application/octet-stream").build();
        HttpResponse<byte[]> response = send(request, HttpResponse.BodyHandlers.ofByteArray());
        check(response.statusCode(), response.body());
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new CliException("The server at " + server + " answered something that is not JSON; is it a Tandem server?");
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(server + path)).header("Accept", "application/json");
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder;
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (ConnectException e) {
            throw new CliException("Cannot connect to " + server + ": is the server running?");
        } catch (HttpTimeoutException e) {
            throw new CliException("The server at " + server + " did not answer in time");
        } catch (IOException e) {
            throw new CliException("Talking to " + server + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("Interrupted");
        }
    }

    private void check(int status, byte[] body) {
        if (status / 100 == 2) {
            return;
        }
        String message = null;
        try {
            JsonNode error = JSON.readTree(body);
            if (error != null && error.hasNonNull("message")) {
                message = error.get("message").asText();
            }
        } catch (IOException e) {
            // Not our JSON error shape (a proxy's page, say): report the status alone.
        }
        if (status == 401 && message == null) {
            message = "Not signed in";
        }
        boolean tokenRefused = status == 401 && authorization != null && authorization.startsWith("Bearer");
        String hint = tokenRefused ? "; run 'tandem login' (or set TANDEM_TOKEN)" : "";
        throw new CliException((message == null ? "The server answered HTTP " + status : message) + hint
                + " [HTTP " + status + "]");
    }
}
