package dev.tandem.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A plain HTTP client for the REST API, authenticating with HTTP Basic as one user. */
final class ApiClient {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String PASSWORD = "password-123";

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String username;

    ApiClient(int port, String username) {
        this.base = "http://localhost:" + port;
        this.username = username;
    }

    ApiClient as(String other) {
        return new ApiClient(Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)), other);
    }

    Response get(String path) {
        return send("GET", path, BodyPublishers.noBody(), null);
    }

    Response delete(String path) {
        return send("DELETE", path, BodyPublishers.noBody(), null);
    }

    Response put(String path, byte[] body) {
        return send("PUT", path, BodyPublishers.ofByteArray(body), "application/octet-stream");
    }

    Response post(String path, String json) {
        return send("POST", path, BodyPublishers.ofString(json), "application/json");
    }

    Response patch(String path, String json) {
        return send("PATCH", path, BodyPublishers.ofString(json), "application/json");
    }

    Response send(String method, String path, BodyPublisher body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body)
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((username + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Response(int status, byte[] body, HttpResponse<byte[]> raw) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + text(), e);
            }
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + text();
        }
    }
}
