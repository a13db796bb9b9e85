package dev.tandem.lang.jdt;

import dev.tandem.lang.TextDocument;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.jdt.core.compiler.CategorizedProblem;
import org.eclipse.jdt.core.compiler.CompilationProgress;
import org.eclipse.jdt.internal.compiler.ClassFile;
import org.eclipse.jdt.internal.compiler.CompilationResult;
import org.eclipse.jdt.internal.compiler.Compiler;
import org.eclipse.jdt.internal.compiler.DefaultErrorHandlingPolicies;
import org.eclipse.jdt.internal.compiler.ICompilerRequestor;
import org.eclipse.jdt.internal.compiler.ast.CompilationUnitDeclaration;
import org.eclipse.jdt.internal.compiler.ast.MethodDeclaration;
import org.eclipse.jdt.internal.compiler.batch.CompilationUnit;
import org.eclipse.jdt.internal.compiler.env.ICompilationUnit;
import org.eclipse.jdt.internal.compiler.impl.CompilerOptions;
import org.eclipse.jdt.internal.compiler.problem.DefaultProblemFactory;
import org.eclipse.lsp4j.Diagnostic;

/**
 * Problems of every source file of a workspace, as saved on disk. All files are compiled in one
 * lookup environment (like a batch build), which is far cheaper than one reconcile per file. The
 * class files it produces go to the project's {@link CompiledTypes}, so that a keystroke's
 * compilation can read the other files' types instead of compiling their sources again.
 */
public final class WorkspaceCheck {

    private WorkspaceCheck() {
    }

    /** Absolute path → diagnostics, for every source file of {@code project}. */
    public static Map<Path, List<Diagnostic>> run(JavaProject project, IProgressMonitor monitor) {
        List<Path> files = project.sourceFiles();
        Map<Path, List<Diagnostic>> result = new HashMap<>();
        project.compiledTypes().retainOnly(new HashSet<>(files));
        if (files.isEmpty()) {
            return result;
        }
        Map<String, Source> sources = new HashMap<>();
        List<ICompilationUnit> units = new ArrayList<>();
        for (Path file : files) {
            CompiledTypes.Stamp stamp = CompiledTypes.Stamp.of(file);
            try {
                String text = Files.readString(file);
                sources.put(file.toString(), new Source(file, stamp, text));
                units.add(new CompilationUnit(text.toCharArray(), file.toString(), "UTF-8"));
            } catch (IOException | RuntimeException e) {
                // Deleted meanwhile, or not UTF-8: the next check will tell.
            }
        }
        ICompilerRequestor requestor = (CompilationResult compiled) -> {
            Source source = sources.get(new String(compiled.getFileName()));
            if (source == null) {
                return;
            }
            var doc = new TextDocument("", "", 0, source.text());
            List<Diagnostic> diagnostics = new ArrayList<>();
            CategorizedProblem[] problems = compiled.getAllProblems();
            if (problems != null) {
                for (CategorizedProblem problem : problems) {
                    diagnostics.add(Diagnostics.of(problem, doc));
                }
            }
            result.put(source.file(), diagnostics);
            Map<String, byte[]> classes = new HashMap<>();
            for (ClassFile classFile : compiled.getClassFiles()) {
                classes.put(new String(classFile.fileName()) + ".class", classFile.getBytes());
            }
            project.compiledTypes().put(source.file(), source.stamp(), source.text().toCharArray(), classes);
        };
        var compiler = new Compiler(new ProjectEnvironment(project.classpath(Map.of())),
                DefaultErrorHandlingPolicies.proceedWithAllProblems(), compilerOptions(project.options()), requestor,
                new DefaultProblemFactory(Locale.ENGLISH), null, progress(monitor));
        compiler.compile(units.toArray(ICompilationUnit[]::new));
        if (monitor.isCanceled()) {
            throw new OperationCanceledException();
        }
        return result;
    }

    /**
     * The problems of one unit, compiled without generating code, with the method bodies of its
     * diet parse (for later method-only checks, see {@link IncrementalProblems}).
     */
    static UnitProblems problemsOf(ICompilationUnit unit, ProjectEnvironment environment, Map<String, String> settings,
            IProgressMonitor monitor) {
        var compiler = new ProblemsCompiler(environment, compilerOptions(settings), unit.getFileName(), null, monitor);
        compiler.compile(new ICompilationUnit[] {unit});
        if (monitor.isCanceled()) {
            throw new OperationCanceledException();
        }
        return compiler.result();
    }

    /**
     * The problems of one unit in which only the body of the method declared at {@code target} (offsets
     * in this unit's text) is parsed and resolved; the other bodies stay empty, so their problems (and
     * the file-level warnings that depend on them) are not this unit's real ones: the caller keeps
     * only what it can decide ({@link IncrementalProblems#merge}). Null when the unit's diet parse has
     * problems or has no such method with exactly that body, i.e. the edit changed the file's structure.
     */
    static UnitProblems methodProblemsOf(ICompilationUnit unit, ProjectEnvironment environment, Map<String, String> settings,
            IncrementalProblems.Body target, IProgressMonitor monitor) {
        CompilerOptions options = compilerOptions(settings);
        // The empty bodies of the other methods report bogus problems (a missing return); none of the
        // method's own may be cut off by the per-unit limit because of them.
        options.maxProblemsPerUnit = Integer.MAX_VALUE;
        var compiler = new ProblemsCompiler(environment, options, unit.getFileName(), target, monitor);
        compiler.compile(new ICompilationUnit[] {unit});
        if (monitor.isCanceled()) {
            throw new OperationCanceledException();
        }
        return compiler.targetFound ? compiler.result() : null;
    }

