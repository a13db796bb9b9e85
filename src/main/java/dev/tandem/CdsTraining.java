package dev.tandem;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The package step's class-data-sharing training run (see pom.xml): the JVM archives every class it
 * loaded by the time it exits, and the README's start command maps that archive. Exiting when the
 * context is refreshed would leave out everything the first requests load (the dispatcher servlet,
 * Vaadin's servlet and UI, the login view, the security chains' request path), so the training run
 * serves its first pages through the real HTTP stack, as a browser and the CLI would, and then exits.
 * <p>
 * It runs when the context is refreshed and the web server listens, before the application runners
 * and {@code ApplicationReadyEvent}: the JVM of Debian's OpenJDK 17 crashed writing the archive
 * (SIGSEGV in {@code SystemDictionaryShared::adjust_lambda_proxy_class_dictionary}) after the
 * language service's warm-up, which starts on that event, had loaded JDT's lambdas from its signed jars.
 * So no account exists yet, and the sign-in request is answered 401, after the same work as any sign-in.
 * <p>
 * Only a JVM started with {@code -Dtandem.cds-training=true} does this; a server started any other
 * way never does.
 */
final class CdsTraining {

    /** The system property that makes a start a training run. */
    static final String PROPERTY = "tandem.cds-training";

    /** What the training run requests, in order, as a signed-out browser and the CLI's login would. */
    static final List<String> PAGES = List.of("/login", "/actuator/health");

    private CdsTraining() {
    }

    /** Whether this start is a training run: only when the property is exactly {@code true}. */
    static boolean requested(String setting) {
        return "true".equals(setting);
    }

    /** Makes {@code application} a training run when this JVM was started as one. */
    static void addIfRequested(SpringApplication application) {
        if (requested(System.getProperty(PROPERTY))) {
            application.addListeners((ApplicationEvent event) -> {
                if (event instanceof ApplicationStartedEvent started) {
                    trainAndExit(started.getApplicationContext());
                }
            });
        }
    }

    /** Requests the first pages from the started server, signs in once over the API, and exits the JVM. */
    private static void trainAndExit(ConfigurableApplicationContext context) {
        try {
            train(context);
        } catch (IOException | RuntimeException e) {
            // The archive is still written, only without these classes; the package must not fail for it.
            System.err.println("CDS training requests failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.exit(SpringApplication.exit(context));
    }

    private static void train(ConfigurableApplicationContext context) throws IOException, InterruptedException {
        String base = "http://localhost:" + context.getEnvironment().getRequiredProperty("local.server.port");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
        for (String page : PAGES) {
            expect(http.send(HttpRequest.newBuilder(URI.create(base + page)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()), page);
        }
        // The CLI's sign-in: HTTP Basic against the token endpoint (bcrypt, the database, JSON).
        String password = context.getEnvironment().getRequiredProperty("tandem.admin-password");
        String basic = Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
        expect(http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/tokens"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"cds-training\"}"))
                .build(), HttpResponse.BodyHandlers.ofString()), "/api/v1/tokens");
    }

    /** A server error means the request did not run its usual course; 401 of the sign-in is expected. */
    private static void expect(HttpResponse<String> response, String page) {
        if (response.statusCode() >= 500) {
            throw new IllegalStateException(page + " answered " + response.statusCode());
        }
    }
}
