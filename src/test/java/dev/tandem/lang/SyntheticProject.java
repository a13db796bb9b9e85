package dev.tandem.lang;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Generates a plain Maven-layout project for tests and the benchmark: {@code files - 1} small classes
 * that call each other, plus one large class of about {@code bigLines} lines using them and the JDK.
 */
public final class SyntheticProject {

    public static final String BIG_FILE = "src/main/java/com/example/big/Big.java";

    private SyntheticProject() {
    }

    public static void write(Path root, int files, int bigLines) throws IOException {
        Files.writeString(root.resolve("pom.xml"), """
                <project><modelVersion>4.0.0</modelVersion><groupId>g</groupId><artifactId>a</artifactId>
                <version>1</version><properties><maven.compiler.release>17</maven.compiler.release></properties></project>
                """);
        Path pkg = Files.createDirectories(root.resolve("src/main/java/com/example/gen"));
        for (int i = 0; i < files - 1; i++) {
            String next = "C" + ((i + 1) % (files - 1));
            Files.writeString(pkg.resolve("C" + i + ".java"), """
                    package com.example.gen;

                    import java.util.ArrayList;
                    import java.util.List;

                    /** Generated class number %1$d. */
                    public class C%1$d {
                        private final List<String> items = new ArrayList<>();

                        /** Adds an item and answers the count. */
                        public int add(String item) {
                            items.add(item.trim());
                            return items.size();
                        }

                        public %2$s next() {
                            return new %2$s();
                        }

                        public List<String> items() {
                            return items;
                        }
                    }
                    """.formatted(i, next));
        }
        Path big = Files.createDirectories(root.resolve("src/main/java/com/example/big"));
        StringBuilder text = new StringBuilder("""
                package com.example.big;

                import com.example.gen.*;
                import java.util.HashMap;
                import java.util.List;
                import java.util.Map;

                public class Big {
                    private final Map<String, Integer> counts = new HashMap<>();

                """);
        int methods = Math.max(1, (bigLines - 12) / 10);
        for (int m = 0; m < methods; m++) {
            text.append("""
                        public int method%1$d(String input) {
                            C%2$d c = new C%2$d();
                            int n = c.add(input + "%1$d");
                            List<String> items = c.next().items();
                            for (String item : items) {
                                n += item.length();
                            }
                            counts.merge(input, n, Integer::sum);
                            return n;
                        }
                    """.formatted(m, m % (files - 1)));
        }
        text.append("}\n");
        Files.writeString(big.resolve("Big.java"), text);
    }
}
