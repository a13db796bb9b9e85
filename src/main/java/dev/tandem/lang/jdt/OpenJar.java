package dev.tandem.lang.jdt;

import java.io.File;
import java.io.IOException;
import org.eclipse.jdt.internal.compiler.batch.ClasspathJar;

/**
 * A dependency jar kept open between compilations (JDT would otherwise reopen it and rebuild its
 * package list each time). Decoded class files are deliberately not shared between compilations:
 * JDT's lookup environment does not expect to see the same reader twice.
 */
final class OpenJar extends ClasspathJar {

    OpenJar(File jar) {
        super(jar, false, null, null);
    }

    @Override
    public void reset() {
        // Kept open between compilations; see close().
    }

    /** Releases the jar when its workspace is closed or its classpath replaced. */
    void close() {
        if (zipFile != null) {
            try {
                zipFile.close();
            } catch (IOException e) {
                // Nothing useful to do: the file is no longer used either way.
            }
            zipFile = null;
        }
    }
}
