package dev.tandem.collab;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LineBreaksTest {

    @Test
    void theMostCommonKindIsTheFilesAndLfWinsTies() {
        assertThat(LineBreaks.of("a\r\nb\r\nc\n")).isEqualTo(LineBreaks.CRLF);
        assertThat(LineBreaks.of("a\r\nb\nc\r\nd\n")).isEqualTo(LineBreaks.LF);
        assertThat(LineBreaks.of("a\rb\rc\n")).isEqualTo(LineBreaks.CR);
        assertThat(LineBreaks.of("a\rb\r\nc\r\n")).isEqualTo(LineBreaks.CRLF);
        assertThat(LineBreaks.of("no line break")).isEqualTo(LineBreaks.LF);
        assertThat(LineBreaks.of("")).isEqualTo(LineBreaks.LF);
    }

    @Test
    void aDocumentHoldsLfOnly() {
        assertThat(LineBreaks.normalise("a\r\nb\rc\nd\r")).isEqualTo("a\nb\nc\nd\n");
        // "\r\r\n" is a lone CR, then a CRLF: two line breaks.
        assertThat(LineBreaks.normalise("a\r\r\nb")).isEqualTo("a\n\nb");
        String plain = "a\nb";
        assertThat(LineBreaks.normalise(plain)).isSameAs(plain);
    }

    @Test
    void theFileGetsOneKindBackEvenForBreaksAProgramPutIntoTheDocument() {
        assertThat(LineBreaks.CRLF.toFile("a\nb\n")).isEqualTo("a\r\nb\r\n");
        // A CRLF typed by a stock client stays one line break, not "\r\r\n".
        assertThat(LineBreaks.CRLF.toFile("a\r\nb\n")).isEqualTo("a\r\nb\r\n");
        assertThat(LineBreaks.LF.toFile("a\r\nb\rc")).isEqualTo("a\nb\nc");
        assertThat(LineBreaks.CR.toFile("a\nb\n")).isEqualTo("a\rb\r");
    }
}
