package dev.tandem.lang.jdt;

import java.util.List;
import org.eclipse.jdt.internal.compiler.batch.FileSystem;

/**
 * A name environment over classpath entries the project keeps open. {@link FileSystem}'s constructor
 * that takes ready entries is protected, hence this subclass. Never {@code cleanup()} it: that would
 * reset the shared entries.
 */
final class ProjectEnvironment extends FileSystem {

    ProjectEnvironment(List<Classpath> classpath) {
        super(classpath.toArray(Classpath[]::new), null, false, null);
    }
}
