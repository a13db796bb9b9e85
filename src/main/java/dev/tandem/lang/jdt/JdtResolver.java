package dev.tandem.lang.jdt;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.jdt.core.IJavaElement;
import org.eclipse.jdt.core.IJavaProject;
import org.eclipse.jdt.core.WorkingCopyOwner;
import org.eclipse.jdt.core.dom.AST;
import org.eclipse.jdt.core.dom.CompilationUnit;
import org.eclipse.jdt.internal.compiler.batch.FileSystem.Classpath;
import org.eclipse.jdt.internal.core.BasicCompilationUnit;

/**
 * Builds DOM ASTs with bindings against a classpath that the caller keeps alive between calls.
 * <p>
 * {@code ASTParser} rebuilds its classpath entries from strings on every call, so every JDK and jar
 * class a file touches is read and decoded again (the main cost of a naive reconcile). JDT's own
 * {@code CompilationUnitResolver.toCompilationUnit} takes ready {@link Classpath} objects, but the
 * class is package-private; it is reached once by reflection here. The jar is signed, so a helper
 * class in JDT's package is not an option.
 */
public final class JdtResolver {

    /** Flags of {@code org.eclipse.jdt.core.ICompilationUnit}. */
    private static final int ENABLE_STATEMENTS_RECOVERY = 0x02;
    private static final int ENABLE_BINDINGS_RECOVERY = 0x04;

    private final Method toCompilationUnit;
    private final java.lang.reflect.Constructor<?> nodeSearcher;

    public JdtResolver() {
        try {
            Class<?> resolver = Class.forName("org.eclipse.jdt.core.dom.CompilationUnitResolver");
            toCompilationUnit = resolver.getMethod("toCompilationUnit",
                    org.eclipse.jdt.internal.compiler.env.ICompilationUnit.class, boolean.class, IJavaProject.class,
                    List.class, Class.forName("org.eclipse.jdt.core.dom.NodeSearcher"), int.class, Map.class,
                    WorkingCopyOwner.class, WorkingCopyOwner.class, int.class, IProgressMonitor.class);
            toCompilationUnit.setAccessible(true);
            nodeSearcher = Class.forName("org.eclipse.jdt.core.dom.NodeSearcher").getDeclaredConstructor(int.class);
            nodeSearcher.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("This JDT Core version is not supported", e);
        }
    }

    /**
     * Parses {@code source} (the file {@code fileName}, an absolute path) and, when {@code bindings}
     * is set, resolves it against {@code classpath}, reporting all compiler problems.
     *
     * @throws OperationCanceledException when {@code monitor} was cancelled meanwhile
     */
    public CompilationUnit resolve(char[] source, String fileName, List<Classpath> classpath, Map<String, String> options,
            boolean bindings, IProgressMonitor monitor) {
        return resolve(source, fileName, classpath, options, bindings, -1, monitor);
    }

    /**
     * Like {@link #resolve(char[], String, List, Map, boolean, IProgressMonitor)}, but when
     * {@code focalPosition} is not negative only the body of the method (or initializer) around that
     * offset is parsed and resolved, as {@code ASTParser.setFocalPosition} does: the other bodies are
     * empty in the result and report no problems. Completion needs nothing else, and in a large file
     * this skips most of the work.
     */
    public CompilationUnit resolve(char[] source, String fileName, List<Classpath> classpath, Map<String, String> options,
            boolean bindings, int focalPosition, IProgressMonitor monitor) {
        var unit = new BasicCompilationUnit(source, null, fileName, (IJavaElement) null);
        int flags = ENABLE_STATEMENTS_RECOVERY | (bindings ? ENABLE_BINDINGS_RECOVERY : 0);
        try {
            Object searcher = focalPosition < 0 ? null : nodeSearcher.newInstance(focalPosition);
            return (CompilationUnit) toCompilationUnit.invoke(null, unit, bindings, null, classpath, searcher, AST.getJLSLatest(),
                    options, null, null, flags, monitor);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException | InstantiationException e) {
            throw new IllegalStateException(e);
        }
    }
}
