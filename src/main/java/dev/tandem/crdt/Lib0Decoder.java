package dev.tandem.crdt;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads lib0's binary encoding. Every read is bounds-checked and every declared length is
 * checked against the bytes that remain, so a hostile message can never make the reader
 * allocate more than the message itself could hold; all failures are
 * {@link MalformedUpdateException}.
 */
public final class Lib0Decoder {
    /** Nesting limit for "any" values, so a crafted message cannot overflow the stack. */
    private static final int MAX_ANY_DEPTH = 100;
    /** JavaScript numbers are exact up to 2^53; lib0 varints never carry more. */
    private static final int MAX_VARINT_BITS = 53;

    private final byte[] buf;
    private int pos;
    private final int end;

    /** Reads all of {@code buf}. */
    public Lib0Decoder(byte[] buf) {
        this(buf, 0, buf.length);
    }

    /** Reads {@code length} bytes of {@code buf} from {@code offset}. */
    public Lib0Decoder(byte[] buf, int offset, int length) {
        this.buf = buf;
        this.pos = offset;
        this.end = offset + length;
    }

    /** Whether unread bytes remain. */
    public boolean hasRemaining() {
        return pos < end;
    }

    /** Number of unread bytes. */
    public int remaining() {
        return end - pos;
    }

    /** The read position in the buffer. */
    public int position() {
        return pos;
    }

    byte[] buffer() {
        return buf;
    }

    private static MalformedUpdateException truncated() {
        return new MalformedUpdateException("unexpected end of message");
    }

    /** Reads one unsigned byte. */
    public int readUint8() {
        if (pos >= end) {
            throw truncated();
        }
        return buf[pos++] & 0xFF;
    }

    /** Reads an unsigned LEB128 number of at most 53 bits. */
    public long readVarUint() {
        long value = 0;
        int shift = 0;
        while (true) {
            if (pos >= end) {
                throw truncated();
            }
            int b = buf[pos++] & 0xFF;
            value |= (long) (b & 0x7F) << shift;
            shift += 7;
            if (b < 0x80) {
                return value;
            }
            if (shift >= MAX_VARINT_BITS) {
                throw new MalformedUpdateException("variable-length integer is too long");
            }
        }
    }

    /** A varuint that must fit in a non-negative Java int (lengths, counts, clocks). */
    public int readVarUintAsInt() {
        long v = readVarUint();
        if (v > Integer.MAX_VALUE) {
            throw new MalformedUpdateException("number too large: " + v);
        }
        return (int) v;
    }

    /** A length or count of things that take at least {@code minBytesEach} bytes each. */
    public int readLength(int minBytesEach) {
        long v = readVarUint();
        if (v * minBytesEach > remaining()) {
            throw new MalformedUpdateException("declared length " + v + " exceeds the message");
        }
        return (int) v;
    }

    /**
     * Reads a signed varint; returns the value, with a negative zero reported through
     * {@link #lastVarIntWasNegativeZero()}.
     */
    public long readVarInt() {
        int b = readUint8();
        long value = b & 0x3F;
        boolean negative = (b & 0x40) != 0;
        int shift = 6;
        while ((b & 0x80) != 0) {
            if (shift >= MAX_VARINT_BITS) {
                throw new MalformedUpdateException("variable-length integer is too long");
            }
            b = readUint8();
            value |= (long) (b & 0x7F) << shift;
            shift += 7;
        }
        lastNegativeZero = negative && value == 0;
        return negative ? -value : value;
    }

    private boolean lastNegativeZero;

    /** Whether the last {@link #readVarInt()} read JavaScript's -0. */
    public boolean lastVarIntWasNegativeZero() {
        return lastNegativeZero;
    }

    /** Reads {@code len} raw bytes. */
    public byte[] readBytes(int len) {
        if (len < 0 || len > remaining()) {
            throw truncated();
        }
        byte[] out = Arrays.copyOfRange(buf, pos, pos + len);
        pos += len;
        return out;
    }

    /** Reads a byte array with its length in front. */
    public byte[] readVarBytes() {
        return readBytes(readLength(1));
    }

    /** Reads a UTF-8 string with its byte length in front; invalid UTF-8 is rejected. */
    public String readVarString() {
        int len = readLength(1);
        int start = pos;
        pos += len;
        boolean ascii = true;
        for (int i = start; i < pos; i++) {
            if (buf[i] < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(buf, start, len, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(buf, start, len))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedUpdateException("invalid UTF-8 in string", e);
        }
    }

    /** Reads a big-endian IEEE 754 single. */
    public float readFloat32() {
        return Float.intBitsToFloat(readInt32BigEndian());
    }

    /** Reads a big-endian IEEE 754 double. */
    public double readFloat64() {
        long hi = readInt32BigEndian() & 0xFFFFFFFFL;
        long lo = readInt32BigEndian() & 0xFFFFFFFFL;
        return Double.longBitsToDouble((hi << 32) | lo);
    }

    private int readInt32BigEndian() {
        if (remaining() < 4) {
            throw truncated();
        }
        int v = ((buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16) | ((buf[pos + 2] & 0xFF) << 8) | (buf[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    /**
     * Reads a lib0 "any" value. Integers come back as Integer (or Double beyond int range),
     * floats as Double, negative zero as Double -0.0, bigints as BigInteger, objects as an
     * insertion-ordered Map, arrays as List, binary as byte[].
     */
    public Object readAny() {
        return readAny(0);
    }

    private Object readAny(int depth) {
        if (depth > MAX_ANY_DEPTH) {
            throw new MalformedUpdateException("value nested too deeply");
        }
        int type = readUint8();
        switch (type) {
            case 127:
                return Undefined.INSTANCE;
            case 126:
                return null;
            case 125: {
                long v = readVarInt();
                if (lastNegativeZero) {
                    return -0.0d;
                }
                return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? (Object) (int) v : (Object) (double) v;
            }
            case 124:
                return (double) readFloat32();
            case 123:
                return readFloat64();
            case 122: {
                long hi = readInt32BigEndian() & 0xFFFFFFFFL;
                long lo = readInt32BigEndian() & 0xFFFFFFFFL;
                return BigInteger.valueOf((hi << 32) | lo);
            }
            case 121:
                return Boolean.FALSE;
            case 120:
                return Boolean.TRUE;
            case 119:
                return readVarString();
            case 118: {
                int n = readLength(2);
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    String key = readVarString();
                    map.put(key, readAny(depth + 1));
                }
                return map;
            }
            case 117: {
                int n = readLength(1);
                List<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(readAny(depth + 1));
                }
                return list;
            }
            case 116:
                return readVarBytes();
            default:
                throw new MalformedUpdateException("unknown value type " + type);
        }
    }
}
