package dev.tandem.api;

import dev.tandem.config.TandemException;
import dev.tandem.config.TandemProperties;
import dev.tandem.workspace.FileEntry;
import dev.tandem.workspace.Upload;
import dev.tandem.workspace.WorkspaceFiles;
import dev.tandem.workspace.WorkspaceService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** The files of a workspace: listing, raw read and write, folders, moves, uploads and zip downloads. */
@RestController
@RequestMapping("/api/v1/workspaces/{id}")
@Tag(name = "Files", description = "Files of a workspace; paths are workspace-relative with '/' separators")
class FileController {

    /** An encoded '/', '\\', NUL or '%' would become a separator or a second encoding once decoded. */
    private static final Pattern ENCODED_SEPARATOR = Pattern.compile("%(2[fF]|5[cC]|00|25)");
    private static final String PATH_DOC = "the file's path, each segment URL-encoded";
    /** Files are the users' own content: never let a browser run it in the application's origin. */
    private static final String SANDBOX = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:";

    private final WorkspaceFiles files;
    private final WorkspaceService workspaces;
    private final TandemProperties properties;

    FileController(WorkspaceFiles files, WorkspaceService workspaces, TandemProperties properties) {
        this.files = files;
        this.workspaces = workspaces;
        this.properties = properties;
    }

    record MoveRequest(String from, String to) {
    }

    record PathRequest(String path) {
    }

    @GetMapping("/tree")
    @Operation(summary = "One level of a folder: folders first, then files, by name")
    List<FileEntry> tree(Authentication auth, @PathVariable long id,
            @Parameter(description = "the folder; empty for the root") @RequestParam(defaultValue = "") String path) {
        return files.list(auth.getName(), id, path);
    }

    @GetMapping("/stat")
    @Operation(summary = "One file or folder")
    FileEntry stat(Authentication auth, @PathVariable long id, @RequestParam(defaultValue = "") String path) {
        return files.stat(auth.getName(), id, path);
    }

    @GetMapping("/files/{*path}")
    @Operation(summary = "Read a file; the Content-Type is guessed from its name")
    ResponseEntity<InputStreamResource> read(Authentication auth, @PathVariable long id,
            @Parameter(description = PATH_DOC) @PathVariable String path, HttpServletRequest request) {
        String file = filePath(path, request);
        FileEntry entry = files.stat(auth.getName(), id, file);
        InputStream in = files.open(auth.getName(), id, file);
        return ResponseEntity.ok()
                .contentType(MediaTypeFactory.getMediaType(entry.name()).orElse(MediaType.APPLICATION_OCTET_STREAM))
                .lastModified(entry.modified())
                .header("Content-Security-Policy", SANDBOX)
                .body(new InputStreamResource(in));
    }

    @PutMapping("/files/{*path}")
    @Operation(summary = "Write a file from the raw request body (editors); atomic, creates missing folders")
    FileEntry write(Authentication auth, @PathVariable long id, @Parameter(description = PATH_DOC) @PathVariable String path,
            @RequestHeader(value = HttpHeaders.CONTENT_LENGTH, required = false) Long length,
            HttpServletRequest request) throws IOException {
        if (length != null && length > properties.maxUploadSize().toBytes()) {
            throw TandemException.tooLarge("A file may be at most " + properties.maxUploadSize() + " large");
        }
        return files.write(auth.getName(), id, filePath(path, request), request.getInputStream());
    }

    @DeleteMapping("/files/{*path}")
    @Operation(summary = "Delete a file, or a folder with its content (editors)")
    ResponseEntity<Void> delete(Authentication auth, @PathVariable long id, @Parameter(description = PATH_DOC) @PathVariable String path,
            HttpServletRequest request) {
        files.delete(auth.getName(), id, filePath(path, request));
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/files:move")
    @Operation(summary = "Move or rename a file or folder (editors); 409 when the target exists")
    FileEntry move(Authentication auth, @PathVariable long id, @RequestBody MoveRequest request) {
        files.move(auth.getName(), id, request.from(), request.to());
        return files.stat(auth.getName(), id, request.to());
    }

    @PostMapping("/files:mkdir")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a folder and its missing parents (editors); 409 when something exists there")
    FileEntry mkdir(Authentication auth, @PathVariable long id, @RequestBody PathRequest request) {
        files.createDirectory(auth.getName(), id, request.path());
        return files.stat(auth.getName(), id, request.path());
    }

    @PostMapping(path = "/upload", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Upload files (multipart, part name 'files', many allowed; file names may contain folders) into a folder (editors)")
    List<FileEntry> upload(Authentication auth, @PathVariable long id,
            @RequestParam(defaultValue = "") String dir, @RequestPart("files") List<MultipartFile> parts) {
        List<Upload> uploads = parts.stream()
                .map(part -> new Upload(part.getOriginalFilename(), part.getSize(), part))
                .toList();
        return files.upload(auth.getName(), id, dir, uploads);
    }

    @GetMapping("/zip")
    @Operation(summary = "Download a folder (entries relative to it) or a file as a zip, streamed")
    void zip(Authentication auth, @PathVariable long id, @RequestParam(defaultValue = "") String path,
            HttpServletResponse response) throws IOException {
        FileEntry entry = files.stat(auth.getName(), id, path);
        String base = entry.path().isEmpty() ? workspaces.get(auth.getName(), id).name() : entry.name();
        response.setContentType("application/zip");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment().filename(base + ".zip", StandardCharsets.UTF_8).build().toString());
        files.zip(auth.getName(), id, entry.path(), response.getOutputStream());
    }

    /** The captured path (decoded, with a leading '/') as a workspace path, refusing encoded separators in the raw URI. */
    private static String filePath(String captured, HttpServletRequest request) {
        if (ENCODED_SEPARATOR.matcher(request.getRequestURI()).find()) {
            throw new TandemException(400, "bad_path", "The path must not contain encoded separators");
        }
        return captured.startsWith("/") ? captured.substring(1) : captured;
    }
}
