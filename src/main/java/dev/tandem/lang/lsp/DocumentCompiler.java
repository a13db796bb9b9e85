package dev.tandem.lang.lsp;

import dev.tandem.lang.OpenProject;
import dev.tandem.lang.TextDocument;
import dev.tandem.lang.jdt.Cancellation;
import dev.tandem.lang.jdt.Navigation;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.eclipse.jdt.core.dom.CompilationUnit;

/**
 * Compilations of a document as one client sees the workspace: its unsaved documents over the files
 * on disk, under a progress monitor that JDT polls, cancelled by the caller or after the request
 * timeout.
 */
final class DocumentCompiler {

    private final OpenProject project;
    private final OpenDocuments documents;
    private final long timeoutMillis;

    DocumentCompiler(OpenProject project, OpenDocuments documents, long timeoutMillis) {
        this.project = project;
        this.documents = documents;
        this.timeoutMillis = timeoutMillis;
    }

    Cancellation monitor(BooleanSupplier cancelled) {
        return new Cancellation(cancelled, timeoutMillis);
    }

    Navigation navigation(BooleanSupplier cancelled) {
        return new Navigation(project.java(), project.root(), documents.overlay(), path -> "file:///" + path,
                monitor(cancelled));
    }

    /** With bindings, other files read from source: for hover, navigation and rename (source positions, Javadoc). */
    CompilationUnit compile(TextDocument doc, String text, BooleanSupplier cancelled) {
        return project.java().compile(documents.absolute(doc), text.toCharArray(), documents.overlay(), true, monitor(cancelled));
    }

    /** Like {@link #compile}, reading unchanged other files as compiled classes: for problems and completion. */
    CompilationUnit check(TextDocument doc, String text, BooleanSupplier cancelled) {
        return project.java().check(documents.absolute(doc), text.toCharArray(), documents.overlay(), monitor(cancelled));
    }

    /** Like {@link #check}, resolving only the body around {@code offset}: for completion and signature help. */
    CompilationUnit checkAt(TextDocument doc, String text, int offset, BooleanSupplier cancelled) {
        return project.java().checkAt(documents.absolute(doc), text.toCharArray(), offset, documents.overlay(), monitor(cancelled));
    }

    /** Without bindings or other files: for the outline. */
    CompilationUnit parse(TextDocument doc, BooleanSupplier cancelled) {
        return project.java().compile(documents.absolute(doc), doc.text().toCharArray(), Map.of(), false, monitor(cancelled));
    }
}
