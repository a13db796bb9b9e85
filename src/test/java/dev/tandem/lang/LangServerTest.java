package dev.tandem.lang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.config.TandemException;
import dev.tandem.workspace.Role;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The language server through a real websocket client, against the real application. */
class LangServerTest extends LangApplicationTest {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private String user;

    private long workspace(String template) {
        user = "lang" + SEQUENCE.incrementAndGet();
        users.create(user, "password-" + user, false);
        return workspaces.create(user, "ws-" + user, template).id();
    }

    private LspClient client(long ws) throws Exception {
        var c = new LspClient(port, ws, tokens.create(user, "t").token());
        c.initialize();
        return c;
    }

    private void write(long ws, String path, String text) {
        files.write(user, ws, path, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void editsForAFileNoEditorHasOpenAreAppliedOnTheServerByWritersOnly() throws Exception {
        long ws = workspace(null);
        String path = "src/B.java";
        write(ws, path, "class B {\n    int count;\n}\n");
        lang.applyEdits(user, ws, path, "[{\"range\":{\"start\":{\"line\":1,\"character\":8},"
                + "\"end\":{\"line\":1,\"character\":13}},\"newText\":\"total\"}]");
        assertThat(read(ws, path)).isEqualTo("class B {\n    int total;\n}\n");

        assertThatThrownBy(() -> lang.applyEdits(user, ws, path, "{not json"))
                .isInstanceOf(TandemException.class).hasMessageContaining("LSP text edits");
        assertThatThrownBy(() -> lang.applyEdits(user, ws, path, "[{\"range\":{\"start\":{\"line\":9,\"character\":0},"
                + "\"end\":{\"line\":9,\"character\":1}},\"newText\":\"x\"}]")).isInstanceOf(TandemException.class);
        assertThat(read(ws, path)).isEqualTo("class B {\n    int total;\n}\n");

        String owner = user;
        String viewer = "viewer" + SEQUENCE.incrementAndGet();
        users.create(viewer, "password-" + viewer, false);
        workspaces.setMember(owner, ws, viewer, Role.VIEWER);
        assertThatThrownBy(() -> lang.applyEdits(viewer, ws, path, "[]"))
                .isInstanceOf(TandemException.class).extracting(e -> ((TandemException) e).status()).isEqualTo(403);
    }

    private String read(long ws, String path) throws Exception {
        try (var in = files.open(user, ws, path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void diagnosticsAppearForABrokenFileAndClearWhenFixed() throws Exception {
        long ws = workspace(null);
        String path = "src/App.java";
        String broken = "public class App {\n    int run() {\n        return \"x\".lenth();\n    }\n}\n";
        write(ws, path, broken);
        try (var lsp = client(ws)) {
            lsp.open(path, broken);
            JsonNode diags = lsp.diagnostics(path, 1);
            assertThat(diags).hasSize(1);
            assertThat(diags.get(0).path("message").asText()).contains("lenth()");
            assertThat(diags.get(0).path("severity").asInt()).isEqualTo(1);
            assertThat(diags.get(0).path("range").path("start").path("line").asInt()).isEqualTo(2);
            assertThat(diags.get(0).path("range").path("start").path("character").asInt()).isEqualTo(19);
            lsp.change(path, 2, broken.replace("lenth", "length"));
            assertThat(lsp.diagnostics(path, 2)).isEmpty();
        }
    }

    @Test
    void completionAfterAStringOffersLengthAndTypesComeWithTheirImport() throws Exception {
        long ws = workspace(null);
        String path = "src/demo/App.java";
        String text = "package demo;\n\npublic class App {\n    void run() {\n        \"abc\".\n    }\n}\n";
        write(ws, path, text);
        try (var lsp = client(ws)) {
            lsp.open(path, text);
            JsonNode list = lsp.request("textDocument/completion", Map.of("textDocument", Map.of("uri", LspClient.uri(path)),
                    "position", Map.of("line", 4, "character", 14))).path("result");
            assertThat(labels(list)).contains("length()", "substring(int beginIndex)", "isEmpty()");

            String typing = text.replace("\"abc\".", "Li");
            lsp.change(path, 2, typing);
            list = lsp.request("textDocument/completion", Map.of("textDocument", Map.of("uri", LspClient.uri(path)),
                    "position", Map.of("line", 4, "character", 10))).path("result");
            JsonNode listItem = null;
            for (JsonNode item : list.path("items")) {
                if (item.path("label").asText().equals("List") && item.path("detail").asText().startsWith("java.util")) {
                    listItem = item;
                }
            }
            assertThat(listItem).as(list.toString()).isNotNull();
            assertThat(listItem.path("additionalTextEdits").get(0).path("newText").asText()).isEqualTo("\nimport java.util.List;\n");
            assertThat(listItem.path("additionalTextEdits").get(0).path("range").path("start").path("line").asInt()).isEqualTo(1);
        }
    }

    @Test
    void completionOffersLocalsMethodsWithParametersConstructorsKeywordsAndTemplates() throws Exception {
        long ws = workspace(null);
        String path = "src/demo/Kinds.java";
        String base = "package demo;\n\npublic class Kinds {\n    void run() {\n        int counter = 1;\n        TYPED\n    }\n}\n";
        write(ws, path, base.replace("TYPED", ""));
        try (var lsp = client(ws)) {
            lsp.open(path, base.replace("TYPED", ""));
            int version = 1;
            // What is typed on line 5 → label, LSP CompletionItemKind, insert text (null: not checked).
            String[][] cases = {
                {"co", "counter", "6", "counter"},
                {"\"abc\".subs", "substring(int beginIndex)", "2", "substring(${1:beginIndex})"},
                {"new ArrayL", "ArrayList()", "4", "ArrayList()"},
                {"retu", "return", "14", "return"},
                {"sysou", "sysout", "15", "System.out.println(${1});"},
                {"fore", "foreach", "15", null},
            };
            for (String[] c : cases) {
                lsp.change(path, ++version, base.replace("TYPED", c[0]));
                JsonNode list = lsp.request("textDocument/completion", Map.of("textDocument", Map.of("uri", LspClient.uri(path)),
                        "position", Map.of("line", 5, "character", 8 + c[0].length()))).path("result");
                JsonNode found = null;
                for (JsonNode item : list.path("items")) {
                    if (item.path("label").asText().equals(c[1])) {
                        found = item;
                    }
                }
                assertThat(found).as(c[0] + " → " + labels(list)).isNotNull();
                assertThat(found.path("kind").asInt()).as(c[1]).isEqualTo(Integer.parseInt(c[2]));
                if (c[3] != null) {
                    assertThat(found.path("insertText").asText()).isEqualTo(c[3]);
                }
                if (c[3] != null && c[3].contains("${")) {
                    assertThat(found.path("insertTextFormat").asInt()).as("a snippet").isEqualTo(2);
                }
                if (c[1].equals("ArrayList()")) {
                    assertThat(found.path("additionalTextEdits").get(0).path("newText").asText()).contains("import java.util.ArrayList;");
                }
            }
        }
    }

    @Test
    void renameAcrossTwoFiles() throws Exception {
        long ws = workspace(null);
        write(ws, "src/demo/Counter.java", "package demo;\n\npublic class Counter {\n    public int value() {\n        return 1;\n    }\n}\n");
        String user = "package demo;\n\npublic class User {\n    int twice() {\n        return new Counter().value() * 2;\n    }\n}\n";
        write(ws, "src/demo/User.java", user);
        try (var lsp = client(ws)) {
            lsp.open("src/demo/User.java", user);
            JsonNode edit = lsp.request("textDocument/rename", Map.of("textDocument", Map.of("uri", LspClient.uri("src/demo/User.java")),
                    "position", Map.of("line", 4, "character", 31), "newName", "amount")).path("result");
            JsonNode changes = edit.path("changes");
            assertThat(changes.path(LspClient.uri("src/demo/User.java"))).hasSize(1);
            assertThat(changes.path(LspClient.uri("src/demo/Counter.java"))).hasSize(1);
            JsonNode decl = changes.path(LspClient.uri("src/demo/Counter.java")).get(0);
            assertThat(decl.path("newText").asText()).isEqualTo("amount");
            assertThat(decl.path("range").path("start").path("line").asInt()).isEqualTo(3);

            JsonNode refs = lsp.request("textDocument/references", Map.of("textDocument", Map.of("uri", LspClient.uri("src/demo/User.java")),
                    "position", Map.of("line", 4, "character", 31), "context", Map.of("includeDeclaration", true))).path("result");
            assertThat(refs).hasSize(2);
            JsonNode def = lsp.request("textDocument/definition", Map.of("textDocument", Map.of("uri", LspClient.uri("src/demo/User.java")),
                    "position", Map.of("line", 4, "character", 31))).path("result");
            assertThat(def.get(0).path("uri").asText()).isEqualTo(LspClient.uri("src/demo/Counter.java"));
        }
    }

    private static final Map<String, Object> FOLLOWS_FILE_RENAMES = Map.of("workspace",
            Map.of("workspaceEdit", Map.of("documentChanges", true, "resourceOperations", List.of("create", "rename", "delete"))));
    private static final String COUNTER = "package demo;\n\npublic class Counter {\n    public int value() {\n        return 1;\n    }\n}\n";
    private static final String COUNTING = "package demo;\n\nclass Counting {\n    int twice() {\n        return new Counter().value() * 2;\n    }\n}\n";

    private JsonNode renameCounter(LspClient lsp, String newName) throws InterruptedException {
        lsp.open("src/demo/Counting.java", COUNTING);
        return lsp.request("textDocument/rename", Map.of("textDocument", Map.of("uri", LspClient.uri("src/demo/Counting.java")),
                "position", Map.of("line", 4, "character", 20), "newName", newName));
    }

    @Test
    void renamingAPublicClassRenamesItsFileOnTheServer() throws Exception {
        long ws = workspace(null);
        write(ws, "src/demo/Counter.java", COUNTER);
        write(ws, "src/demo/Counting.java", COUNTING);
        try (var lsp = new LspClient(port, ws, tokens.create(user, "t").token())) {
            lsp.initialize(FOLLOWS_FILE_RENAMES);
            JsonNode edit = renameCounter(lsp, "Tally").path("result");
            // Applied here: the answer only tells the client where the file went.
            assertThat(edit.path("changes").isEmpty()).as(edit.toString()).isTrue();
            assertThat(edit.path("documentChanges")).hasSize(1);
            JsonNode move = edit.path("documentChanges").get(0);
            assertThat(move.path("kind").asText()).isEqualTo("rename");
            assertThat(move.path("oldUri").asText()).isEqualTo(LspClient.uri("src/demo/Counter.java"));
            assertThat(move.path("newUri").asText()).isEqualTo(LspClient.uri("src/demo/Tally.java"));
            assertThat(move.path("options").path("ignoreIfExists").asBoolean()).isTrue();
        }
        assertThat(Files.exists(files.resolve(user, ws, "src/demo/Counter.java"))).isFalse();
        assertThat(read(ws, "src/demo/Tally.java")).isEqualTo(COUNTER.replace("Counter", "Tally"));
        assertThat(read(ws, "src/demo/Counting.java")).isEqualTo(COUNTING.replace("Counter", "Tally"));

        // A client that does not know resource operations gets an empty edit: the work is done.
        try (var lsp = client(ws)) {
            String text = read(ws, "src/demo/Counting.java");
            lsp.open("src/demo/Counting.java", text);
            JsonNode edit = lsp.request("textDocument/rename", Map.of("textDocument", Map.of("uri", LspClient.uri("src/demo/Counting.java")),
                    "position", Map.of("line", 4, "character", 20), "newName", "Meter")).path("result");
            assertThat(edit.path("changes").isEmpty()).as(edit.toString()).isTrue();
            assertThat(edit.has("documentChanges") && !edit.path("documentChanges").isNull()).isFalse();
        }
        assertThat(read(ws, "src/demo/Meter.java")).isEqualTo(COUNTER.replace("Counter", "Meter"));
        assertThat(read(ws, "src/demo/Counting.java")).isEqualTo(COUNTING.replace("Counter", "Meter"));
    }

    @Test
    void aFileRenameOntoAnExistingFileIsRefusedAndChangesNothing() throws Exception {
        long ws = workspace(null);
        write(ws, "src/demo/Counter.java", COUNTER);
        write(ws, "src/demo/Counting.java", COUNTING);
        write(ws, "src/demo/Tally.java", "package demo;\n\nclass Tally {\n}\n");
        try (var lsp = new LspClient(port, ws, tokens.create(user, "t").token())) {
            lsp.initialize(FOLLOWS_FILE_RENAMES);
            JsonNode error = renameCounter(lsp, "Tally").path("error");
            assertThat(error.path("code").asInt()).isEqualTo(-32803);
            assertThat(error.path("message").asText()).contains("src/demo/Tally.java").contains("already exists");
            // The session goes on.
            assertThat(renameCounter(lsp, "Total").path("result").path("documentChanges")).hasSize(1);
        }
        assertThat(read(ws, "src/demo/Tally.java")).isEqualTo("package demo;\n\nclass Tally {\n}\n");
        assertThat(read(ws, "src/demo/Total.java")).isEqualTo(COUNTER.replace("Counter", "Total"));
    }

    @Test
    void aFileChangedWhileRenamingIsRefused() throws Exception {
        long ws = workspace(null);
        write(ws, "src/demo/Counter.java", COUNTER);
        write(ws, "src/demo/Counting.java", COUNTING);
        try (var lsp = client(ws)) {
            // The client's text is not what the file holds (someone else changed it meanwhile).
            lsp.open("src/demo/Counter.java", COUNTER.replace("return 1;", "return 2;"));
            JsonNode error = renameCounter(lsp, "Tally").path("error");
            assertThat(error.path("code").asInt()).isEqualTo(-32801);
            assertThat(error.path("message").asText()).contains("src/demo/Counter.java");
        }
        assertThat(read(ws, "src/demo/Counter.java")).isEqualTo(COUNTER);
        assertThat(read(ws, "src/demo/Counting.java")).isEqualTo(COUNTING);
        assertThat(Files.exists(files.resolve(user, ws, "src/demo/Tally.java"))).isFalse();
    }

    @Test
    void renamingAtAConstructorRenamesItsTypeAndFile() throws Exception {
        long ws = workspace(null);
        String box = "package demo;\n\npublic class Box {\n    Box(int size) {\n    }\n\n    static Box of() {\n        return new Box(1);\n    }\n}\n";
        String packer = "package demo;\n\nclass Packer {\n    Box box = new Box(2);\n}\n";
        write(ws, "src/demo/Box.java", box);
        write(ws, "src/demo/Packer.java", packer);
        try (var lsp = client(ws)) {
            lsp.open("src/demo/Box.java", box);
            JsonNode result = lsp.request("textDocument/rename", Map.of("textDocument", Map.of("uri", LspClient.uri("src/demo/Box.java")),
                    "position", Map.of("line", 3, "character", 5), "newName", "Crate"));
            assertThat(result.has("error")).as(result.toString()).isFalse();
        }
        assertThat(Files.exists(files.resolve(user, ws, "src/demo/Box.java"))).isFalse();
        assertThat(read(ws, "src/demo/Crate.java")).isEqualTo(box.replace("Box", "Crate"));
        assertThat(read(ws, "src/demo/Packer.java")).isEqualTo(packer.replace("Box", "Crate"));
    }

    @Test
    void nonPublicAndNestedTypesRenameNoFile() throws Exception {
        long ws = workspace(null);
        String helper = "package demo;\n\nclass Helper {\n    public static class Inner {\n    }\n\n    Inner make() {\n        return new Inner();\n    }\n}\n";
        write(ws, "src/demo/Helper.java", helper);
        try (var lsp = new LspClient(port, ws, tokens.create(user, "t").token())) {
            lsp.initialize(FOLLOWS_FILE_RENAMES);
            lsp.open("src/demo/Helper.java", helper);
            for (int[] at : new int[][] {{2, 8}, {3, 25}}) {
                JsonNode edit = lsp.request("textDocument/rename", Map.of("textDocument", Map.of("uri", LspClient.uri("src/demo/Helper.java")),
                        "position", Map.of("line", at[0], "character", at[1]), "newName", "Renamed")).path("result");
                // Text edits for the client to apply, no file operation.
                assertThat(edit.path("changes").path(LspClient.uri("src/demo/Helper.java")).size()).as(edit.toString()).isPositive();
                assertThat(edit.path("documentChanges").isMissingNode() || edit.path("documentChanges").isNull()).isTrue();
            }
        }
        assertThat(read(ws, "src/demo/Helper.java")).isEqualTo(helper);
        assertThat(Files.exists(files.resolve(user, ws, "src/demo/Renamed.java"))).isFalse();
    }

    @Test
    void formatAndOrganizeImports() throws Exception {
        long ws = workspace(null);
        String path = "src/demo/Messy.java";
        String text = "package demo;\n\nimport java.io.File;\n\npublic class Messy{\nint x( ){ List<String> l=null;return 1;}\n}\n";
        write(ws, path, text);
        try (var lsp = client(ws)) {
            lsp.open(path, text);
            JsonNode edits = lsp.request("textDocument/formatting", Map.of("textDocument", Map.of("uri", LspClient.uri(path)),
                    "options", Map.of("tabSize", 4, "insertSpaces", true))).path("result");
            String formatted = apply(text, edits);
            assertThat(formatted).contains("public class Messy {\n\tint x() {\n\t\tList<String> l = null;\n\t\treturn 1;\n\t}\n}");

            JsonNode actions = lsp.request("textDocument/codeAction", Map.of("textDocument", Map.of("uri", LspClient.uri(path)),
                    "range", Map.of("start", Map.of("line", 0, "character", 0), "end", Map.of("line", 0, "character", 0)),
                    "context", Map.of("diagnostics", List.of(), "only", List.of("source.organizeImports")))).path("result");
            assertThat(actions).hasSize(1);
            String organized = apply(text, actions.get(0).path("edit").path("changes").path(LspClient.uri(path)));
            assertThat(organized).startsWith("package demo;\n\nimport java.util.List;\n\npublic class Messy{");
        }
    }

    @Test
    void aWorkspaceFormatterProfileReplacesTheBuiltInOne() throws Exception {
        long ws = workspace(null);
        String path = "src/demo/Spaced.java";
        String text = "package demo;\n\npublic class Spaced{\nint x( ){return 1;}\n}\n";
        write(ws, path, text);
        write(ws, ".settings/org.eclipse.jdt.core.prefs", "eclipse.preferences.version=1\n"
                + "org.eclipse.jdt.core.formatter.tabulation.char=space\norg.eclipse.jdt.core.formatter.tabulation.size=2\n");
        try (var lsp = client(ws)) {
            lsp.open(path, text);
            JsonNode edits = lsp.request("textDocument/formatting", Map.of("textDocument", Map.of("uri", LspClient.uri(path)),
                    "options", Map.of("tabSize", 4, "insertSpaces", true))).path("result");
            assertThat(apply(text, edits)).contains("public class Spaced {\n  int x() {\n    return 1;\n  }\n}");
        }
    }

    @Test
    void problemsOfAFileNobodyHasOpenFollowAChangeOfAnotherFileOnDisk() throws Exception {
        long ws = workspace(null);
        write(ws, "src/demo/Api.java", "package demo;\n\npublic class Api {\n    public int size() {\n        return 1;\n    }\n}\n");
        write(ws, "src/demo/Caller.java", "package demo;\n\nclass Caller {\n    int n = new Api().size();\n}\n");
        try (var lsp = client(ws)) {
            // Nothing is open: the whole-workspace check publishes, and the file watch notices the change.
            Thread.sleep(1100);
            write(ws, "src/demo/Api.java", "package demo;\n\npublic class Api {\n    public int count() {\n        return 1;\n    }\n}\n");
            JsonNode diags;
            do {
                diags = lsp.diagnostics("src/demo/Caller.java", null);
            } while (diags.isEmpty());
            assertThat(diags.get(0).path("message").asText()).contains("size()");
            assertThat(diags.get(0).path("range").path("start").path("line").asInt()).isEqualTo(3);
        }
    }

    @Test
    void aCancelledRequestAnswersRequestCancelledAndTheNextOneWorks() throws Exception {
        long ws = workspace(null);
        for (int i = 0; i < 40; i++) {
            write(ws, "src/demo/F" + i + ".java", "package demo;\n\nclass F" + i + " {\n    int v = new Target().value();\n}\n");
        }
        String target = "package demo;\n\npublic class Target {\n    public int value() {\n        return 1;\n    }\n}\n";
        write(ws, "src/demo/Target.java", target);
        try (var lsp = client(ws)) {
            lsp.open("src/demo/Target.java", target);
            // References compile all 40 files; the hover queued behind it on the workspace's worker is cancelled before it runs.
            lsp.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":901,\"method\":\"textDocument/references\",\"params\":{\"textDocument\":"
                    + "{\"uri\":\"file:///src/demo/Target.java\"},\"position\":{\"line\":3,\"character\":16},\"context\":{\"includeDeclaration\":true}}}");
            lsp.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":902,\"method\":\"textDocument/hover\",\"params\":{\"textDocument\":"
                    + "{\"uri\":\"file:///src/demo/Target.java\"},\"position\":{\"line\":3,\"character\":16}}}");
            lsp.sendRaw("{\"jsonrpc\":\"2.0\",\"method\":\"$/cancelRequest\",\"params\":{\"id\":902}}");
            JsonNode cancelled = lsp.await(n -> n.path("id").asInt() == 902, Duration.ofSeconds(60));
            assertThat(cancelled.path("error").path("code").asInt()).as(cancelled.toString()).isEqualTo(-32800);
            JsonNode refs = lsp.await(n -> n.path("id").asInt() == 901, Duration.ofSeconds(60));
            assertThat(refs.path("result")).hasSize(41);
            JsonNode hover = lsp.request("textDocument/hover", Map.of("textDocument", Map.of("uri", LspClient.uri("src/demo/Target.java")),
                    "position", Map.of("line", 3, "character", 16)));
            assertThat(hover.path("result").path("contents").path("value").asText()).contains("value()");
        }
    }

    @Test
    void quickFixesForMissingImportUnusedImportAndUnhandledException() throws Exception {
        long ws = workspace(null);
        String path = "src/demo/Fix.java";
        String text = "package demo;\n\nimport java.io.File;\n\npublic class Fix {\n    void run() {\n"
                + "        int n = 0;\n        Thread.sleep(1);\n    }\n}\n";
        String missing = "package demo;\n\nclass Missing {\n    List<String> l;\n}\n";
        write(ws, "src/demo/Missing.java", missing);
        write(ws, path, text);
        try (var lsp = client(ws)) {
            lsp.open(path, text);
            List<String> titles = new ArrayList<>();
            lsp.open("src/demo/Missing.java", missing);
            for (int line : new int[] {2, 7, -3}) {
                String target = line < 0 ? "src/demo/Missing.java" : path;
                line = Math.abs(line);
                JsonNode actions = lsp.request("textDocument/codeAction", Map.of("textDocument", Map.of("uri", LspClient.uri(target)),
                        "range", Map.of("start", Map.of("line", line, "character", 4), "end", Map.of("line", line, "character", 12)),
                        "context", Map.of("diagnostics", List.of(), "only", List.of("quickfix")))).path("result");
                actions.forEach(a -> titles.add(a.path("title").asText()));
            }
            assertThat(titles).contains("Remove unused import", "Import 'java.util.List'", "Add throws declaration",
                    "Surround with try/catch");
        }
    }

    @Test
    void hoverShowsSignatureAndJavadoc() throws Exception {
        long ws = workspace(null);
        write(ws, "src/demo/Greeter.java", "package demo;\n\npublic class Greeter {\n    /** Says hello to {@code name}. */\n"
                + "    public String greet(String name) {\n        return name;\n    }\n}\n");
        String text = "package demo;\n\nclass Use {\n    String s = new Greeter().greet(\"x\");\n}\n";
        write(ws, "src/demo/Use.java", text);
        try (var lsp = client(ws)) {
            lsp.open("src/demo/Use.java", text);
            JsonNode hover = lsp.request("textDocument/hover", Map.of("textDocument", Map.of("uri", LspClient.uri("src/demo/Use.java")),
                    "position", Map.of("line", 3, "character", 30))).path("result");
            String value = hover.path("contents").path("value").asText();
            assertThat(value).contains("public String demo.Greeter.greet(String name)").contains("Says hello to `name`.");
            JsonNode help = lsp.request("textDocument/signatureHelp", Map.of("textDocument", Map.of("uri", LspClient.uri("src/demo/Use.java")),
                    "position", Map.of("line", 3, "character", 36))).path("result");
            assertThat(help.path("signatures").get(0).path("label").asText()).isEqualTo("greet(String name) : String");
            JsonNode symbols = lsp.request("textDocument/documentSymbol", Map.of("textDocument",
                    Map.of("uri", LspClient.uri("src/demo/Use.java")))).path("result");
            assertThat(symbols.get(0).path("name").asText()).isEqualTo("Use");
            assertThat(symbols.get(0).path("children").get(0).path("name").asText()).isEqualTo("s");
        }
    }

    @Test
    void outlineListsTypesAndMembersWithPositionsAndFollowsEdits() throws Exception {
        long ws = workspace(null);
        String path = "src/demo/Shapes.java";
        String text = "package demo;\n\npublic class Shapes {\n    private int count;\n\n    public Shapes(int count) {\n"
                + "        this.count = count;\n    }\n\n    int area(int w, String... names) {\n        return w;\n    }\n\n"
                + "    enum Kind { ROUND, SQUARE }\n\n    record Point(int x, int y) {\n    }\n}\n";
        write(ws, path, text);
        try (var lsp = client(ws)) {
            lsp.open(path, text);
            JsonNode symbols = outline(lsp, path);
            assertThat(symbols).hasSize(1);
            JsonNode type = symbols.get(0);
            assertThat(type.path("name").asText()).isEqualTo("Shapes");
            assertThat(type.path("kind").asInt()).isEqualTo(5);
            assertThat(type.path("selectionRange").path("start").path("line").asInt()).isEqualTo(2);
            assertThat(type.path("selectionRange").path("start").path("character").asInt()).isEqualTo(13);
            List<String> members = new ArrayList<>();
            type.path("children").forEach(c -> members.add(c.path("name").asText() + "/" + c.path("kind").asInt() + "/"
                    + c.path("selectionRange").path("start").path("line").asInt()));
            assertThat(members).containsExactly("count/8/3", "Shapes/9/5", "area/6/9", "Kind/10/13", "Point/23/15");
            assertThat(type.path("children").get(2).path("detail").asText()).isEqualTo("(int, String...) : int");
            assertThat(type.path("children").get(3).path("children").get(1).path("name").asText()).isEqualTo("SQUARE");

            // A method typed in appears at once, before the file is saved.
            lsp.change(path, 2, text.replace("    enum Kind", "    void grow() {\n    }\n\n    enum Kind"));
            List<String> names = new ArrayList<>();
            outline(lsp, path).get(0).path("children").forEach(c -> names.add(c.path("name").asText()));
            assertThat(names).containsExactly("count", "Shapes", "area", "grow", "Kind", "Point");
        }
    }

    private static JsonNode outline(LspClient lsp, String path) throws InterruptedException {
        return lsp.request("textDocument/documentSymbol", Map.of("textDocument", Map.of("uri", LspClient.uri(path))))
                .path("result");
    }

    @Test
    void malformedAndHostileMessagesGetErrorsAndTheSessionSurvives() throws Exception {
        long ws = workspace(null);
        String path = "src/App.java";
        String text = "public class App {\n    int n = \"abc\".length();\n}\n";
        write(ws, path, text);
        try (var lsp = client(ws)) {
            lsp.sendRaw("{this is not json");
            JsonNode parse = lsp.await(n -> n.path("error").path("code").asInt() == -32700, Duration.ofSeconds(10));
            assertThat(parse.path("id").isNull()).isTrue();

            lsp.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":77,\"method\":\"textDocument/hover\",\"params\":{\"textDocument\":42}}");
            JsonNode bad = lsp.await(n -> n.path("id").asInt() == 77, Duration.ofSeconds(10));
            assertThat(bad.path("error").path("code").asInt()).isIn(-32602, -32600);

            assertThat(lsp.request("no/such/method", Map.of()).path("error").path("code").asInt()).isEqualTo(-32601);
            assertThat(lsp.request("textDocument/hover", Map.of("textDocument", Map.of("uri", "file:///../../etc/passwd"),
                    "position", Map.of("line", 0, "character", 0))).path("error").path("code").asInt()).isEqualTo(-32602);
            lsp.sendRaw("x".repeat(4 * 1024 * 1024 + 10));
            assertThat(lsp.await(n -> n.path("error").path("message").asText().contains("too large"), Duration.ofSeconds(20))).isNotNull();
            lsp.sendRaw("[1,2,3]");
            lsp.sendRaw("{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":null}");

            lsp.open(path, text);
            JsonNode hover = lsp.request("textDocument/hover", Map.of("textDocument", Map.of("uri", LspClient.uri(path)),
                    "position", Map.of("line", 1, "character", 20)));
            assertThat(hover.path("result").path("contents").path("value").asText()).contains("int java.lang.String.length()");
        }
    }

    @Test
    void viewersGetNoEditsAndStrangersNoSocket() throws Exception {
        long ws = workspace(null);
        String owner = user;
        String viewer = "viewer" + SEQUENCE.incrementAndGet();
        users.create(viewer, "password-" + viewer, false);
        workspaces.setMember(owner, ws, viewer, Role.VIEWER);
        String path = "src/App.java";
        String text = "public class App {\n    int n = 1;\n}\n";
        write(ws, path, text);
        try (var lsp = new LspClient(port, ws, tokens.create(viewer, "v").token())) {
            JsonNode init = lsp.initialize();
            assertThat(init.path("result").path("capabilities").has("renameProvider")).isFalse();
            lsp.open(path, text);
            JsonNode rename = lsp.request("textDocument/rename", Map.of("textDocument", Map.of("uri", LspClient.uri(path)),
                    "position", Map.of("line", 1, "character", 8), "newName", "m"));
            assertThat(rename.path("error").path("code").asInt()).isEqualTo(-32803);
            assertThat(lsp.request("textDocument/formatting", Map.of("textDocument", Map.of("uri", LspClient.uri(path)),
                    "options", Map.of("tabSize", 4, "insertSpaces", true))).path("error").path("code").asInt()).isEqualTo(-32803);
        }
        String stranger = "stranger" + SEQUENCE.incrementAndGet();
        users.create(stranger, "password-" + stranger, false);
        String token = tokens.create(stranger, "s").token();
        assertThatThrownBy(() -> new LspClient(port, ws, token)).hasCauseInstanceOf(java.net.http.WebSocketHandshakeException.class);
        assertThatThrownBy(() -> HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://localhost:" + port + "/lang/" + ws), new WebSocket.Listener() { }).join())
                .hasCauseInstanceOf(java.net.http.WebSocketHandshakeException.class);
    }

    @Test
    void aDependencyClassOfTheSpringBootTemplateResolvesAndItsRepositoryGoesWithTheWorkspace() throws Exception {
        long ws = workspace("spring-boot-web");
        String path = "src/main/java/com/example/demo/GreetingController.java";
        String text = Files.readString(files.resolve(user, ws, path));
        try (var lsp = client(ws)) {
            lsp.open(path, text);
            long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
            JsonNode diags;
            int version = 1;
            do {
                Thread.sleep(1000);
                lsp.change(path, ++version, text);
                diags = lsp.diagnostics(path, version);
            } while (hasErrors(diags) && System.nanoTime() < deadline);
            assertThat(hasErrors(diags)).as(diags.toString()).isFalse();
            int line = text.lines().toList().indexOf("@RestController");
            JsonNode hover = lsp.request("textDocument/hover", Map.of("textDocument", Map.of("uri", LspClient.uri(path)),
                    "position", Map.of("line", line, "character", 3))).path("result");
            assertThat(hover.path("contents").path("value").asText())
                    .contains("org.springframework.web.bind.annotation.RestController");

            // Deleted while a session is still connected: the model closes, the workspace's repository goes.
            var cache = tandem.home().resolve("lang/cache/" + ws);
            assertThat(cache.resolve("m2/org/springframework")).as("the workspace's own repository").isDirectory();
            workspaces.delete(user, ws);
            assertThat(cache).doesNotExist();
            JsonNode answer = lsp.request("textDocument/hover", Map.of("textDocument", Map.of("uri", LspClient.uri(path)),
                    "position", Map.of("line", line, "character", 3)));
            assertThat(answer.path("error").path("message").asText()).isEqualTo("Workspace closed");
        }
    }

    @Test
    void aPomMavenCannotReadIsAnErrorOnThePomUntilItIsFixed() throws Exception {
        long ws = workspace(null);
        write(ws, "pom.xml", "<project><modelVersion>4.0.0</modelVersion><dependencies><dependency>broken</dependencies></project>");
        write(ws, "src/main/java/A.java", "class A {\n}\n");
        try (var lsp = client(ws)) {
            JsonNode diags = lsp.diagnostics("pom.xml", null);
            assertThat(diags).as(diags.toString()).hasSize(1);
            assertThat(diags.get(0).path("severity").asInt()).isEqualTo(1);
            assertThat(diags.get(0).path("source").asText()).isEqualTo("maven");
            assertThat(diags.get(0).path("message").asText()).startsWith("Maven could not resolve the dependencies");
            // The session is alive and the Java file still gets its problems.
            lsp.open("src/main/java/A.java", "class A {\n    int n = \"x\";\n}\n");
            assertThat(lsp.diagnostics("src/main/java/A.java", 1)).hasSize(1);

            Thread.sleep(1100);
            write(ws, "pom.xml", "<project><modelVersion>4.0.0</modelVersion><groupId>g</groupId><artifactId>a</artifactId>"
                    + "<version>1</version></project>");
            lsp.notify("workspace/didChangeWatchedFiles", Map.of("changes", List.of(Map.of("uri", LspClient.uri("pom.xml"), "type", 2))));
            assertThat(lsp.diagnostics("pom.xml", null)).isEmpty();
        }
    }

    private static boolean hasErrors(JsonNode diags) {
        for (JsonNode d : diags) {
            if (d.path("severity").asInt() == 1) {
                return true;
            }
        }
        return false;
    }

    private static List<String> labels(JsonNode list) {
        List<String> labels = new ArrayList<>();
        list.path("items").forEach(i -> labels.add(i.path("label").asText()));
        return labels;
    }

    /** Applies LSP text edits (non-overlapping) to text. */
    static String apply(String text, JsonNode edits) {
        var doc = new TextDocument("", "", 0, text);
        List<int[]> spans = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (JsonNode e : edits) {
            var r = e.path("range");
            int start = doc.offset(new org.eclipse.lsp4j.Position(r.path("start").path("line").asInt(), r.path("start").path("character").asInt()));
            int end = doc.offset(new org.eclipse.lsp4j.Position(r.path("end").path("line").asInt(), r.path("end").path("character").asInt()));
            spans.add(new int[] {start, end});
            texts.add(e.path("newText").asText());
        }
        StringBuilder out = new StringBuilder(text);
        for (int i = spans.size() - 1; i >= 0; i--) {
            int best = i;
            out.replace(spans.get(best)[0], spans.get(best)[1], texts.get(best));
        }
        return out.toString();
    }
}
