package dev.tandem.collab;

/**
 * The kind of line break a text file uses. A live document holds {@code \n} only: CodeMirror
 * counts every line break (CRLF, LF or a lone CR) as one character where Y.Text counts CRLF as two,
 * so the editor's binding would put edits after a CRLF in the wrong place. The file gets its most
 * common kind back when it is written, as desktop editors do with mixed line breaks: the few of the
 * other kinds change with the first write after an edit.
 */
enum LineBreaks {
    LF("\n"),
    CRLF("\r\n"),
    CR("\r");

    private final String separator;

    LineBreaks(String separator) {
        this.separator = separator;
    }

    /** The most common kind in {@code raw}; LF when no other kind is more common (or there is no line break). */
    static LineBreaks of(String raw) {
        int crlf = 0;
        int lf = 0;
        int cr = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\n') {
                lf++;
            } else if (c == '\r') {
                if (i + 1 < raw.length() && raw.charAt(i + 1) == '\n') {
                    crlf++;
                    i++;
                } else {
                    cr++;
                }
            }
        }
        if (crlf > lf && crlf >= cr) {
            return CRLF;
        }
        return cr > lf && cr > crlf ? CR : LF;
    }

    /** {@code raw} with every line break as {@code \n}: the text a document holds. */
    static String normalise(String raw) {
        return raw.indexOf('\r') < 0 ? raw : raw.replace("\r\n", "\n").replace('\r', '\n');
    }

    /**
     * A document's text as the file holds it: every line break of this kind. A CRLF or CR that a
     * program put into the document is a line break too, so the file never mixes kinds again.
     */
    String toFile(String text) {
        String lf = normalise(text);
        return this == LF ? lf : lf.replace("\n", separator);
    }
}
