package dev.tandem.collab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.config.TandemException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextEditsTest {

    private static String apply(String text, TextEdit... edits) {
        return TextEdits.apply(text, TextEdits.resolve(text, List.of(edits)));
    }

    @Test
    void lspPositionsCountUtf16UnitsAndEveryKindOfLineBreak() {
        String text = "a\r\nb😀c\rd\ne";
        assertThat(apply(text, TextEdit.lsp(1, 3, 1, 4, "C"))).isEqualTo("a\r\nb😀C\rd\ne");
        assertThat(apply(text, TextEdit.lsp(2, 0, 3, 1, "X"))).isEqualTo("a\r\nb😀c\rX");
        // A character past the line's end means the end of the line, before its break.
        assertThat(apply(text, TextEdit.lsp(0, 50, 0, 50, "!"))).isEqualTo("a!\r\nb😀c\rd\ne");
        assertThat(apply("x\n", TextEdit.lsp(1, 0, 1, 0, "y"))).isEqualTo("x\ny");
    }

    @Test
    void editsReferToTheOriginalTextAndInsertsKeepTheirOrder() {
        assertThat(apply("hello world", TextEdit.replace(6, 11, "there"), TextEdit.replace(0, 5, "HI"),
                TextEdit.replace(11, 11, "!"), TextEdit.replace(11, 11, "?"))).isEqualTo("HI there!?");
    }

    @Test
    void badEditsAreRefusedWhole() {
        assertThatThrownBy(() -> apply("abc", TextEdit.replace(0, 2, ""), TextEdit.replace(1, 2, ""))).isInstanceOf(TandemException.class);
        assertThatThrownBy(() -> apply("abc", TextEdit.replace(2, 1, ""))).isInstanceOf(TandemException.class);
        assertThatThrownBy(() -> apply("abc", TextEdit.lsp(1, 0, 1, 0, ""))).isInstanceOf(TandemException.class);
        assertThatThrownBy(() -> apply("abc", TextEdit.lsp(-1, 0, 0, 0, ""))).isInstanceOf(TandemException.class);
    }
}
