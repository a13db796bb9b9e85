package dev.tandem.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The encoder's sizes, and the array it hands out without copying. */
class Lib0EncoderTest {

    @Test
    void varUintLengthIsWhatWriteVarUintWrites() {
        for (long value : new long[] {0, 1, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152, Integer.MAX_VALUE, Long.MAX_VALUE}) {
            Lib0Encoder out = new Lib0Encoder();
            out.writeVarUint(value);
            assertThat(Lib0Encoder.varUintLength(value)).as("%d", value).isEqualTo(out.length());
        }
    }

    @Test
    void anExactlyFilledEncodersBytesStayAsTheyWereWhenItWritesOn() {
        byte[] data = new byte[40];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        Lib0Encoder out = new Lib0Encoder(1 + data.length);
        out.writeUint8(9);
        out.writeBytes(data);
        byte[] first = out.toByteArray();
        assertThat(first).hasSize(41).startsWith(9, 0, 1, 2);

        out.writeUint8(77);
        assertThat(out.toByteArray()).hasSize(42).endsWith(39, 77);
        assertThat(first).hasSize(41).startsWith(9, 0, 1, 2).endsWith(38, 39);
    }
}
