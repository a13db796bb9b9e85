package dev.tandem.crdt;

import java.util.ArrayList;
import java.util.List;

/** Text: a string indexed in UTF-16 code units, exactly like a JavaScript string in Yjs. */
final class ContentString extends Content {
    static final int REF = 4;
    private static final char REPLACEMENT = '\uFFFD';
    String str;

    ContentString(String str) {
        this.str = str;
    }

    @Override
    int ref() {
        return REF;
    }

    @Override
    int length() {
        return str.length();
    }

    @Override
    boolean isCountable() {
        return true;
    }

    @Override
    List<Object> values() {
        List<Object> out = new ArrayList<>(str.length());
        for (int i = 0; i < str.length(); i++) {
            out.add(String.valueOf(str.charAt(i)));
        }
        return out;
    }

    @Override
    Content copy() {
        return new ContentString(str);
    }

    /**
     * Splitting between the halves of a surrogate pair would leave two unencodable halves, so
     * Yjs replaces both with U+FFFD; we must do the same to stay byte-compatible.
     */
    @Override
    Content splice(int offset) {
        String left = str.substring(0, offset);
        String rightStr = str.substring(offset);
        if (offset > 0 && Character.isHighSurrogate(left.charAt(offset - 1))) {
            left = left.substring(0, offset - 1) + REPLACEMENT;
            rightStr = REPLACEMENT + rightStr.substring(Math.min(1, rightStr.length()));
        }
        str = left;
        return new ContentString(rightStr);
    }

    @Override
    boolean mergeWith(Content right) {
        str = str.concat(((ContentString) right).str);
        return true;
    }

    @Override
    void write(Lib0Encoder encoder, int offset) {
        encoder.writeVarString(offset == 0 ? str : str.substring(offset));
    }
}
