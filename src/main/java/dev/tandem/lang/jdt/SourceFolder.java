package dev.tandem.lang.jdt;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.eclipse.jdt.internal.compiler.batch.CompilationUnit;
import org.eclipse.jdt.internal.compiler.batch.FileSystem;
import org.eclipse.jdt.internal.compiler.batch.FileSystem.Classpath;
import org.eclipse.jdt.internal.compiler.env.IModule;
import org.eclipse.jdt.internal.compiler.env.NameEnvironmentAnswer;

/**
 * A source folder of a workspace as the compiler sees it: files on disk, except those open in an
 * editor, whose unsaved text wins. The folder listing (JDT's {@code ClasspathDirectory}) is shared
 * and long-lived; a view with a session's open documents is made per compilation by
 * {@link #withOverlay}.
 */
final class SourceFolder implements Classpath {

    private final Path root;
    private final Classpath directory;
    private final Map<Path, char[]> overlay;
    /** Where unchanged files' types are read from instead of their sources; null: always sources. */
    private final CompiledTypes compiled;

    SourceFolder(Path root, Map<String, String> options) {
        this(root, FileSystem.getClasspath(root.toString(), "UTF-8", true, null, null, options, null), Map.of(), null);
    }

    private SourceFolder(Path root, Classpath directory, Map<Path, char[]> overlay, CompiledTypes compiled) {
        this.root = root;
        this.directory = directory;
        this.overlay = overlay;
        this.compiled = compiled;
    }

    Path root() {
        return root;
    }

    /**
     * This folder as seen by a session whose open documents are {@code openDocuments} (absolute path →
     * text), reading other files' types from {@code compiled} (may be null) while they are unchanged.
     */
    SourceFolder withOverlay(Map<Path, char[]> openDocuments, CompiledTypes compiled) {
        return new SourceFolder(root, directory, openDocuments, compiled);
    }

    /** Forgets cached listings after files were added, moved or deleted. */
    void refresh() {
        directory.reset();
    }

    @Override
    public NameEnvironmentAnswer findClass(char[] typeName, String qualifiedPackageName, String moduleName,
            String qualifiedBinaryFileName) {
        return findClass(typeName, qualifiedPackageName, moduleName, qualifiedBinaryFileName, false);
    }

    @Override
    public NameEnvironmentAnswer findClass(char[] typeName, String qualifiedPackageName, String moduleName,
            String qualifiedBinaryFileName, boolean asBinaryOnly) {
        if (!asBinaryOnly && !overlay.isEmpty()) {
            Path file = root.resolve(qualifiedPackageName).resolve(new String(typeName) + ".java");
            char[] text = overlay.get(file);
            if (text != null) {
                return new NameEnvironmentAnswer(new CompilationUnit(text, file.toString(), "UTF-8"), null);
            }
        }
        if (compiled != null) {
            NameEnvironmentAnswer binary = compiled.find(qualifiedBinaryFileName,
                    source -> source.startsWith(root) && !overlay.containsKey(source));
            if (binary != null) {
                return binary;
            }
        }
        return directory.findClass(typeName, qualifiedPackageName, moduleName, qualifiedBinaryFileName, asBinaryOnly);
    }

    @Override
    public char[][][] findTypeNames(String qualifiedPackageName, String moduleName) {
        return directory.findTypeNames(qualifiedPackageName, moduleName);
    }

    @Override
    public boolean isPackage(String qualifiedPackageName, String moduleName) {
        return directory.isPackage(qualifiedPackageName, moduleName);
    }

    @Override
    public char[][] getModulesDeclaringPackage(String qualifiedPackageName, String moduleName) {
        return directory.getModulesDeclaringPackage(qualifiedPackageName, moduleName);
    }

    @Override
    public boolean hasCompilationUnit(String qualifiedPackageName, String moduleName) {
        return directory.hasCompilationUnit(qualifiedPackageName, moduleName);
    }

    @Override
    public List<Classpath> fetchLinkedJars(FileSystem.ClasspathSectionProblemReporter problemReporter) {
        return null;
    }

    @Override
    public void reset() {
        // Listings stay cached between compilations; refresh() drops them when files change.
    }

    @Override
    public char[] normalizedPath() {
        return directory.normalizedPath();
    }

    @Override
    public String getPath() {
        return directory.getPath();
    }

    @Override
    public void initialize() throws IOException {
        directory.initialize();
    }

    @Override
    public boolean hasAnnotationFileFor(String qualifiedTypeName) {
        return false;
    }

    @Override
    public void acceptModule(IModule module) {
        directory.acceptModule(module);
    }

    @Override
    public String getDestinationPath() {
        return directory.getDestinationPath();
    }

    @Override
    public Collection<String> getModuleNames(Collection<String> limitModules) {
        return directory.getModuleNames(limitModules);
    }

    @Override
    public Collection<String> getModuleNames(Collection<String> limitModules, Function<String, IModule> getModule) {
        return directory.getModuleNames(limitModules, getModule);
    }

    @Override
    public IModule getModule() {
        return directory.getModule();
    }

}
