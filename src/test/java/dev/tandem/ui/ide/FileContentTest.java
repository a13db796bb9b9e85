package dev.tandem.ui.ide;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FileContentTest {

    @Test
    void utf8TextIsEditableText() {
        var content = FileContent.of("class Grüße { String s = \"→ ok\"; }\n".getBytes(StandardCharsets.UTF_8));
        assertThat(content.kind()).isEqualTo(FileContent.Kind.TEXT);
        assertThat(content.text()).contains("Grüße", "→ ok");
    }

    @Test
    void aNulByteInTheFirst8KbMeansBinary() {
        byte[] bytes = "PK\u0003\u0004 rest".getBytes(StandardCharsets.UTF_8);
        bytes[4] = 0;
        assertThat(FileContent.of(bytes).kind()).isEqualTo(FileContent.Kind.BINARY);
    }

    @Test
    void invalidUtf8MeansBinary() {
        byte[] latin1 = "caf\u00e9 au lait".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(FileContent.of(latin1).kind()).isEqualTo(FileContent.Kind.BINARY);
    }

    @Test
    void aCharacterCutByThe8KbBoundaryIsStillText() {
        byte[] bytes = new byte[FileContent.SNIFF_BYTES + 10];
        Arrays.fill(bytes, (byte) 'a');
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(euro, 0, bytes, FileContent.SNIFF_BYTES - 1, euro.length);
        assertThat(FileContent.of(bytes).kind()).isEqualTo(FileContent.Kind.TEXT);
    }

    @Test
    void invalidUtf8AfterTheFirst8KbIsNotOpenedAsText() {
        byte[] bytes = new byte[FileContent.SNIFF_BYTES * 2];
        Arrays.fill(bytes, (byte) 'a');
        bytes[bytes.length - 1] = (byte) 0xE9;
        // Opening it as text and saving would replace the byte: treated as binary instead.
        assertThat(FileContent.of(bytes).kind()).isEqualTo(FileContent.Kind.BINARY);
    }

    @Test
    void textOver5MbOpensReadOnly() {
        byte[] bytes = new byte[(int) FileContent.READ_ONLY_ABOVE + 1];
        Arrays.fill(bytes, (byte) 'x');
        assertThat(FileContent.of(bytes).kind()).isEqualTo(FileContent.Kind.READ_ONLY_TEXT);
    }
}
