package dev.tandem.collab;

import java.util.Objects;

/**
 * One replacement in a file's text, for {@link LiveDocuments#edit}: either by UTF-16 offsets (as
 * {@link String#length()} counts) or by LSP line/character positions. Several edits given together
 * all refer to the text as it was before any of them, must not overlap, and are applied as one
 * change; inserts at the same place appear in the order given (the LSP {@code TextEdit[]} rules).
 */
public sealed interface TextEdit {

    /** The replacement text (empty to delete). */
    String text();

    /**
     * Replaces the UTF-16 code units {@code [start, end)} with {@code text}.
     *
     * @param start first offset replaced, {@code 0 ≤ start ≤ end}
     * @param end   offset after the last replaced unit, at most the text's length
     * @param text  the new text, not null
     */
    record Offsets(int start, int end, String text) implements TextEdit {
        public Offsets {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * Replaces an LSP range: lines are counted from 0 and end at {@code \n}, {@code \r\n} or
     * {@code \r}; characters are UTF-16 code units from the line's start, as LSP's default
     * position encoding counts them. A character past the end of its line means the line's end
     * (LSP's rule); a line past the last one is refused.
     */
    record Lines(int startLine, int startCharacter, int endLine, int endCharacter, String text) implements TextEdit {
        public Lines {
            Objects.requireNonNull(text, "text");
        }
    }

    /** Replaces {@code [start, end)} (UTF-16 offsets) with {@code text}. */
    static TextEdit replace(int start, int end, String text) {
        return new Offsets(start, end, text);
    }

    /** Replaces the LSP range {@code (startLine:startCharacter)–(endLine:endCharacter)} with {@code text}. */
    static TextEdit lsp(int startLine, int startCharacter, int endLine, int endCharacter, String text) {
        return new Lines(startLine, startCharacter, endLine, endCharacter, text);
    }
}
