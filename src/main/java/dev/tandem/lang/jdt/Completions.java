package dev.tandem.lang.jdt;

import dev.tandem.lang.TextDocument;
import dev.tandem.lang.jdt.TypeNames.TypeName;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.jdt.core.dom.ASTNode;
import org.eclipse.jdt.core.dom.ASTVisitor;
import org.eclipse.jdt.core.dom.AbstractTypeDeclaration;
import org.eclipse.jdt.core.dom.AnonymousClassDeclaration;
import org.eclipse.jdt.core.dom.BodyDeclaration;
import org.eclipse.jdt.core.dom.ClassInstanceCreation;
import org.eclipse.jdt.core.dom.CompilationUnit;
import org.eclipse.jdt.core.dom.Expression;
import org.eclipse.jdt.core.dom.FieldAccess;
import org.eclipse.jdt.core.dom.IBinding;
import org.eclipse.jdt.core.dom.IMethodBinding;
import org.eclipse.jdt.core.dom.IPackageBinding;
import org.eclipse.jdt.core.dom.ITypeBinding;
import org.eclipse.jdt.core.dom.IVariableBinding;
import org.eclipse.jdt.core.dom.MethodInvocation;
import org.eclipse.jdt.core.dom.Modifier;
import org.eclipse.jdt.core.dom.NodeFinder;
import org.eclipse.jdt.core.dom.QualifiedName;
import org.eclipse.jdt.core.dom.SimpleName;
import org.eclipse.jdt.core.dom.SingleVariableDeclaration;
import org.eclipse.jdt.core.dom.SuperFieldAccess;
import org.eclipse.jdt.core.dom.SuperMethodInvocation;
import org.eclipse.jdt.core.dom.VariableDeclaration;
import org.eclipse.jdt.core.dom.VariableDeclarationFragment;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionItemKind;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.InsertTextFormat;
import org.eclipse.lsp4j.TextEdit;

/**
 * Code completion on top of bindings. JDT's own {@code CompletionEngine} needs a Java model
 * ({@code IJavaProject}) and a search index; instead the file is compiled with a placeholder
 * identifier at the caret, and the binding of whatever precedes the dot (or the scope around the
 * caret) says what fits: members of a type, locals, fields and methods in scope, importable types
 * (with the import as an additional edit), keywords and statement templates.
 */
public final class Completions {

    /** Stands in for the word being typed, so that {@code "abc".} parses as a member access. */
    static final String PLACEHOLDER = "__tandemCompletion";
    private static final int MAX_TYPES = 80;

    private static final List<String> KEYWORDS = List.of("abstract", "assert", "boolean", "break", "byte", "case",
            "catch", "char", "class", "continue", "default", "do", "double", "else", "enum", "extends", "final",
            "finally", "float", "for", "if", "implements", "import", "instanceof", "int", "interface", "long", "new",
            "null", "package", "private", "protected", "public", "record", "return", "short", "static", "super",
            "switch", "synchronized", "this", "throw", "throws", "true", "false", "try", "var", "void", "volatile",
            "while", "yield");

    /** name → (description, snippet). */
    private static final Map<String, String[]> TEMPLATES = new LinkedHashMap<>();

    static {
        TEMPLATES.put("sysout", new String[] {"print to standard out", "System.out.println(${1});"});
        TEMPLATES.put("syserr", new String[] {"print to standard error", "System.err.println(${1});"});
        TEMPLATES.put("fori", new String[] {"iterate over an array or count",
                "for (int ${1:i} = 0; ${1:i} < ${2:count}; ${1:i}++) {\n\t${3}\n}"});
        TEMPLATES.put("foreach", new String[] {"iterate over an Iterable", "for (${1:var} ${2:item} : ${3:items}) {\n\t${4}\n}"});
        TEMPLATES.put("if", new String[] {"if statement", "if (${1:condition}) {\n\t${2}\n}"});
        TEMPLATES.put("ifelse", new String[] {"if-else statement", "if (${1:condition}) {\n\t${2}\n} else {\n\t${3}\n}"});
        TEMPLATES.put("while", new String[] {"while loop", "while (${1:condition}) {\n\t${2}\n}"});
        TEMPLATES.put("try", new String[] {"try-catch block", "try {\n\t${1}\n} catch (${2:Exception} e) {\n\t${3}\n}"});
        TEMPLATES.put("trywith", new String[] {"try-with-resources", "try (${1:var} ${2:resource} = ${3}) {\n\t${4}\n}"});
        TEMPLATES.put("main", new String[] {"main method", "public static void main(String[] args) {\n\t${1}\n}"});
        TEMPLATES.put("switch", new String[] {"switch statement", "switch (${1:value}) {\n\tcase ${2:x} -> ${3}\n\tdefault -> ${4}\n}"});
    }

