package dev.tandem.lang.jdt;

import dev.tandem.lang.TextDocument;
import org.eclipse.jdt.core.dom.BodyDeclaration;
import org.eclipse.jdt.core.dom.CompilationUnit;
import org.eclipse.jdt.core.dom.IBinding;
import org.eclipse.jdt.core.dom.Javadoc;
import org.eclipse.jdt.core.dom.SimpleName;
import org.eclipse.jdt.core.dom.VariableDeclarationFragment;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;

/** Hover: the signature of the element under the caret and, for workspace sources, its Javadoc as Markdown. */
public final class Hovers {

    private Hovers() {
    }

    public static Hover hover(CompilationUnit unit, TextDocument doc, int offset, Navigation navigation) {
        SimpleName name = Bindings.nameAt(unit, offset);
        IBinding binding = name == null ? null : name.resolveBinding();
        if (binding == null) {
            return null;
        }
        StringBuilder md = new StringBuilder("```java\n").append(Bindings.signature(binding)).append("\n```");
        Navigation.Declaration decl = navigation.declaration(binding, unit, doc);
        if (decl != null) {
            String javadoc = javadoc(decl);
            if (!javadoc.isBlank()) {
                md.append("\n\n").append(javadoc);
            }
        }
        return new Hover(new MarkupContent(MarkupKind.MARKDOWN, md.toString()),
                doc.range(name.getStartPosition(), name.getStartPosition() + name.getLength()));
    }

    private static String javadoc(Navigation.Declaration decl) {
        var node = decl.node();
        if (node instanceof VariableDeclarationFragment && node.getParent() instanceof BodyDeclaration body) {
            node = body;
        }
        if (!(node instanceof BodyDeclaration body) || body.getJavadoc() == null) {
            return "";
        }
        Javadoc javadoc = body.getJavadoc();
        String raw = decl.doc().text().substring(javadoc.getStartPosition(), javadoc.getStartPosition() + javadoc.getLength());
        return toMarkdown(raw);
    }

    /** Javadoc source to Markdown: comment markers off, inline tags as code, block tags as a list. */
    static String toMarkdown(String comment) {
        String body = comment.replaceFirst("^/\\*\\*", "").replaceFirst("\\*/$", "");
        StringBuilder out = new StringBuilder();
        for (String line : body.split("\n")) {
            String l = line.strip().replaceFirst("^\\*\\s?", "");
            if (l.startsWith("@")) {
                String[] parts = l.split("\\s+", 3);
                String tag = parts[0].substring(1);
                if (tag.equals("param") && parts.length >= 2) {
                    l = "- *@param* `" + parts[1] + "`" + (parts.length > 2 ? " " + parts[2] : "");
                } else {
                    l = "- *@" + tag + "*" + (l.length() > parts[0].length() ? l.substring(parts[0].length()) : "");
                }
            }
            out.append(l).append('\n');
        }
        return out.toString()
                .replaceAll("\\{@(?:code|literal)\\s+([^}]*)}", "`$1`")
                .replaceAll("\\{@(?:link|linkplain)\\s+([^}\\s]*)[^}]*}", "`$1`")
                .replaceAll("</?p>", "\n")
                .strip();
    }
}
