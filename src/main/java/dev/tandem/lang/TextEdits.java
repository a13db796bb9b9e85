package dev.tandem.lang;

import dev.tandem.config.TandemException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.TextEdit;

/** Applies LSP text edits, all relative to the same original text, as LSP defines them. */
final class TextEdits {

    private TextEdits() {
    }

    private record Replacement(int start, int end, String text) {
    }

    /**
     * The text after {@code edits}; a malformed edit (missing range, position outside the text,
     * overlapping another edit) is refused with a 400 and nothing is applied.
     */
    static String apply(TextDocument doc, List<TextEdit> edits) {
        List<Replacement> replacements = new ArrayList<>();
        for (TextEdit edit : edits) {
            if (edit == null || edit.getRange() == null || edit.getNewText() == null) {
                throw TandemException.badRequest("An edit needs a range and a new text");
            }
            int start = offset(doc, edit.getRange().getStart());
            int end = offset(doc, edit.getRange().getEnd());
            if (end < start) {
                throw TandemException.badRequest("An edit ends before it starts");
            }
            replacements.add(new Replacement(start, end, edit.getNewText()));
        }
        // Stable sort: inserts at the same place keep their order, as LSP asks.
        replacements.sort(Comparator.comparingInt(Replacement::start));
        StringBuilder out = new StringBuilder(doc.text().length());
        int at = 0;
        for (Replacement r : replacements) {
            if (r.start() < at) {
                throw TandemException.badRequest("Edits overlap");
            }
            out.append(doc.text(), at, r.start()).append(r.text());
            at = r.end();
        }
        return out.append(doc.text(), at, doc.text().length()).toString();
    }

    private static int offset(TextDocument doc, Position position) {
        if (position == null || position.getLine() < 0 || position.getCharacter() < 0
                || position.getLine() >= doc.lineCount()) {
            throw TandemException.badRequest("An edit lies outside the file");
        }
        return doc.offset(position);
    }
}
