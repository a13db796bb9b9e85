package dev.tandem.crdt;

/**
 * The one exception this library throws for bad input: a truncated, garbled, oversized or
 * hostile update, state vector or lib0 message.
 *
 * <p>When {@link YDoc#applyUpdate(byte[], Object)} throws it, the document is exactly as it
 * was before the call: an update is decoded and checked completely before anything is applied.
 */
public final class MalformedUpdateException extends RuntimeException {

    /** An exception describing what is wrong with the input. */
    public MalformedUpdateException(String message) {
        super(message);
    }

    /** An exception describing what is wrong with the input, with the underlying failure. */
    public MalformedUpdateException(String message, Throwable cause) {
        super(message, cause);
    }
}
