package dev.tandem.lang.jdt;

import dev.tandem.lang.TextDocument;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.jdt.core.dom.AST;
import org.eclipse.jdt.core.dom.ASTParser;
import org.eclipse.jdt.core.dom.CompilationUnit;
import org.eclipse.jdt.core.dom.FileASTRequestor;
import org.eclipse.lsp4j.Diagnostic;

/**
 * Problems of every source file of a workspace, as saved on disk. All files are compiled in one
 * lookup environment (like a batch build), which is far cheaper than one reconcile per file.
 */
public final class WorkspaceCheck {

    private WorkspaceCheck() {
    }

    /** Absolute path → diagnostics, for every source file of {@code project}. */
    public static Map<Path, List<Diagnostic>> run(JavaProject project, IProgressMonitor monitor) {
        List<Path> files = project.sourceFiles();
        Map<Path, List<Diagnostic>> result = new HashMap<>();
        if (files.isEmpty()) {
            return result;
        }
        ASTParser parser = ASTParser.newParser(AST.getJLSLatest());
        parser.setCompilerOptions(project.options());
        parser.setResolveBindings(true);
        parser.setBindingsRecovery(true);
        parser.setStatementsRecovery(true);
        String[] sourceRoots = project.layout().sourceRoots().stream().map(Path::toString).toArray(String[]::new);
        String[] encodings = new String[sourceRoots.length];
        java.util.Arrays.fill(encodings, "UTF-8");
        parser.setEnvironment(project.dependencies().stream().map(Path::toString).toArray(String[]::new), sourceRoots,
                encodings, true);
        String[] paths = files.stream().map(Path::toString).toArray(String[]::new);
        String[] fileEncodings = new String[paths.length];
        java.util.Arrays.fill(fileEncodings, "UTF-8");
        parser.createASTs(paths, fileEncodings, new String[0], new FileASTRequestor() {
            @Override
            public void acceptAST(String sourceFilePath, CompilationUnit ast) {
                Path file = Path.of(sourceFilePath);
                try {
                    var doc = new TextDocument("", "", 0, Files.readString(file));
                    result.put(file, Diagnostics.of(ast, doc));
                } catch (IOException e) {
                    // Deleted meanwhile: the next check will not list it.
                }
            }
        }, monitor);
        return result;
    }
}
