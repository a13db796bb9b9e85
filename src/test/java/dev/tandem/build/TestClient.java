package dev.tandem.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A REST client for build tests, authenticated with a personal access token minted for the user. */
final class TestClient {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String PASSWORD = "password-123";

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String authorization;

    TestClient(int port, String username) {
        this.base = "http://localhost:" + port;
        String basic = "Basic " + Base64.getEncoder().encodeToString((username + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        Response token = send("POST", "/api/v1/tokens", BodyPublishers.ofString("{\"name\":\"test\"}"), "application/json", basic);
        if (token.status() != 201 && token.status() != 200) {
            throw new IllegalStateException("cannot mint a token: " + token);
        }
        this.authorization = "Bearer " + token.json().get("token").asText();
    }

    String authorization() {
        return authorization;
    }

    Response get(String path) {
        return send("GET", path, BodyPublishers.noBody(), null, authorization);
    }

    Response put(String path, byte[] body) {
        return send("PUT", path, BodyPublishers.ofByteArray(body), "application/octet-stream", authorization);
    }

    Response post(String path, String json) {
        return send("POST", path, BodyPublishers.ofString(json), "application/json", authorization);
    }

    /** A streamed GET, for following a log. */
    InputStream stream(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", authorization).build();
        return http.send(request, HttpResponse.BodyHandlers.ofInputStream()).body();
    }

    private Response send(String method, String path, BodyPublisher body, String contentType, String auth) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).method(method, body)
                .header("Authorization", auth);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Response(int status, byte[] body) {
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

        @Override
        public String toString() {
            return status + " " + text();
        }
    }
}
