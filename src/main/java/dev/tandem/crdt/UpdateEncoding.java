package dev.tandem.crdt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writing documents and state vectors in the v1 update format. */
final class UpdateEncoding {
    private UpdateEncoding() {
    }

    /** Writes one client's structs from {@code clock} on (the first struct possibly sliced). */
    static void writeStructs(Lib0Encoder enc, StructList list, long client, int clock) {
        clock = Math.max(clock, list.get(0).clock);
        int startIndex = list.findIndex(clock);
        enc.writeVarUint(list.size - startIndex);
        enc.writeVarUint(client);
        enc.writeVarUint(clock);
        Struct first = list.get(startIndex);
        first.write(enc, clock - first.clock);
        for (int i = startIndex + 1; i < list.size; i++) {
            list.get(i).write(enc, 0);
        }
    }

    /** Writes all structs the peer with state vector {@code target} is missing, highest client first. */
    static void writeClientsStructs(Lib0Encoder enc, StructStore store, Map<Long, Integer> target) {
        Map<Long, Integer> sm = new LinkedHashMap<>();
        for (Map.Entry<Long, Integer> e : target.entrySet()) {
            if (store.getState(e.getKey()) > e.getValue()) {
                sm.put(e.getKey(), e.getValue());
            }
        }
        for (Map.Entry<Long, StructList> e : store.clients.entrySet()) {
            if (e.getValue().size > 0 && !target.containsKey(e.getKey())) {
                sm.put(e.getKey(), 0);
            }
        }
        List<Long> clients = new ArrayList<>(sm.keySet());
        clients.sort((a, b) -> Long.compare(b, a));
        enc.writeVarUint(clients.size());
        for (long client : clients) {
            writeStructs(enc, store.clients.get(client), client, sm.get(client));
        }
    }

    /**
     * The same for the state before a transaction (its update): without boxed maps, since it runs
     * once per transaction.
     */
    static void writeClientsStructs(Lib0Encoder enc, StructStore store, ClientClocks before) {
        long[] clients = new long[store.clients.size()];
        int n = 0;
        for (Map.Entry<Long, StructList> e : store.clients.entrySet()) {
            StructList list = e.getValue();
            long client = e.getKey();
            if (list.size > 0 && list.last().endClock() > before.get(client)) {
                // Insertion sort, highest client first: a transaction touches few clients.
                int at = n++;
                while (at > 0 && clients[at - 1] < client) {
                    clients[at] = clients[at - 1];
                    at--;
                }
                clients[at] = client;
            }
        }
        enc.writeVarUint(n);
        for (int i = 0; i < n; i++) {
            writeStructs(enc, store.clients.get(clients[i]), clients[i], before.get(clients[i]));
        }
    }

    static byte[] encodeStateVector(Map<Long, Integer> sv) {
        Lib0Encoder enc = new Lib0Encoder();
        List<Map.Entry<Long, Integer>> entries = new ArrayList<>(sv.entrySet());
        entries.sort((a, b) -> Long.compare(b.getKey(), a.getKey()));
        enc.writeVarUint(entries.size());
        for (Map.Entry<Long, Integer> e : entries) {
            enc.writeVarUint(e.getKey());
            enc.writeVarUint(e.getValue());
        }
        return enc.toByteArray();
    }

    static Map<Long, Integer> decodeStateVector(byte[] bytes) {
        if (bytes == null) {
            throw new MalformedUpdateException("state vector is null");
        }
        Lib0Decoder d = new Lib0Decoder(bytes);
        int n = d.readLength(2);
        Map<Long, Integer> sv = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            long client = d.readVarUint();
            sv.put(client, d.readVarUintAsInt());
        }
        return sv;
    }

    /** Writes structs (from one decoded update, per client sorted by clock) with a v1 section per client. */
    static void writeStructLists(Lib0Encoder enc, Map<Long, List<Struct>> structs) {
        List<Long> clients = new ArrayList<>();
        for (Map.Entry<Long, List<Struct>> e : structs.entrySet()) {
            if (!e.getValue().isEmpty()) {
                clients.add(e.getKey());
            }
        }
        clients.sort((a, b) -> Long.compare(b, a));
        enc.writeVarUint(clients.size());
        for (long client : clients) {
            List<Struct> list = structs.get(client);
            enc.writeVarUint(list.size());
            enc.writeVarUint(client);
            enc.writeVarUint(list.get(0).clock);
            for (Struct s : list) {
                s.write(enc, 0);
            }
        }
    }
}
