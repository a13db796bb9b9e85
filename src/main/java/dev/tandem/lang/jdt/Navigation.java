package dev.tandem.lang.jdt;

import dev.tandem.lang.TextDocument;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javax.lang.model.SourceVersion;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.jdt.core.dom.ASTNode;
import org.eclipse.jdt.core.dom.ASTVisitor;
import org.eclipse.jdt.core.dom.AbstractTypeDeclaration;
import org.eclipse.jdt.core.dom.AnnotationTypeMemberDeclaration;
import org.eclipse.jdt.core.dom.CompilationUnit;
import org.eclipse.jdt.core.dom.EnumConstantDeclaration;
import org.eclipse.jdt.core.dom.IBinding;
import org.eclipse.jdt.core.dom.IMethodBinding;
import org.eclipse.jdt.core.dom.ITypeBinding;
import org.eclipse.jdt.core.dom.IVariableBinding;
import org.eclipse.jdt.core.dom.MethodDeclaration;
import org.eclipse.jdt.core.dom.Modifier;
import org.eclipse.jdt.core.dom.SimpleName;
import org.eclipse.jdt.core.dom.VariableDeclaration;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;

/**
 * Go to definition, find references and rename across the workspace's sources. Declarations in
 * other files are found by compiling the file of the declaring top-level type and looking the
 * binding's key up there; references by compiling every file that mentions the name.
 */
public final class Navigation {

    /** A declaration found in the workspace's sources. */
    public record Declaration(Path file, TextDocument doc, CompilationUnit unit, ASTNode node, SimpleName name) {
    }

    private final JavaProject java;
    private final Path root;
    private final Map<Path, char[]> overlay;
    private final Function<String, String> uriOf;
    private final IProgressMonitor monitor;

    public Navigation(JavaProject java, Path root, Map<Path, char[]> overlay, Function<String, String> uriOf,
            IProgressMonitor monitor) {
        this.java = java;
        this.root = root;
        this.overlay = overlay;
        this.uriOf = uriOf;
        this.monitor = monitor;
    }

    public List<Location> definition(CompilationUnit unit, TextDocument doc, int offset) {
        SimpleName name = Bindings.nameAt(unit, offset);
        IBinding binding = name == null ? null : name.resolveBinding();
        if (binding == null) {
            return List.of();
        }
        Declaration decl = declaration(binding, unit, doc);
        if (decl == null) {
            return List.of();
        }
        return List.of(location(decl.doc(), decl.name().getStartPosition(), decl.name().getLength()));
    }

    /** Where {@code binding} is declared in the workspace's sources (or the current unit), if anywhere. */
    public Declaration declaration(IBinding binding, CompilationUnit current, TextDocument currentDoc) {
        String key = Bindings.key(binding);
        if (key == null) {
            return null;
        }
        ASTNode node = current.findDeclaringNode(key);
        if (node != null) {
            return declarationIn(root.resolve(currentDoc.path()), currentDoc, current, node);
        }
        ITypeBinding top = Bindings.topLevelType(binding);
        if (top == null || !top.isFromSource()) {
            return null;
        }
        Path file = sourceFileOf(top);
        if (file == null) {
            return null;
        }
        TextDocument doc = read(file);
        if (doc == null) {
            return null;
        }
        CompilationUnit unit = java.compile(file, doc.text().toCharArray(), overlay, true, monitor);
        node = unit.findDeclaringNode(key);
        return node == null ? null : declarationIn(file, doc, unit, node);
    }

    private static Declaration declarationIn(Path file, TextDocument doc, CompilationUnit unit, ASTNode node) {
        SimpleName name = null;
        if (node instanceof AbstractTypeDeclaration t) {
            name = t.getName();
        } else if (node instanceof MethodDeclaration m) {
            name = m.getName();
        } else if (node instanceof VariableDeclaration v) {
            name = v.getName();
        } else if (node instanceof EnumConstantDeclaration e) {
            name = e.getName();
        } else if (node instanceof AnnotationTypeMemberDeclaration a) {
            name = a.getName();
        }
        return name == null ? null : new Declaration(file, doc, unit, node, name);
    }

