package dev.tandem.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tandem files get|put}: one file of a workspace, raw bytes both ways. */
@Command(name = "files", mixinStandardHelpOptions = true, description = "Read and write files of a workspace.")
final class FilesCommand {

    private final RootCommand root;

    FilesCommand(RootCommand root) {
        this.root = root;
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Print a file, or save it with -o.")
    void get(@Parameters(paramLabel = "WS", description = "Workspace id") long workspace,
            @Parameters(paramLabel = "PATH", description = "Path in the workspace, e.g. src/App.java") String path,
            @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to this file instead") Path output) {
        ApiConnection api = root.connect();
        try (InputStream in = api.download(filesPath(workspace, path))) {
            if (output == null) {
                OutputStream out = root.context.out();
                in.transferTo(out);
                out.flush();
            } else {
                // Into a temporary file first, so a failed download never leaves half a file behind.
                Path target = output.toAbsolutePath();
                Path temp = Files.createTempFile(target.getParent(), ".tandem-", ".part");
                try {
                    Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                } finally {
                    Files.deleteIfExists(temp);
                }
            }
        } catch (IOException e) {
            throw new CliException("Cannot save " + (output == null ? "the file" : output) + ": " + e.getMessage());
        }
    }

    @Command(name = "put", mixinStandardHelpOptions = true, description = "Upload a local file (or - for stdin).")
    void put(@Parameters(paramLabel = "WS", description = "Workspace id") long workspace,
            @Parameters(paramLabel = "PATH", description = "Path in the workspace; missing folders are created") String path,
            @Parameters(paramLabel = "FILE", description = "Local file to upload, or - for standard input") String file) {
        HttpRequest.BodyPublisher body;
        if (file.equals("-")) {
            body = HttpRequest.BodyPublishers.ofInputStream(root.context::in);
        } else {
            Path local = Path.of(file);
            if (!Files.isRegularFile(local)) {
                throw new CliException("No such file: " + file, CliException.USAGE);
            }
            try {
                body = HttpRequest.BodyPublishers.ofFile(local);
            } catch (IOException e) {
                throw new CliException("Cannot read " + file + ": " + e.getMessage());
            }
        }
        var written = root.connect().upload(filesPath(workspace, path), body);
        root.context.out().println("Wrote " + written.path("path").asText(path) + " (" + written.path("size").asText("?")
                + " bytes)");
    }

    private static String filesPath(long workspace, String path) {
        String relative = path.startsWith("/") ? path.substring(1) : path;
        if (relative.isEmpty()) {
            throw new CliException("Name a file in the workspace", CliException.USAGE);
        }
        return "/api/v1/workspaces/" + workspace + "/files/" + ApiConnection.encodePath(relative);
    }
}
