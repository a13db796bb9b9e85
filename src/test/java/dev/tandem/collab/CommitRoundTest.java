package dev.tandem.collab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** A round's records as the shared file holds them, whatever their sizes and order. */
class CommitRoundTest {

    private final CommitRound round = new CommitRound(64);

    @Test
    void recordsSmallAndLargeComeOutWholeAndInOrderRoundAfterRound() {
        List<byte[]> first = List.of(bytes(10), bytes(30), bytes(100_000), bytes(5));
        assertThat(roundOf(first)).containsExactlyElementsOf(first);
        // After a round larger than the kept buffer, and after one within it.
        List<byte[]> second = List.of(bytes(20), bytes(1000));
        assertThat(roundOf(second)).containsExactlyElementsOf(second);
        List<byte[]> third = List.of(bytes(7));
        assertThat(roundOf(third)).containsExactlyElementsOf(third);
    }

    /** Writes one round of {@code records} (for rooms "room0", "room1", ...) and reads it back, checking each record's frame. */
    private List<byte[]> roundOf(List<byte[]> records) {
        round.start();
        for (int i = 0; i < records.size(); i++) {
            round.add(("room" + i).getBytes(StandardCharsets.UTF_8), records.get(i));
        }
        ByteBuffer bytes = round.bytes();
        List<byte[]> read = new ArrayList<>();
        while (bytes.hasRemaining()) {
            int length = bytes.getInt();
            int crc = bytes.getInt();
            byte[] body = new byte[length];
            bytes.get(body);
            CRC32 expected = new CRC32();
            expected.update(body);
            assertThat(crc).isEqualTo((int) expected.getValue());
            ByteBuffer fields = ByteBuffer.wrap(body);
            byte[] id = new byte[fields.getShort()];
            fields.get(id);
            assertThat(new String(id, StandardCharsets.UTF_8)).isEqualTo("room" + read.size());
            read.add(Arrays.copyOfRange(body, fields.position(), body.length));
        }
        return read;
    }

    private static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }
}
