package dev.tandem.ui.editor;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The syntax modes of the code editor and the file names they apply to. The id is what the
 * browser side ({@code frontend/tandem-editor/languages.ts}) loads; the display name is for
 * people (status bar).
 */
public enum EditorLanguage {
    JAVA("java", "Java", "java"),
    JAVASCRIPT("javascript", "JavaScript", "js", "mjs", "cjs"),
    JSX("jsx", "JavaScript JSX", "jsx"),
    TYPESCRIPT("typescript", "TypeScript", "ts", "mts", "cts"),
    TSX("tsx", "TypeScript JSX", "tsx"),
    PYTHON("python", "Python", "py", "pyw", "pyi"),
    HTML("html", "HTML", "html", "htm", "xhtml"),
    CSS("css", "CSS", "css"),
    JSON("json", "JSON", "json", "jsonc", "webmanifest"),
    YAML("yaml", "YAML", "yaml", "yml"),
    MARKDOWN("markdown", "Markdown", "md", "markdown"),
    XML("xml", "XML", "xml", "xsd", "xsl", "xslt", "svg", "fxml", "wsdl", "pom", "iml"),
    SQL("sql", "SQL", "sql"),
    PLAIN_TEXT("plain", "Plain text");

    private final String id;
    private final String displayName;
    private final List<String> extensions;

    EditorLanguage(String id, String displayName, String... extensions) {
        this.id = id;
        this.displayName = displayName;
        this.extensions = List.of(extensions);
    }

    /** The id the browser side knows the mode by, e.g. {@code "java"}. */
    public String id() {
        return id;
    }

    /** A human name, e.g. {@code "Java"} or {@code "Plain text"}. */
    public String displayName() {
        return displayName;
    }

    /**
     * The language for a file name or path (only the last segment counts; case-insensitive),
     * {@link #PLAIN_TEXT} when no mode fits.
     */
    public static EditorLanguage forFileName(String fileName) {
        if (fileName == null) {
            return PLAIN_TEXT;
        }
        String name = fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
        int dot = name.lastIndexOf('.');
        if (dot < 0 || dot == name.length() - 1) {
            return PLAIN_TEXT;
        }
        String extension = name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(language -> language.extensions.contains(extension))
                .findFirst()
                .orElse(PLAIN_TEXT);
    }
}
