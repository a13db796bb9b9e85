package dev.tandem.crdt;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes lib0's binary encoding (the wire format of Yjs updates): variable-length integers,
 * UTF-8 strings with a length prefix, byte arrays and the self-describing "any" values.
 */
public final class Lib0Encoder {
    private static final long BITS31 = 0x7FFFFFFFL;

    private byte[] buf;
    private int pos;

    /** An empty encoder. */
    public Lib0Encoder() {
        this(64);
    }

    /** An empty encoder with room for {@code initialCapacity} bytes. */
    public Lib0Encoder(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    /** Number of bytes written so far. */
    public int length() {
        return pos;
    }

    /**
     * The bytes written so far. When they fill the buffer exactly (an encoder made with the exact
     * size), the buffer itself, without a copy: a later write moves to a larger buffer first.
     */
    public byte[] toByteArray() {
        return pos == buf.length ? buf : Arrays.copyOf(buf, pos);
    }

    /** How many bytes {@link #writeVarUint} writes for {@code value}. */
    public static int varUintLength(long value) {
        int length = 1;
        for (long rest = value >>> 7; rest != 0; rest >>>= 7) {
            length++;
        }
        return length;
    }

    private void ensure(int extra) {
        if (pos + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + extra));
        }
    }

    /** Writes one byte. */
    public void writeUint8(int b) {
        ensure(1);
        buf[pos++] = (byte) b;
    }

    /** Writes raw bytes. */
    public void writeBytes(byte[] bytes) {
        writeBytes(bytes, 0, bytes.length);
    }

    /** Writes {@code len} raw bytes of {@code bytes} from {@code off}. */
    public void writeBytes(byte[] bytes, int off, int len) {
        ensure(len);
        System.arraycopy(bytes, off, buf, pos, len);
        pos += len;
    }

    /** Unsigned LEB128, 7 bits per byte, low bits first. */
    public void writeVarUint(long value) {
        ensure(10);
        while (value > 0x7F) {
            buf[pos++] = (byte) (0x80 | (value & 0x7F));
            value >>>= 7;
        }
        buf[pos++] = (byte) value;
    }

    /**
     * lib0's signed varint: the first byte holds a continuation bit, a sign bit and 6 value bits.
     * {@code negative} is separate from the value so that JavaScript's -0 survives a round trip.
     */
    public void writeVarInt(long magnitude, boolean negative) {
        ensure(10);
        buf[pos++] = (byte) ((magnitude > 0x3F ? 0x80 : 0) | (negative ? 0x40 : 0) | (magnitude & 0x3F));
        magnitude >>>= 6;
        while (magnitude > 0) {
            buf[pos++] = (byte) ((magnitude > 0x7F ? 0x80 : 0) | (magnitude & 0x7F));
            magnitude >>>= 7;
        }
    }

    /** Writes a signed varint. */
    public void writeVarInt(long value) {
        writeVarInt(Math.abs(value), value < 0);
    }

    /**
     * A UTF-8 string with its byte length in front. Lone surrogates are written as U+FFFD, as
     * JavaScript's TextEncoder does, so our bytes match Yjs's for every Java string.
     */
    public void writeVarString(String s) {
        int n = s.length();
        int utf8Len = utf8Length(s);
        writeVarUint(utf8Len);
        ensure(utf8Len);
        if (utf8Len == n) {
            for (int i = 0; i < n; i++) {
                buf[pos++] = (byte) s.charAt(i);
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                buf[pos++] = (byte) c;
            } else if (c < 0x800) {
                buf[pos++] = (byte) (0xC0 | (c >> 6));
                buf[pos++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                buf[pos++] = (byte) (0xF0 | (cp >> 18));
                buf[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buf[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buf[pos++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                char w = Character.isSurrogate(c) ? '\uFFFD' : c;
                buf[pos++] = (byte) (0xE0 | (w >> 12));
                buf[pos++] = (byte) (0x80 | ((w >> 6) & 0x3F));
                buf[pos++] = (byte) (0x80 | (w & 0x3F));
            }
        }
    }

    static int utf8Length(String s) {
        int n = s.length();
        int len = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    len += 1;
                } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    len += 2;
                    i++;
                } else {
                    len += 2;
                }
            }
        }
        return len;
    }

    /** Writes a byte array with its length in front. */
    public void writeVarBytes(byte[] bytes) {
        writeVarUint(bytes.length);
        writeBytes(bytes);
    }

    /** Writes a big-endian IEEE 754 single. */
    public void writeFloat32(float f) {
        writeInt32BigEndian(Float.floatToRawIntBits(f));
    }

    /** Writes a big-endian IEEE 754 double. */
    public void writeFloat64(double d) {
        long bits = Double.doubleToRawLongBits(d);
        writeInt32BigEndian((int) (bits >>> 32));
        writeInt32BigEndian((int) bits);
    }

    private void writeInt32BigEndian(int v) {
        ensure(4);
        buf[pos++] = (byte) (v >>> 24);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    /**
     * lib0's "any" encoding of a JSON-like value: {@code null}, {@link Undefined}, Boolean,
     * Number (JavaScript number semantics: integers up to 31 bits as varint, else float32 when
     * exact, else float64), BigInteger (64-bit bigint), String, byte[], List and Map with
     * String keys.
     */
    public void writeAny(Object data) {
        if (data == null) {
            writeUint8(126);
        } else if (data instanceof Undefined) {
            writeUint8(127);
        } else if (data instanceof Boolean b) {
            writeUint8(b ? 120 : 121);
        } else if (data instanceof String s) {
            writeUint8(119);
            writeVarString(s);
        } else if (data instanceof BigInteger big) {
            writeUint8(122);
            long v = big.longValue();
            writeInt32BigEndian((int) (v >>> 32));
            writeInt32BigEndian((int) v);
        } else if (data instanceof Integer || data instanceof Long || data instanceof Short || data instanceof Byte) {
            long v = ((Number) data).longValue();
            if (Math.abs(v) <= BITS31) {
                writeUint8(125);
                writeVarInt(v);
            } else {
                writeNumber((double) v);
            }
        } else if (data instanceof Number n) {
            writeNumber(n.doubleValue());
        } else if (data instanceof byte[] bytes) {
            writeUint8(116);
            writeVarBytes(bytes);
        } else if (data instanceof List<?> list) {
            writeUint8(117);
            writeVarUint(list.size());
            for (Object o : list) {
                writeAny(o);
            }
        } else if (data instanceof Map<?, ?> map) {
            writeUint8(118);
            writeVarUint(map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                writeVarString(String.valueOf(e.getKey()));
                writeAny(e.getValue());
            }
        } else {
            throw new IllegalArgumentException("cannot encode a " + data.getClass().getName() + " as a Yjs value");
        }
    }

    private void writeNumber(double d) {
        boolean integral = !Double.isInfinite(d) && d == Math.rint(d);
        if (integral && Math.abs(d) <= BITS31) {
            writeUint8(125);
            boolean negative = d < 0 || (d == 0 && Double.doubleToRawLongBits(d) != 0);
            writeVarInt((long) Math.abs(d), negative);
        } else if ((double) (float) d == d) {
            writeUint8(124);
            writeFloat32((float) d);
        } else {
            writeUint8(123);
            writeFloat64(d);
        }
    }
}
