package dev.tandem.bench;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Time from navigating to {@code /workspaces/{id}} until the file tree shows its first rows, in a
 * real Chromium, for a workspace of N files in one folder (the worst case for the first level of
 * a lazily loaded tree). Run by {@code src/bench/foundation.sh}; prints Markdown table rows.
 *
 * <p>Arguments: base URL, username, password, file count.
 */
public final class IdeLoadBenchmark {

    private static final int RUNS = 7;

    private IdeLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String username = args[1];
        String password = args[2];
        int files = Integer.parseInt(args[3]);

        Rest rest = new Rest(base, token(base, username, password));
        long workspace = rest.createWorkspace("bench-" + files);
        for (int i = 0; i < files; i++) {
            rest.put(workspace, String.format("File%04d.java", i), "class File%04d {}\n".formatted(i));
        }

        try (Playwright playwright = Playwright.create();
             Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                     .setExecutablePath(java.nio.file.Path.of("/usr/bin/chromium"))
                     .setHeadless(true)
                     .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                             "--disable-component-update", "--disable-sync", "--no-first-run")))) {
            Page page = browser.newPage();
            page.navigate(base + "/login");
            page.locator("input[name=username]").fill(username);
            page.locator("input[name=password]").fill(password);
            page.locator("input[name=password]").press("Enter");
            page.waitForURL(url -> !url.contains("/login"));

            List<Long> millis = new ArrayList<>();
            for (int run = 0; run < RUNS; run++) {
                long start = System.nanoTime();
                page.navigate(base + "/workspaces/" + workspace);
                page.locator("#file-tree [data-path='File0000.java']").waitFor();
                millis.add((System.nanoTime() - start) / 1_000_000);
            }
            // The first run warms the server's view classes and the browser cache; report the rest.
            List<Long> warm = new ArrayList<>(millis.subList(1, millis.size()));
            Collections.sort(warm);
            System.out.printf("| IDE view, %d files: navigation to first tree rows (first load) | %d ms |%n", files, millis.get(0));
            System.out.printf("| IDE view, %d files: navigation to first tree rows (median / max of %d) | %d / %d ms |%n",
                    files, warm.size(), warm.get(warm.size() / 2), warm.get(warm.size() - 1));
        }
    }

    private static String token(String base, String username, String password) throws Exception {
        String basic = Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/v1/tokens"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"ide-load-benchmark\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        return field(response, "token");
    }

    private static String field(HttpResponse<String> response, String name) {
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(response.uri() + " answered " + response.statusCode() + ": " + response.body());
        }
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"?([^\",}]+)").matcher(response.body());
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + response.body());
        }
        return m.group(1);
    }

    private record Rest(String base, String token) {

        long createWorkspace(String name) throws Exception {
            return Long.parseLong(field(send(HttpRequest.newBuilder(URI.create(base + "/api/v1/workspaces"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}"))), "id"));
        }

        void put(long workspace, String path, String text) throws Exception {
            field(send(HttpRequest.newBuilder(URI.create(base + "/api/v1/workspaces/" + workspace + "/files/" + path))
                    .PUT(HttpRequest.BodyPublishers.ofString(text))), "path");
        }

        private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
            return HttpClient.newHttpClient().send(request.header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
