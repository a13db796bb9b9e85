package dev.tandem.lang;

import java.util.Arrays;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;

/**
 * The text of an open document as one client sees it, with LSP positions (line, UTF-16 column:
 * Java's own char index) converted to offsets and back. Immutable: an edit makes a new one.
 */
public final class TextDocument {

    private final String uri;
    private final String path;
    private final int version;
    private final String text;
    private final int[] lineStarts;

    public TextDocument(String uri, String path, int version, String text) {
        this.uri = uri;
        this.path = path;
        this.version = version;
        this.text = text;
        this.lineStarts = lineStarts(text);
    }

    public String uri() {
        return uri;
    }

    /** Workspace-relative path. */
    public String path() {
        return path;
    }

    public int version() {
        return version;
    }

    public String text() {
        return text;
    }

    public int lineCount() {
        return lineStarts.length;
    }

    /** The offset of a position, clamped into the text. */
    public int offset(Position position) {
        int line = Math.max(0, Math.min(position.getLine(), lineStarts.length - 1));
        int start = lineStarts[line];
        int end = line + 1 < lineStarts.length ? lineStarts[line + 1] : text.length();
        return Math.max(start, Math.min(start + Math.max(0, position.getCharacter()), end));
    }

    public Position position(int offset) {
        int clamped = Math.max(0, Math.min(offset, text.length()));
        int line = Arrays.binarySearch(lineStarts, clamped);
        if (line < 0) {
            line = -line - 2;
        }
        return new Position(line, clamped - lineStarts[line]);
    }

    public Range range(int start, int end) {
        return new Range(position(start), position(end));
    }

    /** This document with {@code range} replaced by {@code newText} (or all of it when range is null). */
    public TextDocument edit(Range range, String newText, int newVersion) {
        if (range == null) {
            return new TextDocument(uri, path, newVersion, newText);
        }
        int start = offset(range.getStart());
        int end = Math.max(start, offset(range.getEnd()));
        return new TextDocument(uri, path, newVersion, text.substring(0, start) + newText + text.substring(end));
    }

    private static int[] lineStarts(String text) {
        int count = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                count++;
            }
        }
        int[] starts = new int[count];
        int line = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts[line++] = i + 1;
            }
        }
        return starts;
    }
}
