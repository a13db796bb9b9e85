package dev.tandem.collab;

import static dev.tandem.collab.WebSocketFrameReader.BINARY;
import static dev.tandem.collab.WebSocketFrameReader.CLOSE;
import static dev.tandem.collab.WebSocketFrameReader.CONTINUATION;
import static dev.tandem.collab.WebSocketFrameReader.PING;
import static dev.tandem.collab.WebSocketFrameReader.PONG;
import static dev.tandem.collab.WebSocketFrameReader.TEXT;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Client frames as RFC 6455 lays them out, read whole, in pieces, and broken in each way the RFC forbids. */
class WebSocketFrameReaderTest {

    private static final int MAX = 100_000;

    /** What the reader said, in order, as text: "message:<bytes>", "ping:<bytes>", "close:<code>:<reason>", "fail:<code>:<reason>". */
    private final List<String> heard = new ArrayList<>();
    private final List<byte[]> messages = new ArrayList<>();
    private final WebSocketFrameReader reader = new WebSocketFrameReader(new WebSocketFrameReader.Frames() {
        @Override
        public void message(byte[] data) {
            messages.add(data);
            heard.add("message:" + new String(data, StandardCharsets.ISO_8859_1));
        }

        @Override
        public void ping(byte[] payload) {
            heard.add("ping:" + new String(payload, StandardCharsets.ISO_8859_1));
        }

        @Override
        public void close(int code, String reason) {
            heard.add("close:" + code + ":" + reason);
        }

        @Override
        public void fail(CloseReason why) {
            heard.add("fail:" + why.code() + ":" + why.reason());
        }
    }, MAX);

    @Test
    void framesOfEveryLengthEncodingAreUnmaskedAndReadWholeOrByteByByte() {
        byte[] small = bytes(125);
        byte[] medium = bytes(300);
        byte[] large = bytes(70_000);
        byte[] stream = concat(frame(true, BINARY, small), frame(true, BINARY, medium), frame(true, BINARY, large),
                frame(true, BINARY, new byte[0]));

        reader.read(ByteBuffer.wrap(stream));
        assertThat(messages).containsExactly(small, medium, large, new byte[0]);

        WebSocketFrameReaderTest byteByByte = new WebSocketFrameReaderTest();
        for (byte b : stream) {
            byteByByte.reader.read(ByteBuffer.wrap(new byte[] {b}));
        }
        assertThat(byteByByte.messages).containsExactly(small, medium, large, new byte[0]);
        assertThat(byteByByte.reader.stopped()).isFalse();
    }

    @Test
    void aFragmentedMessageIsOneMessageAndAPingBetweenItsFragmentsIsAnsweredInOrder() {
        reader.read(ByteBuffer.wrap(concat(
                frame(false, BINARY, ascii("frag")),
                frame(true, PING, ascii("are you there")),
                frame(false, CONTINUATION, ascii("men")),
                frame(true, PONG, ascii("ignored")),
                frame(true, CONTINUATION, ascii("ted")),
                frame(true, BINARY, ascii("next")))));
        assertThat(heard).containsExactly("ping:are you there", "message:fragmented", "message:next");
    }

    @Test
    void theClientsCloseIsHeardWithItsCodeAndReasonAndNothingAfterItIsRead() {
        reader.read(ByteBuffer.wrap(concat(frame(true, CLOSE, closePayload(1000, "bye \u00e9")), frame(true, BINARY, ascii("late")))));
        assertThat(heard).containsExactly("close:1000:bye \u00e9");
        assertThat(reader.stopped()).isTrue();

        WebSocketFrameReaderTest withoutCode = new WebSocketFrameReaderTest();
        withoutCode.reader.read(ByteBuffer.wrap(frame(true, CLOSE, new byte[0])));
        assertThat(withoutCode.heard).containsExactly("close:" + WebSocketFrameReader.NO_CODE + ":");
    }