    private Completions() {
    }

    /**
     * Completions at {@code offset} of {@code doc}. {@code compile} compiles a variant of the text
     * (with bindings) in the document's project.
     */
    public static CompletionList complete(TextDocument doc, int offset, Function<String, CompilationUnit> compile,
            TypeNames types) {
        String text = doc.text();
        int prefixStart = offset;
        while (prefixStart > 0 && Character.isJavaIdentifierPart(text.charAt(prefixStart - 1))) {
            prefixStart--;
        }
        String prefix = text.substring(prefixStart, offset);
        String variant = text.substring(0, offset) + PLACEHOLDER + text.substring(offset);
        CompilationUnit unit = compile.apply(variant);
        ASTNode node = NodeFinder.perform(unit, prefixStart, prefix.length() + PLACEHOLDER.length());
        var items = new Items(prefix);
        boolean qualified = qualifiedMembers(node, items);
        if (!qualified && !isAfterDot(text, prefixStart)) {
            boolean afterNew = isAfterNew(text, prefixStart);
            if (!afterNew) {
                locals(unit, prefixStart, items);
                membersInScope(node, items);
                keywords(items);
                templates(items);
            }
            types(unit, doc, prefix, types, afterNew, items);
        }
        return new CompletionList(items.truncated, items.list());
    }

    private static boolean isAfterDot(String text, int at) {
        int i = at - 1;
        while (i >= 0 && Character.isWhitespace(text.charAt(i))) {
            i--;
        }
        return i >= 0 && text.charAt(i) == '.';
    }

    private static boolean isAfterNew(String text, int at) {
        int i = at - 1;
        while (i >= 0 && Character.isWhitespace(text.charAt(i))) {
            i--;
        }
        return i >= 2 && text.startsWith("new", i - 2) && (i < 3 || !Character.isJavaIdentifierPart(text.charAt(i - 3)));
    }

    /** {@code expr.|}, {@code Type.|}, {@code pkg.|}, {@code super.|}: the members of what precedes the dot. */
    private static boolean qualifiedMembers(ASTNode node, Items items) {
        if (!(node instanceof SimpleName name)) {
            return false;
        }
        ASTNode parent = name.getParent();
        if (parent instanceof QualifiedName q && q.getName() == name) {
            IBinding qualifier = q.getQualifier().resolveBinding();
            if (qualifier instanceof IVariableBinding v) {
                members(v.getType(), false, items);
            } else if (qualifier instanceof ITypeBinding t) {
                members(t, true, items);
            } else if (qualifier instanceof IPackageBinding) {
                return false;
            } else {
                ITypeBinding t = q.getQualifier().resolveTypeBinding();
                if (t == null) {
                    return true;
                }
                members(t, false, items);
            }
            return true;
        }
        Expression receiver = null;
        if (parent instanceof FieldAccess f && f.getName() == name) {
            receiver = f.getExpression();
        } else if (parent instanceof MethodInvocation m && m.getName() == name && m.getExpression() != null) {
            receiver = m.getExpression();
        }
        if (receiver != null) {
            ITypeBinding type = receiver.resolveTypeBinding();
            boolean statics = receiver instanceof SimpleName s && s.resolveBinding() instanceof ITypeBinding;
            if (type != null) {
                members(type, statics, items);
            }
            return true;
        }
        if (parent instanceof SuperFieldAccess || parent instanceof SuperMethodInvocation) {
            AbstractTypeDeclaration type = enclosing(name, AbstractTypeDeclaration.class);
            ITypeBinding binding = type == null ? null : type.resolveBinding();
            if (binding != null && binding.getSuperclass() != null) {
                members(binding.getSuperclass(), false, items);
            }
            return true;
        }
        return false;
    }

