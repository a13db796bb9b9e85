package dev.tandem.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tandem builds start|list|show|logs|stop|reports|artifacts}: the build service. */
@Command(name = "builds", mixinStandardHelpOptions = true, description = "Start, follow and inspect builds of a workspace.")
final class BuildsCommand {

    private final RootCommand root;

    BuildsCommand(RootCommand root) {
        this.root = root;
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = {"Start a build; prints its id, or with --follow its log, ending with the build's status.",
                    "With --follow the exit code is 0 only when the build SUCCEEDED."})
    int start(@Parameters(paramLabel = "WS", description = "Workspace id") long workspace,
            @Option(names = {"-f", "--follow"}, description = "Stream the log until the build ends") boolean follow,
            @Option(names = "--buildspec", paramLabel = "FILE", description = "Use this buildspec instead of the workspace's") Path buildspec,
            @Option(names = "--timeout", paramLabel = "SECONDS", description = "Time limit of this build") Integer timeout) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (buildspec != null) {
            try {
                body.put("buildspecOverride", Files.readString(buildspec));
            } catch (IOException e) {
                throw new CliException("Cannot read " + buildspec + ": " + e.getMessage(), CliException.USAGE);
            }
        }
        if (timeout != null) {
            body.put("timeoutSeconds", timeout);
        }
        JsonNode build = root.connect().json("POST", "/api/v1/workspaces/" + workspace + "/builds", body);
        long id = build.path("id").asLong();
        if (!follow) {
            root.context.out().println(id);
            return 0;
        }
        root.context.err().println("Build " + id + " (#" + build.path("number").asText() + ") " + build.path("status").asText());
        return followToEnd(id);
    }

    @Command(name = "logs", mixinStandardHelpOptions = true, description = "Print a build's log; --follow streams it until the build ends.")
    int logs(@Parameters(paramLabel = "ID", description = "Build id") long id,
            @Option(names = {"-f", "--follow"}, description = "Stream the log until the build ends") boolean follow) {
        if (follow) {
            return followToEnd(id);
        }
        copy(root.connect().download("/api/v1/builds/" + id + "/log?limit=1048576"), id, false);
        return 0;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The builds of a workspace, newest first.")
    void list(@Parameters(paramLabel = "WS", description = "Workspace id") long workspace,
            @Option(names = {"-n", "--limit"}, defaultValue = "20", description = "How many (default 20)") int limit) {
        JsonNode builds = root.connect().json("GET", "/api/v1/workspaces/" + workspace + "/builds?limit=" + limit, null);
        PrintStream out = root.context.out();
        out.printf("%-6s %-5s %-12s %-10s %-9s %-14s %s%n", "ID", "#", "STATUS", "BY", "DURATION", "TESTS", "QUEUED AT");
        for (JsonNode b : builds) {
            JsonNode tests = b.path("tests");
            String testText = tests.isObject() ? tests.path("passed").asInt() + "/" + tests.path("total").asInt() + " passed" : "-";
            out.printf("%-6s %-5s %-12s %-10s %-9s %-14s %s%n", b.path("id").asText(), b.path("number").asText(),
                    b.path("status").asText(), b.path("startedBy").asText("-"), duration(b.path("durationMillis")), testText,
                    b.path("queuedAt").asText());
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "A build's status, phases, tests and artifacts.")
    void show(@Parameters(paramLabel = "ID", description = "Build id") long id) {
        JsonNode b = root.connect().json("GET", "/api/v1/builds/" + id, null);
        PrintStream out = root.context.out();
        out.println("Build " + b.path("id").asText() + " (#" + b.path("number").asText() + " of workspace "
                + b.path("workspaceId").asText() + "): " + b.path("status").asText()
                + (b.path("queuePosition").isNumber() ? ", position " + b.path("queuePosition").asInt() + " in the queue" : ""));
        if (b.hasNonNull("message")) {
            out.println("  " + b.path("message").asText());
        }
        out.println("  started by " + b.path("startedBy").asText("-") + ", snapshot " + b.path("snapshot").asText("-")
                + ", duration " + duration(b.path("durationMillis")));
        for (JsonNode p : b.path("phases")) {
            out.printf("  %-17s %-12s %s%n", p.path("name").asText(), p.path("status").asText(), duration(p.path("durationMillis")));
        }
        JsonNode tests = b.path("tests");
        if (tests.isObject()) {
            out.println("  tests: " + tests.path("total").asInt() + " total, " + tests.path("passed").asInt() + " passed, "
                    + tests.path("failed").asInt() + " failed, " + tests.path("skipped").asInt() + " skipped");
        }
        if (b.path("artifactsSize").isNumber()) {
            out.println("  artifacts: " + b.path("artifactsSize").asLong() + " bytes (tandem builds artifacts " + id + ")");
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop a queued or running build.")
    void stop(@Parameters(paramLabel = "ID", description = "Build id") long id) {
        JsonNode b = root.connect().json("POST", "/api/v1/builds/" + id + "/stop", null);
        root.context.out().println("Build " + id + ": " + b.path("status").asText());
    }

    @Command(name = "reports", mixinStandardHelpOptions = true, description = "The test results of a build, failures first.")
    void reports(@Parameters(paramLabel = "ID", description = "Build id") long id) {
        JsonNode reports = root.connect().json("GET", "/api/v1/builds/" + id + "/reports", null);
        PrintStream out = root.context.out();
        for (JsonNode r : reports) {
            JsonNode s = r.path("summary");
            out.println(r.path("group").asText() + ": " + s.path("total").asInt() + " tests, " + s.path("passed").asInt()
                    + " passed, " + s.path("failed").asInt() + " failed, " + s.path("skipped").asInt() + " skipped");
            for (JsonNode c : r.path("cases")) {
                out.printf("  %-7s %s %s%s%n", c.path("status").asText(), c.path("className").asText(), c.path("name").asText(),
                        c.hasNonNull("message") && c.path("status").asText().equals("FAILED") ? ": " + c.path("message").asText() : "");
            }
        }
    }

    @Command(name = "artifacts", mixinStandardHelpOptions = true, description = "Download the artifacts zip of a build.")
    void artifacts(@Parameters(paramLabel = "ID", description = "Build id") long id,
            @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true, description = "Where to save the zip") Path output) {
        Path target = output.toAbsolutePath();
        try (InputStream in = root.connect().download("/api/v1/builds/" + id + "/artifacts")) {
            Path temp = Files.createTempFile(target.getParent(), ".tandem-", ".part");
            try {
                Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new CliException("Cannot save " + output + ": " + e.getMessage());
        }
        root.context.out().println("Saved " + target);
    }

    /** Streams the log to standard output as it grows; answers 0 when the build SUCCEEDED, else 1. */
    private int followToEnd(long id) {
        ApiConnection api = root.connect();
        copy(api.download("/api/v1/builds/" + id + "/log?follow=true"), id, true);
        JsonNode b = api.json("GET", "/api/v1/builds/" + id, null);
        String status = b.path("status").asText();
        root.context.err().println("Build " + id + " " + status + (b.hasNonNull("message") ? ": " + b.path("message").asText() : ""));
        return status.equals("SUCCEEDED") ? 0 : CliException.FAILED;
    }

    private void copy(InputStream body, long id, boolean flushEachRead) {
        PrintStream out = root.context.out();
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = body) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                if (flushEachRead) {
                    out.flush();
                }
            }
            out.flush();
        } catch (IOException e) {
            throw new CliException("Reading the log of build " + id + " failed: " + e.getMessage());
        }
    }

    private static String duration(JsonNode millis) {
        if (!millis.isNumber()) {
            return "-";
        }
        long s = millis.asLong() / 1000;
        return s >= 60 ? (s / 60) + "m" + String.format("%02d", s % 60) + "s" : (millis.asLong() / 100) / 10.0 + "s";
    }
}
