package dev.tandem.lang.jdt;

import dev.tandem.lang.jdt.TypeNames.TypeName;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jdt.internal.compiler.batch.ClasspathJrt;
import org.eclipse.jdt.internal.compiler.batch.FileSystem.Classpath;

/**
 * The running JDK as a classpath entry (through its {@code jrt-fs}) and the names of its public
 * types in exported packages of the {@code java.*} modules. One per server: both are immutable and
 * shared by every workspace.
 */
public final class JdkLibrary {

    private final ClasspathJrt jrt;
    private volatile TypeNames typeNames;

    public JdkLibrary() {
        // JDT keeps the class bytes of the JDK in a process-wide cache of its own.
        jrt = new ClasspathJrt(Path.of(System.getProperty("java.home")).toFile(), false, null, null);
        try {
            jrt.initialize();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot open the running JDK's modules", e);
        }
    }

    Classpath classpath() {
        return jrt;
    }

    /** The JDK's importable type names; computed on first use (~0.5 s) and kept. */
    public TypeNames typeNames() {
        TypeNames names = typeNames;
        if (names == null) {
            synchronized (this) {
                if (typeNames == null) {
                    typeNames = scan();
                }
                names = typeNames;
            }
        }
        return names;
    }

    private static TypeNames scan() {
        List<TypeName> names = new ArrayList<>();
        FileSystem jrtFs = FileSystems.getFileSystem(URI.create("jrt:/"));
        for (var module : ModuleFinder.ofSystem().findAll()) {
            ModuleDescriptor descriptor = module.descriptor();
            if (!descriptor.name().startsWith("java.")) {
                continue;
            }
            for (ModuleDescriptor.Exports exports : descriptor.exports()) {
                if (exports.isQualified()) {
                    continue;
                }
                Path dir = jrtFs.getPath("/modules", descriptor.name(), exports.source().replace('.', '/'));
                try (Stream<Path> files = Files.list(dir)) {
                    files.forEach(file -> {
                        String name = file.getFileName().toString();
                        if (name.endsWith(".class") && name.indexOf('$') < 0 && !name.startsWith("package-info")) {
                            try (InputStream in = Files.newInputStream(file)) {
                                if (TypeNames.isPublicClass(in)) {
                                    names.add(new TypeName(exports.source(), name.substring(0, name.length() - 6)));
                                }
                            } catch (IOException e) {
                                // An unreadable class file is simply not offered.
                            }
                        }
                    });
                } catch (IOException e) {
                    // A package without a directory here has nothing to offer.
                }
            }
        }
        return new TypeNames(names);
    }
}
