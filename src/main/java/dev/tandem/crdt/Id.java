package dev.tandem.crdt;

/**
 * Identifies one element (one character, one array entry, one map value) ever inserted into a
 * document: the inserting client and that client's clock, which counts every element the
 * client has ever created. Client IDs are unsigned 32-bit numbers in Yjs (up to 2^53 accepted).
 */
public record Id(long client, int clock) {
}
