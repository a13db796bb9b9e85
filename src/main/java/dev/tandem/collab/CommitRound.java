package dev.tandem.collab;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * The records of one {@link CommitLog} round, put together for one write to the shared file: each
 * is {@code [length][crc32]} and the body they describe, {@code [id length][room id][records]}.
 * The buffer is kept from round to round, since a round of typing is some 100 bytes and there are
 * hundreds of rounds a second; a round larger than {@link #MAX_KEPT_BYTES} (a pasted book) gets
 * a buffer of its own. Not thread-safe: the log uses it under its write lock.
 */
final class CommitRound {

    static final int MAX_KEPT_BYTES = 64 * 1024;

    private ByteBuffer kept;
    private ByteBuffer round;
    private final CRC32 crc = new CRC32();

    CommitRound(int initialBytes) {
        kept = ByteBuffer.allocate(initialBytes);
    }

    /** Starts a round; what the last one held is dropped. */
    void start() {
        round = kept.clear();
    }

    boolean isEmpty() {
        return round.position() == 0;
    }

    /** Adds one room's records. */
    void add(byte[] roomId, byte[] records) {
        int bodyLength = 2 + roomId.length + records.length;
        if (round.remaining() < 8 + bodyLength) {
            ByteBuffer larger = ByteBuffer.allocate(Math.max(2 * round.capacity(), round.position() + 8 + bodyLength));
            round = larger.put(round.flip());
            if (larger.capacity() <= MAX_KEPT_BYTES) {
                kept = larger;
            }
        }
        int start = round.position();
        round.position(start + 8);
        round.putShort((short) roomId.length).put(roomId).put(records);
        crc.reset();
        crc.update(round.array(), start + 8, bodyLength);
        round.putInt(start, bodyLength).putInt(start + 4, (int) crc.getValue());
    }

    /** Ends the round: its bytes, from position 0, valid until the next {@link #start}. */
    ByteBuffer bytes() {
        return round.flip();
    }
}
