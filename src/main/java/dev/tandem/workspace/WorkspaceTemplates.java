package dev.tandem.workspace;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.io.support.ResourcePatternResolver;
import org.springframework.core.io.support.ResourcePatternUtils;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriUtils;

/**
 * Project templates: the folders {@code workspace-templates/<name>/} on the classpath (the
 * repository's {@code workspace-templates/} is packaged there). They are scanned on each call
 * rather than cached, so nothing is held in memory and a test classpath can add its own.
 *
 * <p>The classpath keeps no file modes, so a copied file starting with {@code #!} is made
 * executable: scripts such as {@code mvnw} must run in the new workspace.
 */
@Component
class WorkspaceTemplates {

    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final String ROOT = "workspace-templates/";

    private static final Logger log = LoggerFactory.getLogger(WorkspaceTemplates.class);

    private final ResourcePatternResolver resolver;
    private final ObjectMapper json;

    WorkspaceTemplates(ResourceLoader resourceLoader, ObjectMapper json) {
        this.resolver = ResourcePatternUtils.getResourcePatternResolver(resourceLoader);
        this.json = json;
    }

    /** Names of all templates, sorted. */
    List<String> names() {
        return List.copyOf(scan().keySet());
    }

    /** All templates, sorted by name, described by {@code index.json} where it names them. */
    List<Template> describe() {
        Map<String, Template> described = new HashMap<>();
        try {
            for (Resource index : resolver.getResources("classpath*:" + ROOT + "index.json")) {
                try (InputStream in = index.getInputStream()) {
                    for (Template template : json.readValue(in, Template[].class)) {
                        if (template.name() != null) {
                            described.putIfAbsent(template.name(), template);
                        }
                    }
                } catch (IOException e) {
                    // A broken index costs the descriptions, not the templates.
                    log.warn("Ignoring the unreadable template index {}: {}", index, e.toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the workspace templates", e);
        }
        return names().stream()
                .map(name -> {
                    Template t = described.get(name);
                    return t == null ? new Template(name, name, null, null)
                            : new Template(name, t.title() == null ? name : t.title(), t.description(), t.language());
                })
                .toList();
    }

    boolean exists(String name) {
        return name != null && NAME.matcher(name).matches() && scan().containsKey(name);
    }

    /** Copies the template's files into {@code target}, which exists and is empty. */
    void copyTo(String name, Path target) throws IOException {
        Map<String, Resource> entries = scan().get(name);
        if (entries == null) {
            throw new IllegalArgumentException("unknown template " + name);
        }
        for (Map.Entry<String, Resource> entry : entries.entrySet()) {
            Path path = target.resolve(entry.getKey()).normalize();
            if (!path.startsWith(target)) {
                continue;
            }
            if (entry.getValue() == null) {
                Files.createDirectories(path);
                continue;
            }
            Files.createDirectories(path.getParent());
            try (InputStream in = entry.getValue().getInputStream()) {
                Files.copy(in, path, StandardCopyOption.REPLACE_EXISTING);
            }
            if (isScript(path)) {
                makeExecutable(path);
            }
        }
    }

    /** Template name → (path inside the template → file resource, or null for a folder). */
    private Map<String, Map<String, Resource>> scan() {
        Map<String, Map<String, Resource>> templates = new TreeMap<>();
        try {
            Resource[] all = null;
            for (Resource root : resolver.getResources("classpath*:" + ROOT)) {
                if (root.isFile()) {
                    scanDirectory(root.getFile().toPath(), templates);
                    continue;
                }
                // Inside a jar: match entries by URL prefix, as the resolver builds them from the root's URL.
                if (all == null) {
                    all = resolver.getResources("classpath*:" + ROOT + "**");
                }
                String prefix = root.getURL().toString();
                for (Resource resource : all) {
                    String url = resource.getURL().toString();
                    if (url.length() > prefix.length() && url.startsWith(prefix)) {
                        String relative = UriUtils.decode(url.substring(prefix.length()), StandardCharsets.UTF_8);
                        boolean directory = relative.endsWith("/");
                        add(templates, directory ? relative.substring(0, relative.length() - 1) : relative,
                                directory ? null : resource);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the workspace templates", e);
        }
        return templates;
    }

    private static void scanDirectory(Path root, Map<String, Map<String, Resource>> templates) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                if (!path.equals(root)) {
                    String relative = root.relativize(path).toString().replace(File.separatorChar, '/');
                    add(templates, relative, Files.isDirectory(path) ? null : new FileSystemResource(path));
                }
            }
        }
    }

    private static void add(Map<String, Map<String, Resource>> templates, String relative, Resource resource) {
        int slash = relative.indexOf('/');
        String name = slash < 0 ? relative : relative.substring(0, slash);
        if (!NAME.matcher(name).matches() || (slash < 0 && resource != null)) {
            return; // a template is a folder; loose files beside the templates are not one
        }
        Map<String, Resource> entries = templates.computeIfAbsent(name, n -> new LinkedHashMap<>());
        if (slash >= 0) {
            // The first classpath root wins, so a test classpath can shadow a packaged file.
            entries.putIfAbsent(relative.substring(slash + 1), resource);
        }
    }

    private static boolean isScript(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] head = in.readNBytes(2);
            return head.length == 2 && head[0] == '#' && head[1] == '!';
        }
    }

    private static void makeExecutable(Path path) throws IOException {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
            permissions.add(PosixFilePermission.OWNER_EXECUTE);
            permissions.add(PosixFilePermission.GROUP_EXECUTE);
            Files.setPosixFilePermissions(path, permissions);
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: there is no execute bit to set.
        }
    }
}
