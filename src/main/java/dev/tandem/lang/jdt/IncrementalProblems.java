package dev.tandem.lang.jdt;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.jdt.core.compiler.CategorizedProblem;
import org.eclipse.jdt.core.compiler.IProblem;
import org.eclipse.jdt.core.compiler.CharOperation;
import org.eclipse.jdt.internal.compiler.CompilationResult;
import org.eclipse.jdt.internal.compiler.ast.ASTNode;
import org.eclipse.jdt.internal.compiler.ast.AbstractMethodDeclaration;
import org.eclipse.jdt.internal.compiler.ast.CompilationUnitDeclaration;
import org.eclipse.jdt.internal.compiler.ast.ImportReference;
import org.eclipse.jdt.internal.compiler.ast.MethodDeclaration;
import org.eclipse.jdt.internal.compiler.ast.TypeDeclaration;
import org.eclipse.jdt.internal.compiler.lookup.ExtraCompilerModifiers;
import org.eclipse.jdt.internal.compiler.lookup.ImportBinding;
import org.eclipse.jdt.internal.compiler.problem.DefaultProblem;
import org.eclipse.jdt.internal.compiler.problem.DefaultProblemFactory;
import org.eclipse.jdt.internal.compiler.problem.ProblemReporter;
import org.eclipse.jdt.internal.compiler.problem.ProblemSeverities;

/**
 * Problems after an edit that stayed inside one method body, from that method alone.
 * <p>
 * A full compilation of a document is kept as its {@link Baseline}: its text, problems and method
 * bodies. When a later text differs from the baseline's only inside one method body ({@link #plan}),
 * and the compiler finds that body at the shifted place with the rest of the file's structure
 * unchanged, only that body is parsed and resolved ({@code JavaProject.methodProblems}); its problems
 * replace the method's old ones and the rest of the file keeps the baseline's, shifted by the change
 * in length ({@link #merge}).
 * <p>
 * What one body can change elsewhere is handled here: the file-level warnings (unused import, unused
 * private member or type parameter) are decided from the baseline and the method-only compilation
 * together, and whatever cannot be decided that way (see {@link #merge}) sends the caller back to a
 * full compilation, as do edits outside a body, in a constructor or initializer, a changed
 * structure, syntax errors elsewhere in the file, {@code @SuppressWarnings} (whose "unnecessary"
 * warning depends on every body) and a change of the other files.
 */
public final class IncrementalProblems {

    /** ECJ's default per-unit limit, as {@code JavaProject} sets it: a baseline that reached it is incomplete. */
    static final int MAX_PROBLEMS = 500;

    /** Problems whose presence depends on every body of the file, not on where they are reported. */
    private static final Set<Integer> FILE_LEVEL = Set.of(IProblem.UnusedPrivateField,
            IProblem.UnusedPrivateMethod, IProblem.UnusedPrivateConstructor, IProblem.UnusedPrivateType,
            IProblem.UnusedTypeParameter, IProblem.UnusedWarningToken);

    private static final DefaultProblemFactory PROBLEMS = new DefaultProblemFactory(Locale.ENGLISH);

    private IncrementalProblems() {
    }

    /**
     * A method with a body, as offsets into its file's text.
     *
     * @param declarationStart where its declaration (Javadoc, modifiers) starts
     * @param bodyStart        just after its opening brace
     * @param close            its closing brace
     */
    public record Body(int declarationStart, int bodyStart, int close) {

        boolean encloses(int start, int end) {
            return bodyStart <= start && end <= close;
        }

        /** Whether an offset lies in the declaration, from its start to the closing brace. */
        boolean declares(int offset) {
            return declarationStart <= offset && offset <= close;
        }

        boolean inBody(int offset) {
            return bodyStart <= offset && offset < close;
        }
    }

    /**
     * A full compilation of a document: the base of method-only checks of later texts.
     *
     * @param environment what the other files were (open documents, class files of the last check): a
     *                    baseline is used only while the caller's environment equals it
     */
    public record Baseline(String text, WorkspaceCheck.UnitProblems unit, Object environment) {

        public CategorizedProblem[] problems() {
            return unit.problems();
        }

        public List<Body> bodies() {
            return unit.bodies();
        }

        public boolean syntaxError() {
            return unit.syntaxError();
        }

        List<Import> imports() {
            return unit.imports();
        }
    }

    /**
     * An import the compiler bound (not a duplicate), and whether the compilation used it.
     *
     * @param name as the compiler's warning names it ({@code java.util.List}, {@code java.util} for
     *             {@code java.util.*})
     */
    public record Import(int start, int end, String name, boolean onDemand, boolean used) {