    private static void members(ITypeBinding type, boolean staticOnly, Items items) {
        if (type.isArray()) {
            items.add(item("length", CompletionItemKind.Field, "int", "length", false), "1");
            return;
        }
        Set<String> seen = new HashSet<>();
        for (ITypeBinding t : hierarchy(type)) {
            for (IVariableBinding field : t.getDeclaredFields()) {
                if ((!staticOnly || Modifier.isStatic(field.getModifiers())) && accessible(field.getModifiers(), t, type)
                        && seen.add("f:" + field.getName())) {
                    items.add(fieldItem(field), "1");
                }
            }
            for (IMethodBinding method : t.getDeclaredMethods()) {
                if (method.isConstructor() || (staticOnly && !Modifier.isStatic(method.getModifiers()))
                        || !accessible(method.getModifiers(), t, type)) {
                    continue;
                }
                if (seen.add("m:" + method.getName() + signature(method))) {
                    items.add(methodItem(method), "1");
                }
            }
            if (staticOnly) {
                for (ITypeBinding member : t.getDeclaredTypes()) {
                    items.add(item(member.getName(), CompletionItemKind.Class, member.getQualifiedName(), member.getName(), false), "1");
                }
                break;
            }
        }
        if (staticOnly) {
            items.add(item("class", CompletionItemKind.Keyword, "Class<" + type.getName() + ">", "class", false), "2");
        }
    }

    /** A type, its superclasses, then its interfaces (and Object for interfaces), breadth-first. */
    static List<ITypeBinding> hierarchy(ITypeBinding type) {
        List<ITypeBinding> order = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        List<ITypeBinding> queue = new ArrayList<>();
        queue.add(type.isTypeVariable() || type.isCapture() ? type.getErasure() : type);
        while (!queue.isEmpty()) {
            ITypeBinding t = queue.remove(0);
            if (t == null || !keys.add(t.getErasure().getKey())) {
                continue;
            }
            order.add(t);
            if (t.getSuperclass() != null) {
                queue.add(t.getSuperclass());
            }
            for (ITypeBinding i : t.getInterfaces()) {
                queue.add(i);
            }
        }
        return order;
    }

