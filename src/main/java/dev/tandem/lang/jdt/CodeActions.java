package dev.tandem.lang.jdt;

import dev.tandem.lang.TextDocument;
import dev.tandem.lang.jdt.TypeNames.TypeName;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jdt.core.compiler.IProblem;
import org.eclipse.jdt.core.dom.ASTNode;
import org.eclipse.jdt.core.dom.Block;
import org.eclipse.jdt.core.dom.CompilationUnit;
import org.eclipse.jdt.core.dom.ImportDeclaration;
import org.eclipse.jdt.core.dom.MethodDeclaration;
import org.eclipse.jdt.core.dom.NodeFinder;
import org.eclipse.jdt.core.dom.Statement;
import org.eclipse.jdt.core.dom.Type;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/**
 * Quick fixes (import a missing type, remove an unused import, add a throws declaration or a
 * try/catch for an unhandled exception) and the "organize imports" source action, computed from
 * the compiler's problems in a fresh compilation of the document.
 */
public final class CodeActions {

    private CodeActions() {
    }

    public static List<Either<Command, CodeAction>> actions(CompilationUnit unit, TextDocument doc, Range range,
            CodeActionContext context, TypeNames types) {
        List<Either<Command, CodeAction>> actions = new ArrayList<>();
        List<String> only = context == null ? null : context.getOnly();
        int start = doc.offset(range.getStart());
        int end = doc.offset(range.getEnd());
        if (only == null || only.stream().anyMatch(k -> k.startsWith(CodeActionKind.QuickFix))) {
            for (IProblem problem : unit.getProblems()) {
                if (problem.getSourceEnd() + 1 < start || problem.getSourceStart() > end) {
                    continue;
                }
                quickFixes(unit, doc, problem, types, actions);
            }
        }
        if (only == null || only.stream().anyMatch(k -> k.startsWith(CodeActionKind.Source))) {
            var organize = new CodeAction("Organize imports");
            organize.setKind(CodeActionKind.SourceOrganizeImports);
            organize.setEdit(edit(doc, organizeImports(unit, doc, types)));
            actions.add(Either.forRight(organize));
        }
        return actions;
    }

    private static void quickFixes(CompilationUnit unit, TextDocument doc, IProblem problem, TypeNames types,
            List<Either<Command, CodeAction>> into) {
        var diagnostic = Diagnostics.of(problem, doc);
        switch (problem.getID()) {
            case IProblem.UndefinedType, IProblem.UndefinedName, IProblem.UnresolvedVariable -> {
                String name = doc.text().substring(problem.getSourceStart(), problem.getSourceEnd() + 1);
                int dot = name.lastIndexOf('.');
                String simple = dot >= 0 ? name.substring(0, name.indexOf('.')) : name;
                for (TypeName candidate : candidates(types, simple)) {
                    var action = fix("Import '" + candidate.qualifiedName() + "'", diagnostic,
                            List.of(ImportEdits.addImport(unit, doc, candidate.qualifiedName())), doc);
                    into.add(Either.forRight(action));
                }
            }
            case IProblem.UnusedImport -> {
                int from = ImportEdits.lineStart(doc, problem.getSourceStart());
                int to = ImportEdits.lineEnd(doc, problem.getSourceEnd());
                var action = fix("Remove unused import", diagnostic, List.of(new TextEdit(doc.range(from, to), "")), doc);
                action.setIsPreferred(true);
                into.add(Either.forRight(action));
            }
            case IProblem.UnhandledException, IProblem.UnhandledExceptionOnAutoClose -> {
                String[] args = problem.getArguments();
                if (args.length == 0) {
                    return;
                }
                String qualified = args[0];
                String simple = qualified.substring(qualified.lastIndexOf('.') + 1);
                List<TextEdit> importEdit = qualified.contains(".") && !ImportEdits.isVisible(unit,
                        qualified.substring(0, qualified.lastIndexOf('.')), qualified)
                        ? List.of(ImportEdits.addImport(unit, doc, qualified)) : List.of();
                ASTNode node = NodeFinder.perform(unit, problem.getSourceStart(), problem.getSourceEnd() + 1 - problem.getSourceStart());
                MethodDeclaration method = Completions.enclosing(node, MethodDeclaration.class);
                if (method != null && method.getBody() != null) {
                    List<TextEdit> edits = new ArrayList<>(importEdit);
                    edits.add(addThrows(method, doc, simple));
                    into.add(Either.forRight(fix("Add throws declaration", diagnostic, edits, doc)));
                }
                Statement statement = Completions.enclosing(node, Statement.class);
                if (statement != null && statement.getParent() instanceof Block) {
                    List<TextEdit> edits = new ArrayList<>(importEdit);
                    edits.add(surround(statement, doc, simple));
                    into.add(Either.forRight(fix("Surround with try/catch", diagnostic, edits, doc)));
                }
            }
            default -> {
                // No quick fix for this problem.
            }
        }
    }