    /**
     * A unit's problems, its method bodies, whether any problem is a syntax error, its imports with
     * whether anything used them, and where the mandatory errors found before flow analysis start: the
     * compiler reports unused imports only when there are none.
     */
    public record UnitProblems(CategorizedProblem[] problems, List<IncrementalProblems.Body> bodies, boolean syntaxError,
            List<IncrementalProblems.Import> imports, boolean resolveErrors, List<Integer> resolveErrorStarts) {
    }

    private record Source(Path file, CompiledTypes.Stamp stamp, String text) {
    }

    /**
     * ECJ's compiler without code generation: {@code Compiler.process} generates byte code for every
     * unit whatever {@code generateClassFiles} says, which a keystroke's problems never need (it was
     * a tenth of the keystroke path's profile). The steps are {@code Compiler.process}'s own, minus
     * {@code generateCode()}; the problems only code generation finds (a method over 64 KB of byte
     * code) are left to the whole-workspace check. With a {@code target}, only that method's body is
     * parsed in the unit {@code fileName}.
     */
    private static final class ProblemsCompiler extends Compiler {

        private final char[] fileName;
        private final IncrementalProblems.Body target;
        CategorizedProblem[] problems = new CategorizedProblem[0];
        List<IncrementalProblems.Body> bodies = List.of();
        boolean syntaxError;
        List<IncrementalProblems.Import> imports = List.of();
        boolean resolveErrors;
        List<Integer> resolveErrorStarts = List.of();
        boolean targetFound;

        ProblemsCompiler(ProjectEnvironment environment, CompilerOptions options, char[] fileName,
                IncrementalProblems.Body target, IProgressMonitor monitor) {
            super(environment, DefaultErrorHandlingPolicies.proceedWithAllProblems(), withoutClassFiles(options), result -> {
                        // Problems are taken in process(), where the unit is known.
                    },
                    new DefaultProblemFactory(Locale.ENGLISH), null, progress(monitor));
            this.fileName = fileName;
            this.target = target;
        }

        private static CompilerOptions withoutClassFiles(CompilerOptions options) {
            options.generateClassFiles = false;
            return options;
        }

        @Override
        public void process(CompilationUnitDeclaration unit, int i) {
            boolean mine = java.util.Arrays.equals(unit.getFileName(), fileName);
            lookupEnvironment.unitBeingCompleted = unit;
            if (mine) {
                bodies = IncrementalProblems.bodiesOf(unit);
            }
            if (mine && target != null) {
                MethodDeclaration method = unit.compilationResult.problemCount == 0 ? IncrementalProblems.find(unit, target) : null;
                if (method == null) {
                    lookupEnvironment.unitBeingCompleted = null;
                    return;
                }
                targetFound = true;
                parseBody(method, unit);
            } else {
                parser.getMethodBodies(unit);
            }
            if (unit.scope != null) {
                unit.scope.faultInTypes();
                unit.scope.verifyMethods(lookupEnvironment.methodVerifier());
            }
            unit.resolve();
            if (mine) {
                resolveErrors = unit.compilationResult.hasMandatoryErrors();
                resolveErrorStarts = IncrementalProblems.mandatoryErrorStarts(unit.compilationResult);
            }
            unit.analyseCode();
            unit.finalizeProblems();
            unit.compilationResult.totalUnitsKnown = totalUnits;
            lookupEnvironment.unitBeingCompleted = null;
            // Other files answered as source (changed since the last check, or open) are compiled along:
            // keep only this unit's problems.
            if (mine) {
                CategorizedProblem[] all = unit.compilationResult.getAllProblems();
                problems = all == null ? new CategorizedProblem[0] : all;
                syntaxError = unit.compilationResult.hasSyntaxError;
                imports = IncrementalProblems.importsOf(unit);
            }
        }

        UnitProblems result() {
            return new UnitProblems(problems, bodies, syntaxError, imports, resolveErrors, resolveErrorStarts);
        }

        /** {@code Parser.getMethodBodies} for one method: the same scanner set-up, one body. */
        private void parseBody(MethodDeclaration method, CompilationUnitDeclaration unit) {
            int[] lineEnds = parser.scanner.lineEnds;
            int linePtr = parser.scanner.linePtr;
            char[] contents = unit.compilationResult.getContents();
            parser.scanner.setSource(contents, unit.compilationResult);
            if (parser.javadocParser != null && parser.javadocParser.checkDocComment) {
                parser.javadocParser.scanner.setSource(contents);
            }
            method.parseStatements(parser, unit);
            parser.scanner.lineEnds = lineEnds;
            parser.scanner.linePtr = linePtr;
        }
    }

    private static CompilerOptions compilerOptions(Map<String, String> settings) {
        var options = new CompilerOptions(settings);
        options.performMethodsFullRecovery = true;
        options.performStatementsRecovery = true;
        // Parameter names in the class files, for completion and signature help on workspace types.
        options.produceMethodParameters = true;
        return options;
    }

    private static CompilationProgress progress(IProgressMonitor monitor) {
        return new CompilationProgress() {
            @Override
            public void begin(int remainingWork) {
                // Only cancellation matters here.
            }

            @Override
            public void done() {
                // Only cancellation matters here.
            }

            @Override
            public boolean isCanceled() {
                return monitor.isCanceled();
            }

            @Override
            public void setTaskName(String name) {
                // Only cancellation matters here.
            }

            @Override
            public void worked(int workIncrement, int remainingWork) {
                // Only cancellation matters here.
            }
        };
    }
}
