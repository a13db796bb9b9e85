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

    /** The problems of one unit, compiled without generating code. */
    static CategorizedProblem[] problemsOf(ICompilationUnit unit, ProjectEnvironment environment, Map<String, String> settings,
            IProgressMonitor monitor) {
        CompilerOptions options = compilerOptions(settings);
        options.generateClassFiles = false;
        CategorizedProblem[][] found = {new CategorizedProblem[0]};
        char[] fileName = unit.getFileName();
        // Other files answered as source (changed since the last check, or open) are compiled along and
        // reported too: keep only this unit's problems.
        ICompilerRequestor requestor = compiled -> {
            CategorizedProblem[] problems = compiled.getAllProblems();
            if (java.util.Arrays.equals(compiled.getFileName(), fileName)) {
                found[0] = problems == null ? new CategorizedProblem[0] : problems;
            }
        };
        new ProblemsCompiler(environment, options, requestor, monitor).compile(new ICompilationUnit[] {unit});
        if (monitor.isCanceled()) {
            throw new OperationCanceledException();
        }
        return found[0];
    }

    private record Source(Path file, CompiledTypes.Stamp stamp, String text) {
    }

    /**
     * ECJ's compiler without code generation: {@code Compiler.process} generates byte code for every
     * unit whatever {@code generateClassFiles} says, which a keystroke's problems never need (it was
     * a tenth of the keystroke path's profile). The steps are {@code Compiler.process}'s own, minus
     * {@code generateCode()}; the problems only code generation finds (a method over 64 KB of byte
     * code) are left to the whole-workspace check.
     */
    private static final class ProblemsCompiler extends Compiler {

        ProblemsCompiler(ProjectEnvironment environment, CompilerOptions options, ICompilerRequestor requestor,
                IProgressMonitor monitor) {
            super(environment, DefaultErrorHandlingPolicies.proceedWithAllProblems(), options, requestor,
                    new DefaultProblemFactory(Locale.ENGLISH), null, progress(monitor));
        }

        @Override
        public void process(CompilationUnitDeclaration unit, int i) {
            lookupEnvironment.unitBeingCompleted = unit;
            parser.getMethodBodies(unit);
            if (unit.scope != null) {
                unit.scope.faultInTypes();
                unit.scope.verifyMethods(lookupEnvironment.methodVerifier());
            }
            unit.resolve();
            unit.analyseCode();
            unit.finalizeProblems();
            unit.compilationResult.totalUnitsKnown = totalUnits;
            lookupEnvironment.unitBeingCompleted = null;
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