    private static List<TypeName> candidates(TypeNames types, String simpleName) {
        Set<String> seen = new LinkedHashSet<>();
        List<TypeName> result = new ArrayList<>();
        for (TypeName t : types.named(simpleName)) {
            if (seen.add(t.qualifiedName())) {
                result.add(t);
            }
        }
        result.sort(Comparator.comparing((TypeName t) -> !t.packageName().startsWith("java.")).thenComparing(TypeName::qualifiedName));
        return result.size() > 8 ? result.subList(0, 8) : result;
    }

    @SuppressWarnings("unchecked")
    private static TextEdit addThrows(MethodDeclaration method, TextDocument doc, String exception) {
        List<Type> thrown = method.thrownExceptionTypes();
        if (!thrown.isEmpty()) {
            Type last = thrown.get(thrown.size() - 1);
            int at = last.getStartPosition() + last.getLength();
            return new TextEdit(doc.range(at, at), ", " + exception);
        }
        int at = method.getBody().getStartPosition();
        String text = doc.text();
        while (at > 0 && Character.isWhitespace(text.charAt(at - 1))) {
            at--;
        }
        return new TextEdit(doc.range(at, at), " throws " + exception);
    }

    private static TextEdit surround(Statement statement, TextDocument doc, String exception) {
        int start = statement.getStartPosition();
        int end = start + statement.getLength();
        int lineStart = ImportEdits.lineStart(doc, start);
        String indent = doc.text().substring(lineStart, start).replaceAll("\\S", " ");
        String body = doc.text().substring(start, end);
        String text = "try {\n" + indent + "    " + body.replace("\n", "\n    ") + "\n" + indent + "} catch (" + exception
                + " e) {\n" + indent + "    throw new RuntimeException(e);\n" + indent + "}";
        return new TextEdit(doc.range(start, end), text);
    }

    private static CodeAction fix(String title, org.eclipse.lsp4j.Diagnostic diagnostic, List<TextEdit> edits, TextDocument doc) {
        var action = new CodeAction(title);
        action.setKind(CodeActionKind.QuickFix);
        action.setDiagnostics(List.of(diagnostic));
        action.setEdit(edit(doc, edits));
        return action;
    }

    private static WorkspaceEdit edit(TextDocument doc, List<TextEdit> edits) {
        return new WorkspaceEdit(Map.of(doc.uri(), edits));
    }