    @Test
    void whatTheProtocolForbidsFailsWithProtocolError() {
        assertThat(failureOf(unmasked(frame(true, BINARY, ascii("x"))))).isEqualTo("fail:1002:A client's frames must be masked");
        assertThat(failureOf(withFirstByte(frame(true, BINARY, ascii("x")), 0x80 | 0x40 | BINARY)))
                .isEqualTo("fail:1002:Reserved bits set, but no extension was negotiated");
        assertThat(failureOf(frame(true, 0x3, ascii("x")))).isEqualTo("fail:1002:Unknown opcode 3");
        assertThat(failureOf(frame(true, 0xB, ascii("x")))).isEqualTo("fail:1002:Unknown opcode 11");
        assertThat(failureOf(frame(true, CONTINUATION, ascii("x"))))
                .isEqualTo("fail:1002:A continuation frame without a message to continue");
        assertThat(failureOf(concat(frame(false, BINARY, ascii("a")), frame(true, BINARY, ascii("b")))))
                .isEqualTo("fail:1002:A new message before the last one's final fragment");
        assertThat(failureOf(frame(false, PING, ascii("x")))).isEqualTo("fail:1002:A control frame must be one frame of at most 125 bytes");
        assertThat(failureOf(frame(true, PING, bytes(126)))).isEqualTo("fail:1002:A control frame must be one frame of at most 125 bytes");
        assertThat(failureOf(frame(true, CLOSE, new byte[] {3}))).isEqualTo("fail:1002:Not a valid close code");
        assertThat(failureOf(frame(true, CLOSE, closePayload(1005, "")))).isEqualTo("fail:1002:Not a valid close code");
        assertThat(failureOf(frame(true, CLOSE, new byte[] {3, (byte) 0xE8, (byte) 0xC3, (byte) 0x28})))
                .isEqualTo("fail:1007:A close reason must be UTF-8");
    }

    @Test
    void textAndOversizedMessagesAreRefusedWithTheirOwnCodes() {
        assertThat(failureOf(frame(true, TEXT, ascii("hello")))).isEqualTo("fail:1003:Binary messages only (y-websocket protocol)");
        String tooBig = "fail:1009:Too big: exceeded max message size of " + MAX + " bytes";
        assertThat(failureOf(frame(true, BINARY, bytes(MAX + 1)))).isEqualTo(tooBig);
        assertThat(failureOf(concat(frame(false, BINARY, bytes(MAX / 2)), frame(true, CONTINUATION, bytes(MAX / 2 + 1)))))
                .isEqualTo(tooBig);
        // A length whose top bit is set is no length a frame can have.
        byte[] huge = {(byte) (0x80 | BINARY), (byte) (0x80 | 127), (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4};
        assertThat(failureOf(huge)).isEqualTo(tooBig);
        // The limit is the whole message: exactly the maximum is taken.
        assertThat(new WebSocketFrameReaderTest().readAll(frame(true, BINARY, bytes(MAX)))).containsExactly("message:" + latin1(bytes(MAX)));
    }

    /**
     * The one failure {@code stream} causes, as soon as it has been read (a client that broke a rule
     * may wait for the answer); the reader then reads nothing more.
     */
    private static String failureOf(byte[] stream) {
        WebSocketFrameReaderTest test = new WebSocketFrameReaderTest();
        List<String> heard = test.readAll(stream);
        assertThat(test.reader.stopped()).isTrue();
        assertThat(heard).hasSize(1);
        test.readAll(frame(true, BINARY, ascii("after")));
        assertThat(heard).hasSize(1);
        return heard.get(0);
    }

    private List<String> readAll(byte[] stream) {
        reader.read(ByteBuffer.wrap(stream));
        return heard;
    }

    /** A client frame: masked with a random key, as RFC 6455 5.3 requires of clients. */
    private static byte[] frame(boolean fin, int opcode, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((fin ? 0x80 : 0) | opcode);
        if (payload.length < 126) {
            out.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            out.write(0x80 | 126);
            out.write(payload.length >> 8);
            out.write(payload.length);
        } else {
            out.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) ((long) payload.length >> shift));
            }
        }
        byte[] mask = new byte[4];
        new Random().nextBytes(mask);
        out.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            out.write(payload[i] ^ mask[i & 3]);
        }
        return out.toByteArray();
    }

    /** The same frame sent unmasked: mask bit cleared, key dropped, payload as it was. */
    private static byte[] unmasked(byte[] maskedFrame) {
        int lengthField = maskedFrame[1] & 0x7F;
        int keyAt = 2 + (lengthField == 126 ? 2 : lengthField == 127 ? 8 : 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(maskedFrame[0]);
        out.write(lengthField);
        out.write(maskedFrame, 2, keyAt - 2);
        for (int i = keyAt + 4; i < maskedFrame.length; i++) {
            out.write(maskedFrame[i] ^ maskedFrame[keyAt + ((i - keyAt - 4) & 3)]);
        }
        return out.toByteArray();
    }

    private static byte[] withFirstByte(byte[] frame, int first) {
        byte[] changed = frame.clone();
        changed[0] = (byte) first;
        return changed;
    }

    private static byte[] closePayload(int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(2 + text.length).putShort((short) code).put(text).array();
    }

    private static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
