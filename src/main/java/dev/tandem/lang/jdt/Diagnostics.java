package dev.tandem.lang.jdt;

import dev.tandem.lang.TextDocument;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jdt.core.compiler.IProblem;
import org.eclipse.jdt.core.dom.CompilationUnit;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.DiagnosticTag;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/** Compiler problems as LSP diagnostics: exact ranges, the JDT problem id as the code (quick fixes key on it). */
public final class Diagnostics {

    public static final String SOURCE = "java";

    private Diagnostics() {
    }

    public static List<Diagnostic> of(CompilationUnit unit, TextDocument doc) {
        List<Diagnostic> result = new ArrayList<>();
        for (IProblem problem : unit.getProblems()) {
            result.add(of(problem, doc));
        }
        return result;
    }

    public static List<Diagnostic> of(IProblem[] problems, TextDocument doc) {
        List<Diagnostic> result = new ArrayList<>();
        for (IProblem problem : problems) {
            result.add(of(problem, doc));
        }
        return result;
    }

    public static Diagnostic of(IProblem problem, TextDocument doc) {
        int start = Math.max(0, problem.getSourceStart());
        int end = Math.max(start, problem.getSourceEnd() + 1);
        var d = new Diagnostic(doc.range(start, end), problem.getMessage(),
                problem.isError() ? DiagnosticSeverity.Error
                        : problem.isWarning() ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information,
                SOURCE);
        d.setCode(Either.forRight(problem.getID()));
        switch (problem.getID()) {
            case IProblem.UnusedImport, IProblem.LocalVariableIsNeverUsed, IProblem.UnusedPrivateField,
                    IProblem.UnusedPrivateMethod, IProblem.UnusedPrivateType ->
                d.setTags(List.of(DiagnosticTag.Unnecessary));
            case IProblem.UsingDeprecatedType, IProblem.UsingDeprecatedMethod, IProblem.UsingDeprecatedField ->
                d.setTags(List.of(DiagnosticTag.Deprecated));
            default -> {
                // No tag.
            }
        }
        return d;
    }
}
