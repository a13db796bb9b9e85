package dev.tandem.collab;

import dev.tandem.config.TandemException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns a list of {@link TextEdit}s into checked offset edits against one text, and applies them.
 * Pure functions; the live document and the disk path share them so both read edits alike.
 */
final class TextEdits {

    /** An edit resolved to UTF-16 offsets of the text it was resolved against. */
    record Resolved(int start, int end, String text) {
    }

    private TextEdits() {
    }

    /**
     * Resolves {@code edits} against {@code text}: ranges converted to offsets, checked (in range,
     * start ≤ end, no overlaps) and sorted by position, keeping the given order for equal starts.
     *
     * @throws TandemException 400 for an edit outside the text or overlapping another
     */
    static List<Resolved> resolve(String text, List<? extends TextEdit> edits) {
        if (edits == null) {
            throw TandemException.badRequest("No edits given");
        }
        int[] lineStarts = null;
        List<Resolved> resolved = new ArrayList<>(edits.size());
        for (TextEdit edit : edits) {
            if (edit == null) {
                throw TandemException.badRequest("An edit is missing");
            }
            Resolved r;
            if (edit instanceof TextEdit.Lines lines) {
                if (lineStarts == null) {
                    lineStarts = lineStarts(text);
                }
                r = new Resolved(offset(text, lineStarts, lines.startLine(), lines.startCharacter()),
                        offset(text, lineStarts, lines.endLine(), lines.endCharacter()), lines.text());
            } else {
                TextEdit.Offsets o = (TextEdit.Offsets) edit;
                r = new Resolved(o.start(), o.end(), o.text());
            }
            if (r.start() < 0 || r.end() > text.length() || r.start() > r.end()) {
                throw TandemException.badRequest("The edit range [" + r.start() + ", " + r.end()
                        + ") is not within the text of length " + text.length());
            }
            resolved.add(r);
        }
        // Stable: inserts at one place keep the order they were given in.
        resolved.sort(Comparator.comparingInt(Resolved::start));
        for (int i = 1; i < resolved.size(); i++) {
            Resolved before = resolved.get(i - 1);
            Resolved after = resolved.get(i);
            if (after.start() < before.end()) {
                throw TandemException.badRequest("The edits at " + before.start() + " and " + after.start() + " overlap");
            }
        }
        return resolved;
    }

    /** {@code text} with the resolved edits applied. */
    static String apply(String text, List<Resolved> edits) {
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (Resolved edit : edits) {
            out.append(text, at, edit.start()).append(edit.text());
            at = edit.end();
        }
        return out.append(text, at, text.length()).toString();
    }

    /** Offsets at which each line starts; a line ends at \n, \r\n or \r. */
    static int[] lineStarts(String text) {
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                i++;
                starts.add(i + 1);
            } else if (c == '\n' || c == '\r') {
                starts.add(i + 1);
            }
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int offset(String text, int[] lineStarts, int line, int character) {
        if (line < 0 || character < 0) {
            throw TandemException.badRequest("A position has a negative line or character: " + line + ":" + character);
        }
        if (line >= lineStarts.length) {
            throw TandemException.badRequest("Line " + line + " is past the last line (" + (lineStarts.length - 1) + ")");
        }
        int start = lineStarts[line];
        int end = line + 1 < lineStarts.length ? lineStarts[line + 1] : text.length();
        // The line's content stops before its line break.
        while (end > start && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return Math.min(start + character, end);
    }
}