        /** The import without its use: equal for the same declaration. */
        Import declared() {
            return new Import(start, end, name, onDemand, false);
        }
    }

    /**
     * What to compile for a new text: only {@code newBody} (the baseline's {@code oldBody} moved by
     * {@code delta} at its end), or, when {@code fallback} says why, the whole file.
     */
    public record Plan(Body oldBody, Body newBody, int delta, String fallback) {

        public boolean methodOnly() {
            return fallback == null;
        }

        static Plan fallback(String reason) {
            return new Plan(null, null, 0, reason);
        }
    }

    /** Decides whether {@code text} can be checked by its one changed method body against {@code base}. */
    public static Plan plan(Baseline base, String text, Object environment) {
        if (base == null) {
            return Plan.fallback("no full compilation yet");
        }
        if (!base.environment().equals(environment)) {
            return Plan.fallback("other files changed");
        }
        String old = base.text();
        int max = Math.min(old.length(), text.length());
        int prefix = 0;
        while (prefix < max && old.charAt(prefix) == text.charAt(prefix)) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < max - prefix && old.charAt(old.length() - 1 - suffix) == text.charAt(text.length() - 1 - suffix)) {
            suffix++;
        }
        int oldEnd = old.length() - suffix;
        Body body = null;
        for (Body b : base.bodies()) {
            if (b.encloses(prefix, oldEnd)) {
                body = b;
                break;
            }
        }
        if (body == null) {
            return Plan.fallback("edit outside a method body");
        }
        if (base.problems().length >= MAX_PROBLEMS) {
            return Plan.fallback("too many problems");
        }
        if (text.contains("SuppressWarnings")) {
            return Plan.fallback("@SuppressWarnings");
        }
        for (CategorizedProblem p : base.problems()) {
            if (isSyntaxError(p) && !body.declares(p.getSourceStart())) {
                return Plan.fallback("syntax error in another part of the file");
            }
        }
        int delta = text.length() - old.length();
        return new Plan(body, new Body(body.declarationStart(), body.bodyStart(), body.close() + delta), delta, null);
    }

    /**
     * The baseline to keep after a full compilation {@code full}: normally {@code full}; but a text with
     * a syntax error hides the file's unused-private-member warnings, which later method-only checks
     * need, so a baseline without syntax errors from which {@code full}'s text is still a one-method
     * edit stays (typing a statement passes through broken texts).
     */
    public static Baseline better(Baseline current, Baseline full) {
        if (full.syntaxError() && current != null && !current.syntaxError()
                && plan(current, full.text(), full.environment()).methodOnly()) {
            return current;
        }
        return full;
    }

    /**
     * The new text's problems: the method's own from {@code fresh} (the method-only compilation of
     * {@code text}), the rest from the baseline, shifted; null when that cannot be decided exactly.
     * <p>
     * A file-level warning of the baseline ({@code F}) and of the method-only compilation ({@code S},
     * which sees no other body): a member flagged in F is used by no body, so it is flagged now exactly
     * when S flags it; a member flagged in neither is used; one flagged in S only was used in the
     * baseline and is used by no signature or field nor this body now: it is still used by another
     * body unless the old body was the one mentioning its name, and if its name occurs nowhere else
     * it is unused now. Otherwise (the name occurs elsewhere too, an on-demand import, or a baseline
     * whose syntax error hid these warnings) it is undecided.
     */
    public static CategorizedProblem[] merge(Baseline base, Plan plan, String text, WorkspaceCheck.UnitProblems fresh) {
        Body oldBody = plan.oldBody();
        Body newBody = plan.newBody();
        if (base.syntaxError() && !fresh.syntaxError()) {
            return null;
        }
        List<CategorizedProblem> result = new ArrayList<>();
        if (!unusedImports(base, plan, text, fresh, result)) {
            return null;
        }
        Set<Integer> importsAt = new HashSet<>();
        fresh.imports().forEach(i -> importsAt.add(i.start()));
        Map<Key, CategorizedProblem> flaggedBefore = new HashMap<>();
        for (CategorizedProblem p : base.problems()) {
            int start = p.getSourceStart();
            if (p.getID() == IProblem.UnusedImport && importsAt.contains(start)) {
                continue;
            }
            boolean fileLevel = FILE_LEVEL.contains(p.getID());
            if (fileLevel ? oldBody.inBody(start) : oldBody.declares(start)) {
                continue;
            }
            CategorizedProblem shifted = start > oldBody.close() ? shift(p, plan.delta()) : p;
            if (fileLevel) {
                flaggedBefore.put(Key.of(shifted), shifted);
            } else {
                result.add(shifted);
            }
        }
        for (CategorizedProblem p : fresh.problems()) {
            int start = p.getSourceStart();
            if (p.getID() == IProblem.UnusedImport && importsAt.contains(start)) {
                continue;
            }
            if (FILE_LEVEL.contains(p.getID()) && !newBody.inBody(start)) {
                if (flaggedBefore.containsKey(Key.of(p))) {
                    result.add(p);
                } else if (mentions(base.text(), oldBody.bodyStart(), oldBody.close(), nameOf(p))) {
                    String name = nameOf(p);
                    if (name == null || mentionsOutside(text, newBody, p.getSourceStart(), p.getSourceEnd(), name)) {
                        return null;
                    }
                    result.add(p);
                }
                // Else the old body did not use it either: something else still does.
            } else if (newBody.declares(start)) {
                result.add(p);
            }
        }
        if (result.size() >= MAX_PROBLEMS) {
            return null;
        }
        result.sort(Comparator.comparingInt(CategorizedProblem::getSourceStart));
        return result.toArray(CategorizedProblem[]::new);
    }

    /**
     * Adds the unused-import warnings of the new text to {@code result}; false when undecided. An
     * import is used now if the method-only compilation used it, or if the baseline did and the old
     * body did not mention its name (so something else used it); it is unused if neither used it, or
     * the baseline used it, the old body mentioned it and its name occurs nowhere else now. The
     * compiler reports them only in a unit without mandatory errors: the rest of the file's as in the
     * baseline, the method's as compiled now.
     */
    private static boolean unusedImports(Baseline base, Plan plan, String text, WorkspaceCheck.UnitProblems fresh,
            List<CategorizedProblem> result) {
        if (!base.imports().stream().map(Import::declared).toList()
                .equals(fresh.imports().stream().map(Import::declared).toList())) {
            return false;
        }
        boolean mandatoryErrors = fresh.resolveErrors()
                || base.unit().resolveErrorStarts().stream().anyMatch(start -> !plan.oldBody().declares(start));
        List<Import> unused = new ArrayList<>();
        for (int k = 0; k < fresh.imports().size(); k++) {
            Import now = fresh.imports().get(k);
            Import before = base.imports().get(k);
            if (now.used() || !before.used()) {
                if (!now.used()) {
                    unused.add(now);
                }
                continue;
            }
            String name = now.onDemand() ? null : now.name().substring(now.name().lastIndexOf('.') + 1);
            if (!mentions(base.text(), plan.oldBody().bodyStart(), plan.oldBody().close(), name)) {
                continue;
            }
            if (name == null || mentionsOutside(text, plan.newBody(), now.start(), now.end(), name)) {
                return false;
            }
            unused.add(now);
        }
        if (!mandatoryErrors) {
            for (Import i : unused) {
                String[] args = {i.name()};
                result.add(PROBLEMS.createProblem(base.problems().length > 0 ? base.problems()[0].getOriginatingFileName() : null,
                        IProblem.UnusedImport, args, args, ProblemSeverities.Warning, i.start(), i.end(), 0, 0));
            }
        }
        return true;
    }

    /**
     * Where the errors no option can turn off, found so far, start: while a unit has one after
     * resolution, the compiler does not report unused imports.
     */
    static List<Integer> mandatoryErrorStarts(CompilationResult result) {
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i < result.problemCount; i++) {
            CategorizedProblem p = result.problems[i];
            if (p.isError() && ProblemReporter.getIrritant(p.getID()) == 0) {
                starts.add(p.getSourceStart());
            }
        }
        return starts;
    }

    /** The imports of a compiled unit and whether they were used. */
    static List<Import> importsOf(CompilationUnitDeclaration unit) {
        List<Import> imports = new ArrayList<>();
        if (unit.scope == null || unit.scope.imports == null) {
            return imports;
        }
        for (ImportBinding binding : unit.scope.imports) {
            ImportReference reference = binding.reference;
            if (reference != null) {
                imports.add(new Import(reference.sourceStart, reference.sourceEnd, CharOperation.toString(reference.tokens),
                        (reference.bits & ASTNode.OnDemand) != 0, (reference.bits & ASTNode.Used) != 0));
            }
        }
        return imports;
    }

    /** The type-level method bodies of a unit's diet parse (not constructors, initializers, local or anonymous types). */
    static List<Body> bodiesOf(CompilationUnitDeclaration unit) {
        return methodsWithBodies(unit).stream().map(IncrementalProblems::bodyOf).toList();
    }

    /** The method of a diet parse with exactly this body, or null. */
    static MethodDeclaration find(CompilationUnitDeclaration unit, Body target) {
        return methodsWithBodies(unit).stream().filter(m -> bodyOf(m).equals(target)).findFirst().orElse(null);
    }

    private static Body bodyOf(MethodDeclaration m) {
        return new Body(m.declarationSourceStart, m.bodyStart, m.declarationSourceEnd);
    }

    /** The methods with a body of a unit's types and their member types, member types first. */
    private static List<MethodDeclaration> methodsWithBodies(CompilationUnitDeclaration unit) {
        List<MethodDeclaration> methods = new ArrayList<>();
        if (unit.types != null) {
            for (TypeDeclaration type : unit.types) {
                collect(type, methods);
            }
        }
        return methods;
    }

    private static void collect(TypeDeclaration type, List<MethodDeclaration> methods) {
        if (type.memberTypes != null) {
            for (TypeDeclaration member : type.memberTypes) {
                collect(member, methods);
            }
        }
        if (type.methods == null) {
            return;
        }
        for (AbstractMethodDeclaration method : type.methods) {
            if (method instanceof MethodDeclaration m && hasBody(m)) {
                methods.add(m);
            }
        }
    }

    private static boolean hasBody(MethodDeclaration m) {
        return !m.isAbstract() && !m.isNative() && (m.modifiers & ExtraCompilerModifiers.AccSemicolonBody) == 0
                && m.bodyStart > 0 && m.bodyStart <= m.declarationSourceEnd;
    }

    static boolean isSyntaxError(CategorizedProblem p) {
        return p.isError() && (p.getID() & IProblem.Syntax) != 0;
    }

    /**
     * The name through which the member (or import, or type parameter) of a file-level warning is
     * used; null when there is no single one (an on-demand import).
     */
    static String nameOf(CategorizedProblem p) {
        String[] args = p.getArguments();
        return switch (p.getID()) {
            case IProblem.UnusedPrivateField, IProblem.UnusedPrivateMethod -> args.length > 1 ? args[1] : null;
            case IProblem.UnusedPrivateConstructor, IProblem.UnusedPrivateType -> args.length > 0 ? simpleName(args[0]) : null;
            case IProblem.UnusedTypeParameter -> args.length > 0 ? args[0] : null;
            default -> null;
        };
    }

    /** {@code Outer<T>.Inner<U>} → {@code Inner}. */
    static String simpleName(String name) {
        StringBuilder raw = new StringBuilder();
        int depth = 0;
        for (char c : name.toCharArray()) {
            if (c == '<') {
                depth++;
            } else if (c == '>') {
                depth--;
            } else if (depth == 0) {
                raw.append(c);
            }
        }
        return raw.substring(raw.lastIndexOf(".") + 1);
    }

    /**
     * Whether {@code name} occurs as a whole word in {@code text} between {@code from} and {@code to}
     * (anywhere, comments and strings included, so that "no" is certain); a null name always may.
     */
    static boolean mentions(String text, int from, int to, String name) {
        if (name == null) {
            return true;
        }
        for (int i = text.indexOf(name, from); i >= 0 && i + name.length() <= to; i = text.indexOf(name, i + 1)) {
            if (wordAt(text, i, name.length())) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code name} occurs outside the body and outside the warned declaration's own range. */
    private static boolean mentionsOutside(String text, Body body, int ownStart, int ownEnd, String name) {
        for (int i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + 1)) {
            boolean own = i >= ownStart && i <= ownEnd;
            if (!own && !body.inBody(i) && wordAt(text, i, name.length())) {
                return true;
            }
        }
        return false;
    }

    private static boolean wordAt(String text, int i, int length) {
        boolean before = i > 0 && Character.isJavaIdentifierPart(text.charAt(i - 1));
        boolean after = i + length < text.length() && Character.isJavaIdentifierPart(text.charAt(i + length));
        return !before && !after;
    }

    private static CategorizedProblem shift(CategorizedProblem p, int delta) {
        int severity = p.isError() ? ProblemSeverities.Error : p.isWarning() ? ProblemSeverities.Warning : ProblemSeverities.Info;
        return new DefaultProblem(p.getOriginatingFileName(), p.getMessage(), p.getID(), p.getArguments(), severity,
                p.getSourceStart() + delta, p.getSourceEnd() + delta, p.getSourceLineNumber(), 0);
    }

    /** A file-level warning's identity: the same member warned at the same place. */
    private record Key(int id, int start, int end, String message) {
        static Key of(CategorizedProblem p) {
            return new Key(p.getID(), p.getSourceStart(), p.getSourceEnd(), p.getMessage());
        }
    }
}
