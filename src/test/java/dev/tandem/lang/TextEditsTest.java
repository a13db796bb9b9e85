package dev.tandem.lang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.config.TandemException;
import java.util.List;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;
import org.junit.jupiter.api.Test;

class TextEditsTest {

    private static final TextDocument DOC = new TextDocument("file:///A.java", "A.java", 0, "class A {\n  int a;\n}\n");

    private static TextEdit edit(int l1, int c1, int l2, int c2, String text) {
        return new TextEdit(new Range(new Position(l1, c1), new Position(l2, c2)), text);
    }

    @Test
    void appliesEditsRelativeToTheOriginalTextInAnyOrder() {
        String result = TextEdits.apply(DOC, List.of(edit(1, 6, 1, 7, "count"), edit(0, 6, 0, 7, "B")));
        assertThat(result).isEqualTo("class B {\n  int count;\n}\n");
    }

    @Test
    void refusesOverlappingOrOutsideEdits() {
        assertThatThrownBy(() -> TextEdits.apply(DOC, List.of(edit(0, 0, 0, 5, "x"), edit(0, 3, 0, 6, "y"))))
                .isInstanceOf(TandemException.class).hasMessageContaining("overlap");
        assertThatThrownBy(() -> TextEdits.apply(DOC, List.of(edit(9, 0, 9, 1, "x"))))
                .isInstanceOf(TandemException.class).hasMessageContaining("outside");
        assertThatThrownBy(() -> TextEdits.apply(DOC, List.of(edit(1, 5, 1, 2, "x"))))
                .isInstanceOf(TandemException.class);
    }
}
