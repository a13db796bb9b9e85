package dev.tandem.build;

import java.util.regex.Pattern;

/**
 * A buildspec glob over '/'-separated relative paths, as CodeBuild reads them: {@code *} and
 * {@code ?} stay within one folder, {@code **} crosses folders (so {@code **}{@code /*} also
 * matches files at the top), {@code {a,b}} is either. A glob that names a folder selects
 * everything under it.
 */
final class Glob {

    private final Pattern pattern;

    private Glob(Pattern pattern) {
        this.pattern = pattern;
    }

    static Glob of(String glob) {
        String g = glob.strip();
        while (g.startsWith("./")) {
            g = g.substring(2);
        }
        StringBuilder regex = new StringBuilder();
        int braces = 0;
        for (int i = 0; i < g.length(); i++) {
            char c = g.charAt(i);
            if (c == '*' && i + 1 < g.length() && g.charAt(i + 1) == '*') {
                boolean slashAfter = i + 2 < g.length() && g.charAt(i + 2) == '/';
                boolean atStartOfSegment = i == 0 || g.charAt(i - 1) == '/';
                if (slashAfter && atStartOfSegment) {
                    regex.append("(?:.*/)?");
                    i += 2;
                } else {
                    regex.append(".*");
                    i += 1;
                }
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else if (c == '{') {
                braces++;
                regex.append("(?:");
            } else if (c == '}' && braces > 0) {
                braces--;
                regex.append(')');
            } else if (c == ',' && braces > 0) {
                regex.append('|');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        regex.append(")".repeat(braces));
        return new Glob(Pattern.compile(regex.toString()));
    }

    /** Whether the path, or one of the folders it is in, matches. */
    boolean selects(String relativePath) {
        if (pattern.matcher(relativePath).matches()) {
            return true;
        }
        for (int slash = relativePath.indexOf('/'); slash > 0; slash = relativePath.indexOf('/', slash + 1)) {
            if (pattern.matcher(relativePath.substring(0, slash)).matches()) {
                return true;
            }
        }
        return false;
    }
}