    /**
     * Organize imports: drop the imports the compiler reports unused, add one for every unresolved
     * type name with a single candidate (or a {@code java.*} favourite), sort them in Eclipse's
     * default order (static first, then java, javax, org, com, others; groups apart).
     */
    @SuppressWarnings("unchecked")
    public static List<TextEdit> organizeImports(CompilationUnit unit, TextDocument doc, TypeNames types) {
        List<ImportDeclaration> existing = unit.imports();
        Set<String> missing = new TreeSet<>();
        for (IProblem p : unit.getProblems()) {
            if (p.getID() == IProblem.UndefinedType) {
                missing.add(doc.text().substring(p.getSourceStart(), p.getSourceEnd() + 1));
            }
        }
        // Names used outside the imports: an import none of them needs goes (the compiler stops
        // reporting unused imports while some type is unresolved, so its warnings cannot be trusted here).
        Set<String> used = new java.util.HashSet<>();
        unit.accept(new org.eclipse.jdt.core.dom.ASTVisitor(true) {
            @Override
            public boolean visit(ImportDeclaration node) {
                return false;
            }

            @Override
            public boolean visit(org.eclipse.jdt.core.dom.SimpleName node) {
                used.add(node.getIdentifier());
                return false;
            }
        });
        Set<String> statics = new TreeSet<>();
        Set<String> normal = new TreeSet<>();
        for (ImportDeclaration imp : existing) {
            if (!imp.isOnDemand() && !used.contains(imp.getName().isQualifiedName()
                    ? ((org.eclipse.jdt.core.dom.QualifiedName) imp.getName()).getName().getIdentifier()
                    : imp.getName().getFullyQualifiedName())) {
                continue;
            }
            String name = imp.getName().getFullyQualifiedName() + (imp.isOnDemand() ? ".*" : "");
            (imp.isStatic() ? statics : normal).add(name);
        }
        for (String simple : missing) {
            if (simple.contains(".")) {
                continue;
            }
            // One candidate, or one clearly favoured (java.lang, then java.util, then other java.*): as Eclipse
            // would ask, a choice between equals is left to the user's quick fix.
            List<TypeName> found = new ArrayList<>(candidates(types, simple));
            found.sort(Comparator.comparingInt(Completions::rank));
            if (found.size() == 1 || (found.size() > 1 && Completions.rank(found.get(0)) < Completions.rank(found.get(1)))) {
                normal.add(found.get(0).qualifiedName());
            }
        }
        String block = render(statics, normal);
        if (existing.isEmpty()) {
            if (block.isEmpty()) {
                return List.of();
            }
            int at = unit.getPackage() == null ? 0 : ImportEdits.lineEnd(doc, unit.getPackage().getStartPosition() + unit.getPackage().getLength());
            return List.of(new TextEdit(doc.range(at, at), (at > 0 ? "\n" : "") + block + "\n" + (at == 0 ? "\n" : "")));
        }
        int from = existing.get(0).getStartPosition();
        ImportDeclaration last = existing.get(existing.size() - 1);
        int to = last.getStartPosition() + last.getLength();
        if (block.isEmpty()) {
            to = Math.min(doc.text().length(), ImportEdits.lineEnd(doc, to));
            while (to < doc.text().length() && doc.text().charAt(to) == '\n') {
                to++;
            }
        }
        String current = doc.text().substring(from, to);
        if (current.equals(block)) {
            return List.of();
        }
        return List.of(new TextEdit(doc.range(from, to), block));
    }

    private static String render(Set<String> statics, Set<String> normal) {
        List<String> groups = new ArrayList<>();
        if (!statics.isEmpty()) {
            groups.add(String.join("\n", statics.stream().map(s -> "import static " + s + ";").toList()));
        }
        List<String> order = List.of("java.", "javax.", "org.", "com.");
        List<List<String>> buckets = new ArrayList<>();
        for (int i = 0; i <= order.size(); i++) {
            buckets.add(new ArrayList<>());
        }
        for (String name : normal) {
            int bucket = order.size();
            for (int i = 0; i < order.size(); i++) {
                if (name.startsWith(order.get(i))) {
                    bucket = i;
                    break;
                }
            }
            buckets.get(bucket).add("import " + name + ";");
        }
        for (List<String> bucket : buckets) {
            if (!bucket.isEmpty()) {
                groups.add(String.join("\n", bucket));
            }
        }
        return String.join("\n\n", groups);
    }
}
