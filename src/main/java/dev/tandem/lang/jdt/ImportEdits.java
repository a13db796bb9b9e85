package dev.tandem.lang.jdt;

import dev.tandem.lang.TextDocument;
import java.util.List;
import org.eclipse.jdt.core.dom.CompilationUnit;
import org.eclipse.jdt.core.dom.ImportDeclaration;
import org.eclipse.jdt.core.dom.PackageDeclaration;
import org.eclipse.lsp4j.TextEdit;

/** Where and whether a file needs an import for a type. */
public final class ImportEdits {

    private ImportEdits() {
    }

    public static String packageOf(CompilationUnit unit) {
        PackageDeclaration pkg = unit.getPackage();
        return pkg == null ? "" : pkg.getName().getFullyQualifiedName();
    }

    /** Whether {@code qualifiedName} (package {@code packageName}) can be used by simple name without a new import. */
    @SuppressWarnings("unchecked")
    public static boolean isVisible(CompilationUnit unit, String packageName, String qualifiedName) {
        if (packageName.equals("java.lang") || packageName.equals(packageOf(unit))) {
            return true;
        }
        for (ImportDeclaration imp : (List<ImportDeclaration>) unit.imports()) {
            if (imp.isStatic()) {
                continue;
            }
            String name = imp.getName().getFullyQualifiedName();
            if (imp.isOnDemand() ? name.equals(packageName) : name.equals(qualifiedName)) {
                return true;
            }
        }
        return false;
    }

    /** The edit that adds {@code import qualifiedName;}, after the last import or the package declaration. */
    @SuppressWarnings("unchecked")
    public static TextEdit addImport(CompilationUnit unit, TextDocument doc, String qualifiedName) {
        List<ImportDeclaration> imports = unit.imports();
        String line = "import " + qualifiedName + ";\n";
        int at;
        String text;
        if (!imports.isEmpty()) {
            ImportDeclaration after = imports.get(imports.size() - 1);
            for (ImportDeclaration imp : imports) {
                if (!imp.isStatic() && imp.getName().getFullyQualifiedName().compareTo(qualifiedName) > 0) {
                    after = null;
                    at = lineStart(doc, imp.getStartPosition());
                    return new TextEdit(doc.range(at, at), line);
                }
            }
            at = lineEnd(doc, after.getStartPosition() + after.getLength());
            text = line;
        } else if (unit.getPackage() != null) {
            at = lineEnd(doc, unit.getPackage().getStartPosition() + unit.getPackage().getLength());
            text = "\n" + line;
        } else {
            at = 0;
            text = line + "\n";
        }
        return new TextEdit(doc.range(at, at), text);
    }

    static int lineStart(TextDocument doc, int offset) {
        String t = doc.text();
        int i = Math.min(offset, t.length());
        while (i > 0 && t.charAt(i - 1) != '\n') {
            i--;
        }
        return i;
    }

    static int lineEnd(TextDocument doc, int offset) {
        String t = doc.text();
        int i = Math.min(offset, t.length());
        while (i < t.length() && t.charAt(i) != '\n') {
            i++;
        }
        return Math.min(t.length(), i + 1);
    }
}
