package dev.tandem.crdt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Deleted clock ranges per client. Ranges are sorted and merged by {@link #sortAndMerge()}. */
final class DeleteSet {
    /** Ranges of one client as parallel arrays (clock, length), to stay compact. */
    static final class Ranges {
        int[] clocks = new int[4];
        int[] lens = new int[4];
        int size;

        void add(int clock, int len) {
            if (size == clocks.length) {
                clocks = Arrays.copyOf(clocks, size * 2);
                lens = Arrays.copyOf(lens, size * 2);
            }
            clocks[size] = clock;
            lens[size] = len;
            size++;
        }

        void sortAndMerge() {
            boolean sorted = true;
            for (int i = 1; i < size; i++) {
                if (clocks[i - 1] > clocks[i]) {
                    sorted = false;
                    break;
                }
            }
            if (!sorted) {
                long[] packed = new long[size];
                for (int i = 0; i < size; i++) {
                    packed[i] = ((long) clocks[i] << 32) | (lens[i] & 0xFFFFFFFFL);
                }
                Arrays.sort(packed);
                for (int i = 0; i < size; i++) {
                    clocks[i] = (int) (packed[i] >>> 32);
                    lens[i] = (int) packed[i];
                }
            }
            int j = 0;
            for (int i = 1; i < size; i++) {
                long leftEnd = (long) clocks[j] + lens[j];
                if (leftEnd >= clocks[i]) {
                    lens[j] = (int) Math.max(leftEnd, (long) clocks[i] + lens[i]) - clocks[j];
                } else {
                    j++;
                    clocks[j] = clocks[i];
                    lens[j] = lens[i];
                }
            }
            if (size > 0) {
                size = j + 1;
            }
        }

        /** Assumes sorted and merged ranges. */
        boolean contains(int clock) {
            int lo = 0;
            int hi = size - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (clocks[mid] + lens[mid] <= clock) {
                    lo = mid + 1;
                } else if (clocks[mid] > clock) {
                    hi = mid - 1;
                } else {
                    return true;
                }
            }
            return false;
        }
    }

    final Map<Long, Ranges> clients = new LinkedHashMap<>();

    void add(long client, int clock, int len) {
        if (len > 0) {
            clients.computeIfAbsent(client, c -> new Ranges()).add(clock, len);
        }
    }

    boolean isEmpty() {
        return clients.isEmpty();
    }

    boolean contains(long client, int clock) {
        Ranges r = clients.get(client);
        return r != null && r.contains(clock);
    }

    void sortAndMerge() {
        for (Ranges r : clients.values()) {
            r.sortAndMerge();
        }
    }

    void addAll(DeleteSet other) {
        for (Map.Entry<Long, Ranges> e : other.clients.entrySet()) {
            Ranges r = e.getValue();
            for (int i = 0; i < r.size; i++) {
                add(e.getKey(), r.clocks[i], r.lens[i]);
            }
        }
    }

    /** Clients in the order Yjs writes them: highest client ID first. */
    List<Long> clientsDescending() {
        List<Long> ids = new ArrayList<>(clients.keySet());
        ids.sort((a, b) -> Long.compare(b, a));
        return ids;
    }

    /** Writes the delete set (v1). Call {@link #sortAndMerge()} first. */
    void write(Lib0Encoder encoder) {
        List<Long> ids = clientsDescending();
        encoder.writeVarUint(ids.size());
        for (long client : ids) {
            Ranges r = clients.get(client);
            encoder.writeVarUint(client);
            encoder.writeVarUint(r.size);
            for (int i = 0; i < r.size; i++) {
                encoder.writeVarUint(r.clocks[i]);
                encoder.writeVarUint(r.lens[i]);
            }
        }
    }

    /** Reads a v1 delete set; ranges that overflow the clock range are rejected. */
    static DeleteSet read(Lib0Decoder decoder) {
        DeleteSet ds = new DeleteSet();
        int numClients = decoder.readLength(2);
        for (int i = 0; i < numClients; i++) {
            long client = decoder.readVarUint();
            int numRanges = decoder.readLength(2);
            for (int j = 0; j < numRanges; j++) {
                int clock = decoder.readVarUintAsInt();
                int len = decoder.readVarUintAsInt();
                if ((long) clock + len > Integer.MAX_VALUE) {
                    throw new MalformedUpdateException("delete range beyond the clock limit");
                }
                ds.add(client, clock, len);
            }
        }
        return ds;
    }

    /** The deleted ranges of a document's store (GC structs count as deleted). */
    static DeleteSet fromStore(StructStore store) {
        DeleteSet ds = new DeleteSet();
        for (Map.Entry<Long, StructList> e : store.clients.entrySet()) {
            StructList list = e.getValue();
            Ranges ranges = null;
            for (int i = 0; i < list.size; i++) {
                Struct s = list.get(i);
                if (s.isDeleted()) {
                    int clock = s.clock;
                    int len = s.length;
                    while (i + 1 < list.size && list.get(i + 1).isDeleted()) {
                        len += list.get(++i).length;
                    }
                    if (ranges == null) {
                        ranges = new Ranges();
                        ds.clients.put(e.getKey(), ranges);
                    }
                    ranges.add(clock, len);
                }
            }
        }
        return ds;
    }
}
