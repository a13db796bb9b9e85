package dev.tandem.ui.ide;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * How a file can be shown in the editor: as editable text, as read-only text (too big to edit
 * comfortably in a browser), or not as text at all (binary, or bigger than any file a user may write).
 *
 * @param kind   how to show it
 * @param text   the decoded text; null unless {@code kind} is a text kind
 */
record FileContent(Kind kind, String text) {

    enum Kind { TEXT, READ_ONLY_TEXT, BINARY, TOO_LARGE }

    /** Files above this open read-only: CodeMirror copes, but editing and saving them is unwieldy. */
    static final long READ_ONLY_ABOVE = 5L * 1024 * 1024;
    /** Binary detection looks at this much of the start of a file, as git and most editors do. */
    static final int SNIFF_BYTES = 8192;

    static FileContent tooLarge() {
        return new FileContent(Kind.TOO_LARGE, null);
    }

    /** Classifies a file's bytes: NUL or invalid UTF-8 in the first 8 KB means binary. */
    static FileContent of(byte[] bytes) {
        int sniff = Math.min(bytes.length, SNIFF_BYTES);
        for (int i = 0; i < sniff; i++) {
            if (bytes[i] == 0) {
                return new FileContent(Kind.BINARY, null);
            }
        }
        if (!validUtf8Prefix(bytes, sniff)) {
            return new FileContent(Kind.BINARY, null);
        }
        try {
            // Text past the first 8 KB must decode too: saving a lossy decoding would corrupt the file.
            String text = strictDecoder().decode(ByteBuffer.wrap(bytes)).toString();
            return new FileContent(bytes.length > READ_ONLY_ABOVE ? Kind.READ_ONLY_TEXT : Kind.TEXT, text);
        } catch (CharacterCodingException e) {
            return new FileContent(Kind.BINARY, null);
        }
    }

    /** The first {@code length} bytes decode as UTF-8, allowing a character cut off at the end. */
    private static boolean validUtf8Prefix(byte[] bytes, int length) {
        var result = strictDecoder().decode(ByteBuffer.wrap(bytes, 0, length), CharBuffer.allocate(length), false);
        return !result.isError();
    }

    private static CharsetDecoder strictDecoder() {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }
}
