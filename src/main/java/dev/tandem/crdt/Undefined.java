package dev.tandem.crdt;

/**
 * JavaScript's {@code undefined}, which Yjs can store in maps and arrays and which lib0's
 * "any" encoding distinguishes from {@code null} (Java {@code null} stands for JS {@code null}).
 */
public enum Undefined {
    /** The one undefined value. */
    INSTANCE;

    @Override
    public String toString() {
        return "undefined";
    }
}
