package dev.tandem.lang.jdt;

import dev.tandem.lang.jdt.TypeNames.TypeName;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.jdt.core.compiler.CategorizedProblem;
import org.eclipse.jdt.core.dom.CompilationUnit;
import org.eclipse.jdt.internal.compiler.batch.FileSystem.Classpath;
import org.eclipse.jdt.internal.compiler.impl.CompilerOptions;

/**
 * The Java view of one workspace: its layout, its classpath (the running JDK, the dependency jars,
 * the source folders) kept open and cached between compilations, and the names of the types it can
 * import. Thread-safe: compilations may run while the dependencies are replaced.
 */
public final class JavaProject implements AutoCloseable {

    private final ProjectLayout layout;
    private final JdkLibrary jdk;
    private final JdtResolver resolver;
    private final Map<String, String> options;
    private final List<SourceFolder> sourceFolders;
    private volatile List<OpenJar> jars = List.of();
    private volatile List<Path> jarPaths = List.of();
    private volatile TypeNames jarTypes = new TypeNames(List.of());
    private volatile TypeNames sourceTypes;
    /** Counts changes of what a compilation of one file sees of the others (see {@link #generation}). */
    private final AtomicLong generation = new AtomicLong();
    private final CompiledTypes compiledTypes = new CompiledTypes(generation::incrementAndGet);

    public JavaProject(ProjectLayout layout, JdkLibrary jdk, JdtResolver resolver) {
        this.layout = layout;
        this.jdk = jdk;
        this.resolver = resolver;
        this.options = compilerOptions(layout.release());
        this.sourceFolders = layout.sourceRoots().stream().map(r -> new SourceFolder(r, options)).toList();
        this.sourceTypes = scanSources();
    }

    public ProjectLayout layout() {
        return layout;
    }

    public Map<String, String> options() {
        return options;
    }

    public List<Path> dependencies() {
        return jarPaths;
    }

    /** Replaces the dependency jars (after the pom was resolved again). */
    public synchronized void setDependencies(List<Path> newJars) {
        List<OpenJar> old = jars;
        List<OpenJar> opened = new ArrayList<>();
        List<TypeName> names = new ArrayList<>();
        for (Path jar : newJars) {
            if (!Files.isRegularFile(jar) || !jar.toString().endsWith(".jar")) {
                continue;
            }
            OpenJar cp = new OpenJar(jar.toFile());
            try {
                cp.initialize();
            } catch (IOException e) {
                continue;
            }
            opened.add(cp);
            scanJar(jar, names);
        }
        jars = List.copyOf(opened);
        jarPaths = List.copyOf(newJars);
        jarTypes = new TypeNames(names);
        generation.incrementAndGet();
        old.forEach(OpenJar::close);
    }

    /** Files were added, moved or deleted: listings and type names are read again. */
    public void filesChanged() {
        sourceFolders.forEach(SourceFolder::refresh);
        sourceTypes = scanSources();
        generation.incrementAndGet();
    }

    /** All importable type names: JDK, dependencies, workspace sources. */
    public TypeNames typeNames() {
        return TypeNames.union(sourceTypes, jarTypes, jdk.typeNames());
    }

    public TypeNames sourceTypeNames() {
        return sourceTypes;
    }

    /**
     * Changes whenever the dependencies, the file listings or the class files of the last check
     * change: a document's problems computed at one generation hold for the next keystroke only while
     * it is the same (and the other open documents are too).
     */
    public long generation() {
        return generation.get();
    }

    /** Class files of the workspace's sources from the last whole-workspace check. */
    CompiledTypes compiledTypes() {
        return compiledTypes;
    }

    /**
     * Whether the last whole-workspace check compiled {@code file} as exactly {@code text} (and the
     * file is unchanged on disk since): then its problems from that check are this text's problems,
     * as long as the other files are as the check saw them too.
     */
    public boolean checkedAs(Path file, char[] text) {
        return compiledTypes.compiledFrom(file, text);
    }

    /** The classpath of the whole-workspace check: every source file as on disk. */
    List<Classpath> classpath(Map<Path, char[]> openDocuments) {
        return classpath(openDocuments, null);
    }

    /**
     * The classpath for one compilation, seeing {@code openDocuments} instead of their files on disk,
     * and the other source files as compiled by the last whole-workspace check where unchanged.
     */
    private List<Classpath> classpath(Map<Path, char[]> openDocuments, CompiledTypes compiled) {
        List<Classpath> entries = new ArrayList<>();
        entries.add(jdk.classpath());
        for (SourceFolder folder : sourceFolders) {
            entries.add(folder.withOverlay(openDocuments, compiled));
        }
        entries.addAll(jars);
        return entries;
    }

    /** Parses and (optionally) resolves one file, as {@code text}, seeing the given open documents. */
    public CompilationUnit compile(Path file, char[] text, Map<Path, char[]> openDocuments, boolean bindings,
            IProgressMonitor monitor) {
        return resolver.resolve(text, file.toString(), classpath(openDocuments, null), options, bindings, monitor);
    }

    /**
     * Resolves one file as {@link #compile} does, but reads the types of the other source files, where
     * unchanged on disk and not open, from the class files of the last whole-workspace check instead of
     * compiling their sources again: much cheaper on every keystroke. Bindings of those types carry no
     * source positions or Javadoc, so this is for problems, completion and signature help; navigation
     * and hover use {@link #compile}.
     */
    public CompilationUnit check(Path file, char[] text, Map<Path, char[]> openDocuments, IProgressMonitor monitor) {
        return resolver.resolve(text, file.toString(), classpath(openDocuments, compiledTypes), options, true, monitor);
    }

