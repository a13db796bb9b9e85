package dev.tandem.collab;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the websocket frames a client sends (RFC 6455, section 5), as they arrive in pieces of
 * any size, and hands on whole binary messages, pings and the client's close. Anything the
 * protocol forbids ends the reading with the close code and reason to answer it with. No
 * extension is negotiated ({@link WebSocketHandshake}), so the reserved bits must be clear.
 *
 * <p>The common message, one masked binary frame, costs one allocation: its payload, unmasked in
 * place, which is the array handed on.
 */
final class WebSocketFrameReader {

    /** What the frames say. Called on the reading thread, in order. */
    interface Frames {

        /** A whole binary message, reassembled from its fragments. */
        void message(byte[] data);

        void ping(byte[] payload);

        /** The client's close frame: its code, or {@link #NO_CODE} for a close without one. */
        void close(int code, String reason);

        /** The client broke the protocol, or sent what is not accepted; nothing more is read. */
        void fail(CloseReason why);
    }

    /** A close frame without a status code (RFC 6455 7.1.5); never sent in a frame. */
    static final int NO_CODE = 1005;
    static final int PROTOCOL_ERROR = 1002;

    /** Opcodes (RFC 6455 5.2); the writer's too. */
    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;
    private static final int MAX_CONTROL_PAYLOAD = 125;

    private final Frames frames;
    private final long maxMessageSize;

    /** The frame header read so far: 2 bytes, up to 8 of extended length, 4 of mask. */
    private final byte[] header = new byte[14];
    private int headerRead;
    private int headerLength = 2;

    private int opcode;
    private boolean fin;
    private final byte[] mask = new byte[4];
    /** The payload of the frame being read, null between frames. */
    private byte[] payload;
    private int payloadRead;

    /** The fragments of a message so far, null when no fragmented message is open. */
    private byte[] fragments;
    private boolean stopped;

    WebSocketFrameReader(Frames frames, long maxMessageSize) {
        this.frames = frames;
        this.maxMessageSize = maxMessageSize;
    }

    /** Reads what {@code in} holds; a frame that ends beyond it is continued by the next call. */
    void read(ByteBuffer in) {
        while (!stopped && in.hasRemaining()) {
            if (payload == null) {
                readHeader(in);
            } else {
                readPayload(in);
            }
        }
    }

    /** True once a close frame or a failure ended the reading. */
    boolean stopped() {
        return stopped;
    }

    private void readHeader(ByteBuffer in) {
        while (headerRead < headerLength && in.hasRemaining()) {
            header[headerRead++] = in.get();
            if (headerRead == 2) {
                int length = header[1] & 0x7F;
                boolean masked = (header[1] & 0x80) != 0;
                headerLength = 2 + (length == 126 ? 2 : length == 127 ? 8 : 0) + (masked ? 4 : 0);
            }
        }
        if (headerRead == headerLength) {
            startFrame();
        }
    }

    private void startFrame() {
        fin = (header[0] & 0x80) != 0;
        opcode = header[0] & 0x0F;
        boolean masked = (header[1] & 0x80) != 0;
        long length = payloadLength();
        if (masked) {
            System.arraycopy(header, headerLength - 4, mask, 0, 4);
        }
        headerRead = 0;
        headerLength = 2;
        if ((header[0] & 0x70) != 0) {
            fail(PROTOCOL_ERROR, "Reserved bits set, but no extension was negotiated");
        } else if (!masked) {
            fail(PROTOCOL_ERROR, "A client's frames must be masked");
        } else if (opcode >= CLOSE) {
            startControlFrame(length);
        } else {
            startDataFrame(length);
        }
    }

    private long payloadLength() {
        int length = header[1] & 0x7F;
        if (length < 126) {
            return length;
        }
        int bytes = length == 126 ? 2 : 8;
        long value = 0;
        for (int i = 0; i < bytes; i++) {
            value = value << 8 | (header[2 + i] & 0xFF);
        }
        // A 64-bit length with its top bit set is negative here, and refused as too big.
        return value < 0 ? Long.MAX_VALUE : value;
    }

    private void startControlFrame(long length) {
        if (opcode != CLOSE && opcode != PING && opcode != PONG) {
            fail(PROTOCOL_ERROR, "Unknown opcode " + opcode);
        } else if (!fin || length > MAX_CONTROL_PAYLOAD) {
            fail(PROTOCOL_ERROR, "A control frame must be one frame of at most 125 bytes");
        } else {
            startPayload((int) length);
        }
    }

    private void startDataFrame(long length) {
        if (opcode == TEXT) {
            fail(CloseReason.NOT_ACCEPTABLE, "Binary messages only (y-websocket protocol)");
        } else if (opcode != BINARY && opcode != CONTINUATION) {
            fail(PROTOCOL_ERROR, "Unknown opcode " + opcode);
        } else if (opcode == CONTINUATION && fragments == null) {
            fail(PROTOCOL_ERROR, "A continuation frame without a message to continue");
        } else if (opcode == BINARY && fragments != null) {
            fail(PROTOCOL_ERROR, "A new message before the last one's final fragment");
        } else if (length > maxMessageSize - (fragments == null ? 0 : fragments.length)) {
            fail(CloseReason.TOO_BIG_TO_PROCESS, "Too big: exceeded max message size of " + maxMessageSize + " bytes");
        } else {
            startPayload((int) length);
        }
    }

    private void startPayload(int length) {
        payload = new byte[length];
        payloadRead = 0;
        if (length == 0) {
            endFrame();
        }
    }

    private void readPayload(ByteBuffer in) {
        int n = Math.min(in.remaining(), payload.length - payloadRead);
        in.get(payload, payloadRead, n);
        for (int i = payloadRead, end = payloadRead + n; i < end; i++) {
            payload[i] ^= mask[i & 3];
        }
        payloadRead += n;
        if (payloadRead == payload.length) {
            endFrame();
        }
    }

    private void endFrame() {
        byte[] data = payload;
        payload = null;
        switch (opcode) {
            case PING -> frames.ping(data);
            case PONG -> { }
            case CLOSE -> closeFrame(data);
            default -> dataFrame(data);
        }
    }

    private void dataFrame(byte[] data) {
        if (fin && fragments == null) {
            frames.message(data);
            return;
        }
        byte[] joined = fragments == null ? data : Arrays.copyOf(fragments, fragments.length + data.length);
        if (fragments != null) {
            System.arraycopy(data, 0, joined, fragments.length, data.length);
        }
        fragments = fin ? null : joined;
        if (fin) {
            frames.message(joined);
        }
    }

    private void closeFrame(byte[] data) {
        stopped = true;
        if (data.length == 0) {
            frames.close(NO_CODE, "");
            return;
        }
        int code = data.length < 2 ? -1 : (data[0] & 0xFF) << 8 | (data[1] & 0xFF);
        if (!sendable(code)) {
            fail(PROTOCOL_ERROR, "Not a valid close code");
            return;
        }
        try {
            String reason = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(data, 2, data.length - 2)).toString();
            frames.close(code, reason);
        } catch (CharacterCodingException e) {
            fail(CloseReason.BAD_DATA, "A close reason must be UTF-8");
        }
    }

    /** Codes an endpoint may put in a close frame (RFC 6455 7.4, and the registered 1012-1014). */
    private static boolean sendable(int code) {
        return code >= 1000 && code <= 1003 || code >= 1007 && code <= 1014 || code >= 3000 && code <= 4999;
    }

    private void fail(int code, String reason) {
        stopped = true;
        payload = null;
        fragments = null;
        frames.fail(new CloseReason(code, reason));
    }
}
