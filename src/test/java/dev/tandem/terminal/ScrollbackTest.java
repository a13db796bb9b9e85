package dev.tandem.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ScrollbackTest {

    @Test
    void keepsEverythingUntilFull() {
        Scrollback scrollback = new Scrollback(100_000);
        byte[] text = "hello\r\n".getBytes(StandardCharsets.UTF_8);
        scrollback.append(text, 0, text.length);
        scrollback.append(text, 0, text.length);
        assertThat(new String(scrollback.snapshot(), StandardCharsets.UTF_8)).isEqualTo("hello\r\nhello\r\n");
    }

    @Test
    void keepsExactlyTheLastBytesWhateverTheChunking() {
        Random random = new Random(42);
        int capacity = 50_000;
        Scrollback scrollback = new Scrollback(capacity);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = 0; i < 500; i++) {
            byte[] chunk = new byte[random.nextInt(i % 50 == 0 ? 70_000 : 3_000)];
            for (int j = 0; j < chunk.length; j++) {
                chunk[j] = (byte) ('a' + random.nextInt(26));
            }
            int offset = chunk.length > 2 ? random.nextInt(2) : 0;
            scrollback.append(chunk, offset, chunk.length - offset);
            all.write(chunk, offset, chunk.length - offset);
            byte[] expected = all.toByteArray();
            expected = Arrays.copyOfRange(expected, Math.max(0, expected.length - capacity), expected.length);
            assertThat(scrollback.snapshot()).isEqualTo(expected);
        }
        assertThat(scrollback.size()).isEqualTo(capacity);
    }

    @Test
    void aReplayNeverStartsInsideAUtf8Character() {
        Scrollback scrollback = new Scrollback(16);
        byte[] text = "ééééééééééééé".getBytes(StandardCharsets.UTF_8);
        scrollback.append(text, 0, text.length);
        scrollback.append(new byte[] {'x'}, 0, 1);
        assertThat(new String(scrollback.snapshot(), StandardCharsets.UTF_8)).isEqualTo("éééééééx");
    }
}
