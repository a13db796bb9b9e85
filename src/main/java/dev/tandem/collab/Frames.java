package dev.tandem.collab;

import dev.tandem.crdt.Lib0Decoder;
import dev.tandem.crdt.Lib0Encoder;
import dev.tandem.crdt.MalformedUpdateException;

/**
 * The y-websocket wire format (y-protocols): {@code [varUint messageType][payload]}. Sync messages
 * (type 0) carry {@code [varUint syncType][varUint8Array data]}, awareness messages (type 1)
 * {@code [varUint8Array awarenessUpdate]}, query-awareness (type 3) nothing, and auth (type 2)
 * {@code [varUint 0][varString reason]} for "permission denied".
 */
final class Frames {

    static final int SYNC = 0;
    static final int AWARENESS = 1;
    static final int AUTH = 2;
    static final int QUERY_AWARENESS = 3;

    static final int SYNC_STEP1 = 0;
    static final int SYNC_STEP2 = 1;
    static final int SYNC_UPDATE = 2;
    /** The largest message {@link #isQuick} lets run on an I/O thread: a typed word is some 30 bytes, a pasted page some 4 KB. */
    static final int QUICK_BYTES = 4 * 1024;

    /** A decoded client message. {@code data} is the state vector, update or awareness update. */
    record Message(int type, int syncType, byte[] data) {
    }

    private Frames() {
    }

    /**
     * Decodes one client frame.
     *
     * @throws MalformedUpdateException when the frame is truncated, has trailing bytes or an unknown type
     */
    static Message decode(byte[] frame) {
        Lib0Decoder in = new Lib0Decoder(frame);
        int type = in.readVarUintAsInt();
        Message message = switch (type) {
            case SYNC -> {
                int syncType = in.readVarUintAsInt();
                if (syncType > SYNC_UPDATE) {
                    throw new MalformedUpdateException("unknown sync message type " + syncType);
                }
                yield new Message(type, syncType, in.readVarBytes());
            }
            case AWARENESS -> new Message(type, -1, in.readVarBytes());
            case QUERY_AWARENESS -> new Message(type, -1, new byte[0]);
            // Clients have nothing to say in auth messages; tolerated and ignored, as by y-websocket's server.
            case AUTH -> new Message(type, -1, new byte[0]);
            default -> throw new MalformedUpdateException("unknown message type " + type);
        };
        if (in.hasRemaining() && type != AUTH) {
            throw new MalformedUpdateException("trailing bytes after a message of type " + type);
        }
        return message;
    }

    /**
     * Whether handling {@code message} is quick enough to run on an I/O thread: an update or an
     * awareness change of at most {@value #QUICK_BYTES} bytes (the message type and the sync type
     * are one-byte varints).
     */
    static boolean isQuick(byte[] message) {
        return message.length >= 2 && message.length <= QUICK_BYTES
                && (message[0] == AWARENESS || message[0] == SYNC && (message[1] == SYNC_STEP2 || message[1] == SYNC_UPDATE));
    }

    static byte[] sync(int syncType, byte[] data) {
        // Sized exactly, so that the frame is the encoder's own array and not a copy of it: every
        // edit is framed once for all its recipients.
        Lib0Encoder out = new Lib0Encoder(2 + Lib0Encoder.varUintLength(data.length) + data.length);
        out.writeVarUint(SYNC);
        out.writeVarUint(syncType);
        out.writeVarBytes(data);
        return out.toByteArray();
    }

    static byte[] awareness(byte[] awarenessUpdate) {
        Lib0Encoder out = new Lib0Encoder(1 + Lib0Encoder.varUintLength(awarenessUpdate.length) + awarenessUpdate.length);
        out.writeVarUint(AWARENESS);
        out.writeVarBytes(awarenessUpdate);
        return out.toByteArray();
    }

    static byte[] permissionDenied(String reason) {
        Lib0Encoder out = new Lib0Encoder();
        out.writeVarUint(AUTH);
        out.writeVarUint(0);
        out.writeVarString(reason);
        return out.toByteArray();
    }
}