    /**
     * Like {@link #check}, but only the body around {@code focalPosition} is parsed and resolved (the
     * other method bodies are left empty): for completion and signature help, which look only at the
     * caret's surroundings.
     */
    public CompilationUnit checkAt(Path file, char[] text, int focalPosition, Map<Path, char[]> openDocuments,
            IProgressMonitor monitor) {
        return resolver.resolve(text, file.toString(), classpath(openDocuments, compiledTypes), options, true, focalPosition,
                monitor);
    }

    /**
     * The compiler's problems of one file as {@code text}: what {@link #check} reports, without
     * building a DOM (diagnostics after a keystroke need nothing else). Unchanged other files are read
     * as compiled classes, as in {@link #check}.
     *
     * @throws org.eclipse.core.runtime.OperationCanceledException when {@code monitor} was cancelled
     */
    public CategorizedProblem[] problems(Path file, char[] text, Map<Path, char[]> openDocuments, IProgressMonitor monitor) {
        return fullProblems(file, text, openDocuments, null, monitor).problems();
    }

    /**
     * Like {@link #problems}, as the baseline of later method-only checks ({@link #methodProblems}).
     * {@code environment} is the caller's key for what the other files were (see {@link #generation}).
     */
    public IncrementalProblems.Baseline fullProblems(Path file, char[] text, Map<Path, char[]> openDocuments,
            Object environment, IProgressMonitor monitor) {
        var found = WorkspaceCheck.problemsOf(unit(file, text), environment(file, text, openDocuments), options, monitor);
        return new IncrementalProblems.Baseline(new String(text), found, environment);
    }

    /**
     * The problems of {@code text}, a later version of {@code base}'s text, when only the method body of
     * {@code plan} changed: that method is compiled alone (the other bodies are not parsed), the rest of
     * the file keeps the baseline's problems. Null when that cannot be decided exactly (the structure of
     * the file changed, or a file-level warning is in doubt): then compile the whole file.
     */
    public CategorizedProblem[] methodProblems(Path file, String text, IncrementalProblems.Baseline base,
            IncrementalProblems.Plan plan, Map<Path, char[]> openDocuments, IProgressMonitor monitor) {
        char[] chars = text.toCharArray();
        var fresh = WorkspaceCheck.methodProblemsOf(unit(file, chars), environment(file, chars, openDocuments), options,
                plan.newBody(), monitor);
        return fresh == null ? null : IncrementalProblems.merge(base, plan, text, fresh);
    }

    private static org.eclipse.jdt.internal.compiler.batch.CompilationUnit unit(Path file, char[] text) {
        return new org.eclipse.jdt.internal.compiler.batch.CompilationUnit(text, file.toString(), "UTF-8");
    }

    private ProjectEnvironment environment(Path file, char[] text, Map<Path, char[]> openDocuments) {
        Map<Path, char[]> overlay = new HashMap<>(openDocuments);
        overlay.put(file, text);
        return new ProjectEnvironment(classpath(overlay, compiledTypes));
    }

    /** Every Java source file of the workspace's source folders. */
    public List<Path> sourceFiles() {
        List<Path> files = new ArrayList<>();
        for (Path root : layout.sourceRoots()) {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(p -> p.toString().endsWith(".java") && Files.isRegularFile(p)).forEach(files::add);
            } catch (IOException e) {
                // A folder that vanished meanwhile has no files.
            }
        }
        return files;
    }

    private TypeNames scanSources() {
        List<TypeName> names = new ArrayList<>();
        for (Path file : sourceFiles()) {
            Path root = layout.sourceRootOf(file);
            Path relative = root.relativize(file);
            String name = relative.getFileName().toString();
            String pkg = relative.getParent() == null ? "" : relative.getParent().toString().replace('/', '.');
            names.add(new TypeName(pkg, name.substring(0, name.length() - 5)));
        }
        return new TypeNames(names);
    }

    private static void scanJar(Path jar, List<TypeName> names) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                if (!name.endsWith(".class") || name.indexOf('$') >= 0 || name.startsWith("META-INF/")
                        || name.endsWith("package-info.class") || name.endsWith("module-info.class")) {
                    continue;
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    if (TypeNames.isPublicClass(in)) {
                        names.add(TypeName.of(name.substring(0, name.length() - 6).replace('/', '.')));
                    }
                }
            }
        } catch (IOException e) {
            // An unreadable jar contributes no names; the compiler reports what it cannot find.
        }
    }

    static Map<String, String> compilerOptions(String release) {
        Map<String, String> options = new HashMap<>(new CompilerOptions().getMap());
        options.put(CompilerOptions.OPTION_Compliance, release);
        options.put(CompilerOptions.OPTION_Source, release);
        options.put(CompilerOptions.OPTION_TargetPlatform, release);
        options.put(CompilerOptions.OPTION_DocCommentSupport, CompilerOptions.ENABLED);
        options.put(CompilerOptions.OPTION_ReportUnusedImport, CompilerOptions.WARNING);
        options.put(CompilerOptions.OPTION_ReportUnusedLocal, CompilerOptions.WARNING);
        options.put(CompilerOptions.OPTION_ReportUnusedPrivateMember, CompilerOptions.WARNING);
        options.put(CompilerOptions.OPTION_MaxProblemPerUnit, "500");
        return Map.copyOf(options);
    }

    @Override
    public synchronized void close() {
        jars.forEach(OpenJar::close);
        jars = List.of();
    }
}
