package dev.tandem.lang.jdt;

import dev.tandem.lang.TextDocument;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.eclipse.jdt.core.ToolFactory;
import org.eclipse.jdt.core.formatter.CodeFormatter;
import org.eclipse.jdt.core.formatter.DefaultCodeFormatterConstants;
import org.eclipse.text.edits.DeleteEdit;
import org.eclipse.text.edits.InsertEdit;
import org.eclipse.text.edits.MultiTextEdit;
import org.eclipse.text.edits.ReplaceEdit;
import org.eclipse.text.edits.TextEdit;

/**
 * The JDT formatter with Eclipse's built-in profile, or the workspace's own settings when it has
 * {@code .settings/org.eclipse.jdt.core.prefs} (as Eclipse writes it: formatter keys override the
 * built-in profile).
 */
public final class Formatting {

    static final String PREFS = ".settings/org.eclipse.jdt.core.prefs";

    private Formatting() {
    }

    public static List<org.eclipse.lsp4j.TextEdit> format(TextDocument doc, int offset, int length,
            Map<String, String> compilerOptions, Path workspaceRoot) {
        Map<String, String> options = new HashMap<>(DefaultCodeFormatterConstants.getEclipseDefaultSettings());
        options.putAll(compilerOptions);
        options.putAll(workspaceSettings(workspaceRoot));
        CodeFormatter formatter = ToolFactory.createCodeFormatter(options);
        String text = doc.text();
        int start = Math.max(0, Math.min(offset, text.length()));
        int len = Math.max(0, Math.min(length, text.length() - start));
        TextEdit edit = formatter.format(CodeFormatter.K_COMPILATION_UNIT | CodeFormatter.F_INCLUDE_COMMENTS, text, start, len,
                0, "\n");
        List<org.eclipse.lsp4j.TextEdit> result = new ArrayList<>();
        if (edit != null) {
            flatten(edit, doc, result);
        }
        return result;
    }

    private static void flatten(TextEdit edit, TextDocument doc, List<org.eclipse.lsp4j.TextEdit> into) {
        if (edit instanceof ReplaceEdit r) {
            into.add(new org.eclipse.lsp4j.TextEdit(doc.range(r.getOffset(), r.getOffset() + r.getLength()), r.getText()));
        } else if (edit instanceof InsertEdit i) {
            into.add(new org.eclipse.lsp4j.TextEdit(doc.range(i.getOffset(), i.getOffset()), i.getText()));
        } else if (edit instanceof DeleteEdit d) {
            into.add(new org.eclipse.lsp4j.TextEdit(doc.range(d.getOffset(), d.getOffset() + d.getLength()), ""));
        }
        if (edit instanceof MultiTextEdit || edit.hasChildren()) {
            for (TextEdit child : edit.getChildren()) {
                flatten(child, doc, into);
            }
        }
    }

    private static Map<String, String> workspaceSettings(Path root) {
        Path prefs = root.resolve(PREFS);
        Map<String, String> settings = new HashMap<>();
        if (Files.isRegularFile(prefs)) {
            Properties properties = new Properties();
            try (InputStream in = Files.newInputStream(prefs)) {
                properties.load(in);
            } catch (IOException | IllegalArgumentException e) {
                return settings;
            }
            properties.forEach((k, v) -> {
                if (k.toString().startsWith("org.eclipse.jdt.core.formatter.")) {
                    settings.put(k.toString(), v.toString());
                }
            });
        }
        return settings;
    }
}