    private static boolean accessible(int modifiers, ITypeBinding declaring, ITypeBinding from) {
        if (Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers)) {
            return true;
        }
        // Private and package members are offered only for sources of the same package (a good approximation).
        return declaring.isFromSource() && declaring.getPackage() != null && from.getPackage() != null
                && declaring.getPackage().getName().equals(from.getPackage().getName());
    }

    private static void locals(CompilationUnit unit, int offset, Items items) {
        BodyDeclaration body = null;
        ASTNode at = NodeFinder.perform(unit, offset, 0);
        for (ASTNode n = at; n != null; n = n.getParent()) {
            if (n instanceof BodyDeclaration b && !(n instanceof AbstractTypeDeclaration)) {
                body = b;
                break;
            }
        }
        if (body == null) {
            return;
        }
        Set<String> names = new HashSet<>();
        body.accept(new ASTVisitor() {
            @Override
            public boolean visit(AnonymousClassDeclaration node) {
                return node.getStartPosition() <= offset && offset <= node.getStartPosition() + node.getLength();
            }

            @Override
            public boolean visit(SingleVariableDeclaration node) {
                consider(node);
                return true;
            }

            @Override
            public boolean visit(VariableDeclarationFragment node) {
                consider(node);
                return true;
            }

            private void consider(VariableDeclaration decl) {
                ASTNode scope = decl.getParent();
                if (decl instanceof VariableDeclarationFragment && scope != null) {
                    scope = scope.getParent();
                }
                if (decl.getStartPosition() + decl.getLength() > offset || scope == null
                        || scope.getStartPosition() > offset || scope.getStartPosition() + scope.getLength() < offset) {
                    return;
                }
                if (decl.getParent() instanceof org.eclipse.jdt.core.dom.FieldDeclaration) {
                    return;
                }
                String name = decl.getName().getIdentifier();
                if (name.contains(PLACEHOLDER) || !names.add(name)) {
                    return;
                }
                IVariableBinding binding = decl.resolveBinding();
                String type = binding == null ? "" : binding.getType().getName();
                items.add(item(name, CompletionItemKind.Variable, type, name, false), "0");
            }
        });
    }

    private static void membersInScope(ASTNode node, Items items) {
        for (ASTNode n = node; n != null; n = n.getParent()) {
            ITypeBinding type = null;
            if (n instanceof AbstractTypeDeclaration t) {
                type = t.resolveBinding();
            } else if (n instanceof AnonymousClassDeclaration a) {
                type = a.resolveBinding();
            }
            if (type != null) {
                for (ITypeBinding t : hierarchy(type)) {
                    for (IVariableBinding field : t.getDeclaredFields()) {
                        items.add(fieldItem(field), "1");
                    }
                    for (IMethodBinding method : t.getDeclaredMethods()) {
                        if (!method.isConstructor()) {
                            items.add(methodItem(method), "1");
                        }
                    }
                }
            }
        }
    }

    private static void types(CompilationUnit unit, TextDocument doc, String prefix, TypeNames types, boolean constructor,
            Items items) {
        if (prefix.isEmpty()) {
            return;
        }
        List<TypeName> found = types.withPrefix(prefix, 2000);
        found = found.stream().sorted((a, b) -> Integer.compare(rank(a), rank(b))).toList();
        int count = 0;
        Set<String> seen = new HashSet<>();
        for (TypeName type : found) {
            if (!seen.add(type.qualifiedName())) {
                continue;
            }
            if (++count > MAX_TYPES) {
                items.truncated = true;
                break;
            }
            boolean visible = ImportEdits.isVisible(unit, type.packageName(), type.qualifiedName());
            String insert = constructor ? type.simpleName() + "()" : type.simpleName();
            var item = item(type.simpleName(), constructor ? CompletionItemKind.Constructor : CompletionItemKind.Class,
                    type.packageName(), insert, false);
            if (constructor) {
                item.setLabel(type.simpleName() + "()");
                item.setFilterText(type.simpleName());
            }
            if (!visible && !hasSimpleName(unit, type.simpleName())) {
                TextEdit edit = ImportEdits.addImport(unit, doc, type.qualifiedName());
                item.setAdditionalTextEdits(List.of(edit));
                item.setDetail(type.packageName() + " (import)");
            }
            items.add(item, visible ? "2" : "3" + rank(type));
        }
    }

    /** Whether an import already takes this simple name (then a second one would clash). */
    @SuppressWarnings("unchecked")
    private static boolean hasSimpleName(CompilationUnit unit, String simpleName) {
        for (var imp : (List<org.eclipse.jdt.core.dom.ImportDeclaration>) unit.imports()) {
            if (!imp.isOnDemand() && imp.getName().getFullyQualifiedName().endsWith("." + simpleName)) {
                return true;
            }
        }
        return false;
    }

    static int rank(TypeName type) {
        String p = type.packageName();
        if (p.equals("java.lang")) {
            return 0;
        }
        if (p.equals("java.util") || p.startsWith("java.util.")) {
            return 1;
        }
        if (p.startsWith("java.")) {
            return 2;
        }
        if (p.startsWith("javax.") || p.startsWith("jdk.")) {
            return 4;
        }
        return 3;
    }

    private static void keywords(Items items) {
        for (String keyword : KEYWORDS) {
            items.add(item(keyword, CompletionItemKind.Keyword, "keyword", keyword, false), "4");
        }
    }

    private static void templates(Items items) {
        TEMPLATES.forEach((name, template) -> {
            var item = item(name, CompletionItemKind.Snippet, template[0], template[1], true);
            items.add(item, "5");
        });
    }

    private static CompletionItem fieldItem(IVariableBinding field) {
        return item(field.getName(), field.isEnumConstant() ? CompletionItemKind.EnumMember : CompletionItemKind.Field,
                field.getType().getName(), field.getName(), false);
    }

    private static CompletionItem methodItem(IMethodBinding method) {
        ITypeBinding[] params = method.getParameterTypes();
        String[] names = parameterNames(method);
        StringBuilder label = new StringBuilder(method.getName()).append('(');
        StringBuilder snippet = new StringBuilder(method.getName()).append('(');
        for (int i = 0; i < params.length; i++) {
            if (i > 0) {
                label.append(", ");
                snippet.append(", ");
            }
            label.append(params[i].getName()).append(' ').append(names[i]);
            snippet.append("${").append(i + 1).append(':').append(names[i]).append('}');
        }
        label.append(')');
        snippet.append(')');
        var item = item(label.toString(), CompletionItemKind.Method, method.getReturnType().getName(),
                params.length == 0 ? method.getName() + "()" : snippet.toString(), params.length > 0);
        item.setFilterText(method.getName());
        return item;
    }

    static String[] parameterNames(IMethodBinding method) {
        String[] names;
        try {
            names = method.getParameterNames();
        } catch (RuntimeException e) {
            names = null;
        }
        ITypeBinding[] params = method.getParameterTypes();
        if (names == null || names.length != params.length) {
            names = new String[params.length];
        }
        for (int i = 0; i < params.length; i++) {
            if (names[i] == null || names[i].matches("arg\\d+")) {
                String simple = params[i].getErasure().getName().replace("[]", "s");
                names[i] = Character.toLowerCase(simple.charAt(0)) + simple.substring(1);
            }
        }
        return names;
    }

    private static String signature(IMethodBinding method) {
        StringBuilder s = new StringBuilder("(");
        for (ITypeBinding p : method.getParameterTypes()) {
            s.append(p.getErasure().getQualifiedName()).append(',');
        }
        return s.append(')').toString();
    }

    private static CompletionItem item(String label, CompletionItemKind kind, String detail, String insert, boolean snippet) {
        var item = new CompletionItem(label);
        item.setKind(kind);
        item.setDetail(detail);
        item.setInsertText(insert);
        if (snippet) {
            item.setInsertTextFormat(InsertTextFormat.Snippet);
        }
        return item;
    }

    @SuppressWarnings("unchecked")
    static <T extends ASTNode> T enclosing(ASTNode node, Class<T> type) {
        for (ASTNode n = node; n != null; n = n.getParent()) {
            if (type.isInstance(n)) {
                return (T) n;
            }
        }
        return null;
    }

    /** Collected items, filtered by the prefix, first of a label wins, ranked by group then name. */
    private static final class Items {
        private final String prefix;
        private final Map<String, CompletionItem> byLabel = new LinkedHashMap<>();
        boolean truncated;

        Items(String prefix) {
            this.prefix = prefix.toLowerCase(Locale.ROOT);
        }

        void add(CompletionItem item, String group) {
            String filter = item.getFilterText() != null ? item.getFilterText() : item.getLabel();
            if (filter.contains(PLACEHOLDER) || !matches(filter)) {
                return;
            }
            boolean exact = filter.startsWith(prefixOriginalCase(filter));
            item.setSortText(group + (exact ? "0" : "1") + filter.toLowerCase(Locale.ROOT));
            byLabel.putIfAbsent(item.getLabel() + '|' + item.getDetail(), item);
        }

        private String prefixOriginalCase(String filter) {
            return filter.length() >= prefix.length() ? filter.substring(0, prefix.length()) : filter;
        }

        private boolean matches(String filter) {
            return filter.toLowerCase(Locale.ROOT).startsWith(prefix) || camelMatch(filter);
        }

        private boolean camelMatch(String filter) {
            if (prefix.length() < 2) {
                return false;
            }
            StringBuilder humps = new StringBuilder();
            for (int i = 0; i < filter.length(); i++) {
                char c = filter.charAt(i);
                if (i == 0 || Character.isUpperCase(c)) {
                    humps.append(Character.toLowerCase(c));
                }
            }
            return humps.toString().startsWith(prefix);
        }

        List<CompletionItem> list() {
            return byLabel.values().stream().sorted((a, b) -> a.getSortText().compareTo(b.getSortText())).toList();
        }
    }
}
