package dev.tandem.collab;

import dev.tandem.crdt.Lib0Decoder;
import dev.tandem.crdt.Lib0Encoder;
import dev.tandem.crdt.MalformedUpdateException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The awareness states of one room (y-protocols awareness): per Yjs client ID a clock and a JSON
 * state (user, cursor, ...), or none once removed. Follows {@code applyAwarenessUpdate}: an entry
 * wins when its clock is newer, or equal with a removal. Each client ID belongs to the connection
 * that first announced it, so one client cannot overwrite or remove another's state.
 * Confined to its room's thread.
 */
final class Awareness {

    /** One entry of an awareness update; {@code state} is JSON text, {@code "null"} for a removal. */
    record Entry(long clientId, long clock, String state) {
        boolean removal() {
            return "null".equals(state);
        }
    }

    private record State(long clock, String json, long updatedAt, Object owner) {
    }

    private final Map<Long, State> states = new HashMap<>();
    /** Clocks of removed clients, so that a late duplicate cannot bring a state back. */
    private final Map<Long, Long> removedClocks = new HashMap<>();
    private final int maxStateLength;

    Awareness(int maxStateLength) {
        this.maxStateLength = maxStateLength;
    }

    static List<Entry> decode(byte[] update) {
        Lib0Decoder in = new Lib0Decoder(update);
        int count = in.readLength(3);
        List<Entry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long clientId = in.readVarUint();
            long clock = in.readVarUint();
            entries.add(new Entry(clientId, clock, in.readVarString()));
        }
        if (in.hasRemaining()) {
            throw new MalformedUpdateException("trailing bytes after an awareness update");
        }
        return entries;
    }

    static byte[] encode(List<Entry> entries) {
        Lib0Encoder out = new Lib0Encoder();
        out.writeVarUint(entries.size());
        for (Entry e : entries) {
            out.writeVarUint(e.clientId());
            out.writeVarUint(e.clock());
            out.writeVarString(e.state());
        }
        return out.toByteArray();
    }

    /**
     * Applies the entries sent by {@code owner}; answers those that changed something, to be
     * broadcast. Entries for client IDs owned by another connection, and states larger than the
     * limit, are dropped.
     */
    List<Entry> apply(List<Entry> entries, Object owner, long now) {
        List<Entry> accepted = new ArrayList<>();
        for (Entry e : entries) {
            State current = states.get(e.clientId());
            if (current != null && current.owner() != owner) {
                continue;
            }
            if (e.state().length() > maxStateLength) {
                throw new MalformedUpdateException("awareness state larger than " + maxStateLength + " characters");
            }
            long known = current != null ? current.clock() : removedClocks.getOrDefault(e.clientId(), -1L);
            boolean newer = e.clock() > known || (e.clock() == known && e.removal() && current != null);
            if (!newer) {
                continue;
            }
            if (e.removal()) {
                states.remove(e.clientId());
                removedClocks.put(e.clientId(), e.clock());
            } else {
                states.put(e.clientId(), new State(e.clock(), e.state(), now, owner));
                removedClocks.remove(e.clientId());
            }
            accepted.add(e);
        }
        return accepted;
    }

    /** Removes every state owned by {@code owner} (it disconnected); answers the removals to broadcast. */
    List<Entry> removeOwnedBy(Object owner) {
        return removeWhere(s -> s.owner() == owner);
    }

    /** Removes states not renewed since {@code cutoff}; answers the removals to broadcast. */
    List<Entry> removeOutdated(long cutoff) {
        return removeWhere(s -> s.updatedAt() < cutoff);
    }

    private List<Entry> removeWhere(Predicate<State> which) {
        List<Entry> removals = new ArrayList<>();
        states.entrySet().removeIf(e -> {
            if (!which.test(e.getValue())) {
                return false;
            }
            long clock = e.getValue().clock() + 1;
            removedClocks.put(e.getKey(), clock);
            removals.add(new Entry(e.getKey(), clock, "null"));
            return true;
        });
        return removals;
    }

    /** Every current state, for a client that joins or asks. */
    List<Entry> all() {
        List<Entry> all = new ArrayList<>(states.size());
        states.forEach((id, s) -> all.add(new Entry(id, s.clock(), s.json())));
        return all;
    }

    boolean isEmpty() {
        return states.isEmpty();
    }
}
