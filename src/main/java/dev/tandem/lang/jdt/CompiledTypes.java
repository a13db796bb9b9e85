package dev.tandem.lang.jdt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jdt.internal.compiler.classfmt.ClassFileReader;
import org.eclipse.jdt.internal.compiler.classfmt.ClassFormatException;
import org.eclipse.jdt.internal.compiler.env.NameEnvironmentAnswer;

/**
 * Class files of the workspace's own sources, from the last whole-workspace compilation. A
 * keystroke's compilation reads the other source files' types from here instead of parsing and
 * resolving their sources again, for as long as the source file on disk is unchanged (same size and
 * modification time as when it was compiled); a changed or open file is read as source.
 */
final class CompiledTypes {

    /** A source file's size and modification time. */
    record Stamp(long modified, long size) {
        /** Take it before reading the file, so that a change made meanwhile is noticed later. */
        static Stamp of(Path file) {
            try {
                var attributes = Files.readAttributes(file, BasicFileAttributes.class);
                return new Stamp(attributes.lastModifiedTime().toMillis(), attributes.size());
            } catch (IOException e) {
                return null;
            }
        }
    }

    private record Unit(Stamp stamp, long fingerprint, Map<String, byte[]> classes) {
    }

    private final Runnable changed;
    private final Map<Path, Unit> bySource = new ConcurrentHashMap<>();
    /** Binary file name ({@code com/example/App$Inner.class}) → its source file. */
    private final Map<String, Path> sourceOf = new ConcurrentHashMap<>();

    /** {@code changed} runs whenever class files are recorded or forgotten. */
    CompiledTypes(Runnable changed) {
        this.changed = changed;
    }

    /** Records the class files compiled from {@code source} with {@code text} (binary file name → bytes). */
    void put(Path source, Stamp stamp, char[] text, Map<String, byte[]> classes) {
        if (stamp == null) {
            return;
        }
        Unit old = bySource.put(source, new Unit(stamp, fingerprint(text), Map.copyOf(classes)));
        if (old != null) {
            old.classes().keySet().forEach(name -> sourceOf.remove(name, source));
        }
        classes.keySet().forEach(name -> sourceOf.put(name, source));
        changed.run();
    }

    /** Forgets source files that no longer exist. */
    void retainOnly(Set<Path> sources) {
        for (Path source : bySource.keySet()) {
            if (!sources.contains(source)) {
                Unit old = bySource.remove(source);
                if (old != null) {
                    old.classes().keySet().forEach(name -> sourceOf.remove(name, source));
                }
            }
        }
        changed.run();
    }

    /** Whether the last compilation of {@code source} was of exactly {@code text}, and the file is unchanged since. */
    boolean compiledFrom(Path source, char[] text) {
        Unit unit = bySource.get(source);
        return unit != null && unit.fingerprint() == fingerprint(text) && unit.stamp().equals(Stamp.of(source));
    }

    /** A 64-bit FNV-1a hash of the text: equal texts are told apart from edited ones without keeping them. */
    private static long fingerprint(char[] text) {
        long hash = 0xcbf29ce484222325L;
        for (char c : text) {
            hash = (hash ^ c) * 0x100000001b3L;
        }
        return hash ^ text.length;
    }

    /**
     * The compiled type, if its source file is one the caller may take as compiled ({@code usable}:
     * e.g. not open in an editor) and is unchanged since it was compiled; else null.
     */
    NameEnvironmentAnswer find(String qualifiedBinaryFileName, Predicate<Path> usable) {
        Path source = sourceOf.get(qualifiedBinaryFileName);
        if (source == null || !usable.test(source)) {
            return null;
        }
        Unit unit = bySource.get(source);
        if (unit == null || !unit.stamp().equals(Stamp.of(source))) {
            return null;
        }
        byte[] bytes = unit.classes().get(qualifiedBinaryFileName);
        if (bytes == null) {
            return null;
        }
        try {
            return new NameEnvironmentAnswer(new ClassFileReader(bytes, qualifiedBinaryFileName.toCharArray(), true), null);
        } catch (ClassFormatException e) {
            return null;
        }
    }

}
