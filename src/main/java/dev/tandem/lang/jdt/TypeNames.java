package dev.tandem.lang.jdt;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Fully qualified names of the types a file may import, searched by simple-name prefix. Completion of
 * type names and the "missing import" quick fix need this; JDT answers it only through a Java model
 * search index, which standalone use does not have.
 */
public final class TypeNames {

    /** A public top-level type: its package and simple name. */
    public record TypeName(String packageName, String simpleName) {

        public String qualifiedName() {
            return packageName.isEmpty() ? simpleName : packageName + '.' + simpleName;
        }

        public static TypeName of(String qualifiedName) {
            int dot = qualifiedName.lastIndexOf('.');
            return dot < 0 ? new TypeName("", qualifiedName)
                    : new TypeName(qualifiedName.substring(0, dot), qualifiedName.substring(dot + 1));
        }
    }

    private final List<TypeName> names;

    public TypeNames(Collection<TypeName> names) {
        this.names = List.copyOf(names);
    }

    public static TypeNames union(TypeNames... parts) {
        List<TypeName> all = new ArrayList<>();
        for (TypeNames part : parts) {
            all.addAll(part.names);
        }
        return new TypeNames(all);
    }

    public int size() {
        return names.size();
    }

    /** Types whose simple name starts with {@code prefix} (ignoring case), at most {@code limit}. */
    public List<TypeName> withPrefix(String prefix, int limit) {
        String lower = prefix.toLowerCase(Locale.ROOT);
        List<TypeName> found = new ArrayList<>();
        for (TypeName name : names) {
            if (name.simpleName().regionMatches(true, 0, lower, 0, lower.length())) {
                found.add(name);
                if (found.size() >= limit) {
                    break;
                }
            }
        }
        return found;
    }

    /** Types with exactly this simple name. */
    public List<TypeName> named(String simpleName) {
        return names.stream().filter(n -> n.simpleName().equals(simpleName)).toList();
    }

    /** Whether a class file (its bytes) declares a public type, read from its access flags. */
    static boolean isPublicClass(InputStream classFile) throws IOException {
        var in = new DataInputStream(classFile);
        if (in.readInt() != 0xCAFEBABE) {
            return false;
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> in.skipNBytes(in.readUnsignedShort());
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                case 5, 6 -> {
                    in.skipNBytes(8);
                    i++;
                }
                case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
                case 15 -> in.skipNBytes(3);
                default -> {
                    return false;
                }
            }
        }
        int access = in.readUnsignedShort();
        return (access & 0x0001) != 0;
    }
}
