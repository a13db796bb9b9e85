package dev.tandem.crdt;

import java.util.Arrays;

/**
 * A state vector as two parallel arrays (client → next expected clock), for the state before and
 * after each transaction. Every transaction takes two of these, so they avoid the boxed entries of
 * a {@code Map<Long, Integer>}: a document has a handful of clients, and a linear search over
 * them is faster than hashing boxed keys. A missing client has clock 0, like in Yjs.
 */
final class ClientClocks {
    private long[] clients;
    private int[] clocks;
    private int size;

    private ClientClocks(int capacity) {
        clients = new long[Math.max(1, capacity)];
        clocks = new int[clients.length];
    }

    /** The state of {@code store}: every client with structs, with its end clock. */
    static ClientClocks of(StructStore store) {
        ClientClocks sv = new ClientClocks(store.clients.size());
        store.clients.forEach((client, list) -> {
            if (list.size > 0) {
                sv.clients[sv.size] = client;
                sv.clocks[sv.size++] = list.last().endClock();
            }
        });
        return sv;
    }

    int size() {
        return size;
    }

    long client(int i) {
        return clients[i];
    }

    int clock(int i) {
        return clocks[i];
    }

    /** The clock of {@code client}, 0 when absent. */
    int get(long client) {
        for (int i = 0; i < size; i++) {
            if (clients[i] == client) {
                return clocks[i];
            }
        }
        return 0;
    }

    boolean contains(long client) {
        for (int i = 0; i < size; i++) {
            if (clients[i] == client) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return Arrays.toString(Arrays.copyOf(clients, size)) + "→" + Arrays.toString(Arrays.copyOf(clocks, size));
    }
}
