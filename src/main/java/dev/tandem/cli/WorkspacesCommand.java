package dev.tandem.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tandem workspaces list|create|delete}. */
@Command(name = "workspaces", mixinStandardHelpOptions = true, description = "List, create and delete workspaces.")
final class WorkspacesCommand {

    private final RootCommand root;

    WorkspacesCommand(RootCommand root) {
        this.root = root;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The workspaces you are a member of.")
    void list() {
        JsonNode workspaces = root.connect().json("GET", "/api/v1/workspaces", null);
        PrintStream out = root.context.out();
        out.printf("%-6s %-8s %-12s %s%n", "ID", "ROLE", "TEMPLATE", "NAME");
        for (JsonNode w : workspaces) {
            out.printf("%-6s %-8s %-12s %s%n", w.path("id").asText(), w.path("role").asText(),
                    w.path("template").isNull() ? "-" : w.path("template").asText("-"), w.path("name").asText());
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a workspace; prints its id.")
    void create(@Parameters(paramLabel = "NAME", description = "Name of the workspace") String name,
            @Option(names = {"-t", "--template"}, paramLabel = "TEMPLATE", description = "Start from this template")
            String template) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        if (template != null) {
            body.put("template", template);
        }
        JsonNode created = root.connect().json("POST", "/api/v1/workspaces", body);
        root.context.out().println(created.path("id").asText());
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a workspace and its files (owners).")
    void delete(@Parameters(paramLabel = "ID", description = "Workspace id") long id) {
        root.connect().json("DELETE", "/api/v1/workspaces/" + id, null);
        root.context.out().println("Deleted workspace " + id);
    }
}