    private Path sourceFileOf(ITypeBinding top) {
        String pkg = top.getPackage() == null ? "" : top.getPackage().getName();
        String relative = (pkg.isEmpty() ? "" : pkg.replace('.', '/') + "/") + top.getName() + ".java";
        for (Path sourceRoot : java.layout().sourceRoots()) {
            Path candidate = sourceRoot.resolve(relative);
            if (overlay.containsKey(candidate) || Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    public List<Location> references(CompilationUnit unit, TextDocument doc, int offset, boolean includeDeclaration) {
        List<Location> result = new ArrayList<>();
        SimpleName name = Bindings.nameAt(unit, offset);
        occurrences(unit, doc, name, name == null ? null : name.resolveBinding()).forEach((d, ranges) -> {
            for (int[] r : ranges) {
                if (includeDeclaration || r[2] == 0) {
                    result.add(location(d, r[0], r[1]));
                }
            }
        });
        return result;
    }

    /**
     * What a rename changes: the edits of each file (keyed by the document the edits were computed
     * on, whose text is that of the compilation), and the file that moves with it, if any.
     *
     * @param moveFrom workspace-relative path of the file renamed along with its public top-level
     *                 type ({@code demo/Foo.java} when {@code Foo} is renamed), or null
     * @param moveTo   its new path in the same folder ({@code demo/Bar.java}), or null
     */
    public record Rename(Map<TextDocument, List<TextEdit>> edits, String moveFrom, String moveTo) {

        /** The edits as an LSP {@code WorkspaceEdit} of text changes only. */
        public WorkspaceEdit textEdit() {
            Map<String, List<TextEdit>> changes = new LinkedHashMap<>();
            edits.forEach((doc, list) -> changes.put(doc.uri(), list));
            return new WorkspaceEdit(changes);
        }
    }

    /**
     * Renames the name at {@code offset} everywhere in the workspace's sources. A public top-level
     * type declared in a file of its name takes the file along (as Eclipse and VS Code do), since
     * the compiler wants a public type in a file of that name.
     */
    public Rename rename(CompilationUnit unit, TextDocument doc, int offset, String newName) {
        if (newName == null || !SourceVersion.isIdentifier(newName) || SourceVersion.isKeyword(newName)) {
            throw new IllegalArgumentException("Not a valid Java name: " + newName);
        }
        SimpleName name = Bindings.nameAt(unit, offset);
        IBinding binding = name == null ? null : name.resolveBinding();
        if (binding instanceof IMethodBinding m && m.isConstructor()) {
            // A constructor has its type's name: renaming it is renaming the type, as in Eclipse.
            binding = m.getDeclaringClass();
        }
        Declaration declaration = binding == null ? null : declaration(binding, unit, doc);
        if (declaration == null) {
            throw new IllegalArgumentException("Only names declared in this workspace can be renamed");
        }
        Map<TextDocument, List<TextEdit>> edits = new LinkedHashMap<>();
        occurrences(unit, doc, name, binding).forEach((d, ranges) -> {
            List<TextEdit> list = new ArrayList<>();
            for (int[] r : ranges) {
                list.add(new TextEdit(d.range(r[0], r[0] + r[1]), newName));
            }
            edits.put(d, list);
        });
        String from = root.relativize(declaration.file()).toString().replace('\\', '/');
        String fileName = from.substring(from.lastIndexOf('/') + 1);
        if (binding instanceof ITypeBinding type && type.isTopLevel() && Modifier.isPublic(type.getModifiers())
                && fileName.equals(type.getName() + ".java") && !newName.equals(type.getName())) {
            return new Rename(edits, from, from.substring(0, from.length() - fileName.length()) + newName + ".java");
        }
        return new Rename(edits, null, null);
    }

    /** Every use and declaration of {@code binding} (named {@code name}): document → [start, length, isDeclaration]. */
    private Map<TextDocument, List<int[]>> occurrences(CompilationUnit unit, TextDocument doc, SimpleName name, IBinding binding) {
        Map<TextDocument, List<int[]>> result = new LinkedHashMap<>();
        String key = binding == null ? null : Bindings.key(binding);
        if (key == null) {
            return result;
        }
        String identifier = name.getIdentifier();
        boolean local = binding instanceof IVariableBinding v && !v.isField();
        collect(unit, doc, key, result);
        if (local) {
            return result;
        }
        Set<Path> files = new LinkedHashSet<>(java.sourceFiles());
        files.addAll(overlay.keySet());
        Path current = root.resolve(doc.path());
        for (Path file : files) {
            if (monitor.isCanceled()) {
                throw new OperationCanceledException();
            }
            if (file.equals(current) || !file.toString().endsWith(".java")) {
                continue;
            }
            TextDocument other = read(file);
            if (other == null || !other.text().contains(identifier)) {
                continue;
            }
            collect(java.compile(file, other.text().toCharArray(), overlay, true, monitor), other, key, result);
        }
        return result;
    }

    private static void collect(CompilationUnit unit, TextDocument doc, String key, Map<TextDocument, List<int[]>> into) {
        List<int[]> found = new ArrayList<>();
        unit.accept(new ASTVisitor() {
            @Override
            public boolean visit(SimpleName node) {
                IBinding b = node.resolveBinding();
                if (b == null) {
                    return false;
                }
                String k = Bindings.key(b);
                boolean match = key.equals(k);
                if (!match && b instanceof IMethodBinding m && m.isConstructor()) {
                    match = key.equals(Bindings.key(m.getDeclaringClass()));
                }
                if (match) {
                    found.add(new int[] {node.getStartPosition(), node.getLength(), node.isDeclaration() ? 1 : 0});
                }
                return false;
            }
        });
        if (!found.isEmpty()) {
            into.put(doc, found);
        }
    }

    private TextDocument read(Path file) {
        String relative = root.relativize(file).toString();
        char[] open = overlay.get(file);
        if (open != null) {
            return new TextDocument(uriOf.apply(relative), relative, 0, new String(open));
        }
        try {
            return new TextDocument(uriOf.apply(relative), relative, 0, Files.readString(file));
        } catch (IOException e) {
            return null;
        }
    }

    private Location location(TextDocument doc, int start, int length) {
        return new Location(uriOf.apply(doc.path()), doc.range(start, start + length));
    }
}
