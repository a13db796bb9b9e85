package dev.tandem.crdt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Operations on v1 update bytes that need no document: merging updates (to compact a log),
 * computing what a peer is missing, and reading the state vector an update covers. All of
 * them reject malformed input with {@link MalformedUpdateException}.
 */
public final class Updates {
    private Updates() {
    }

    /** One update with the combined effect of all {@code updates} (structs and deletions). */
    public static byte[] mergeUpdates(List<byte[]> updates) {
        if (updates.size() == 1) {
            return updates.get(0);
        }
        Map<Long, List<Struct>> all = new LinkedHashMap<>();
        DeleteSet ds = new DeleteSet();
        for (byte[] u : updates) {
            DecodedUpdate d = DecodedUpdate.decode(u);
            d.structs().forEach((client, list) -> {
                List<Struct> target = all.computeIfAbsent(client, c -> new ArrayList<>());
                for (Struct s : list) {
                    if (!(s instanceof SkipStruct)) {
                        target.add(s);
                    }
                }
            });
            ds.addAll(d.deleteSet());
        }
        Map<Long, List<Struct>> merged = new LinkedHashMap<>();
        all.forEach((client, list) -> merged.put(client, coverOnce(list)));
        Lib0Encoder enc = new Lib0Encoder(totalLength(updates));
        UpdateEncoding.writeStructLists(enc, merged);
        ds.sortAndMerge();
        ds.write(enc);
        return enc.toByteArray();
    }

    private static int totalLength(List<byte[]> updates) {
        long n = 0;
        for (byte[] u : updates) {
            n += u.length;
        }
        return (int) Math.min(n, 1 << 20);
    }

    /**
     * Sorts one client's structs by clock and keeps each clock once (earlier updates win),
     * filling gaps with skips and joining adjacent GC runs.
     */
    private static List<Struct> coverOnce(List<Struct> list) {
        list.sort((a, b) -> Integer.compare(a.clock, b.clock));
        List<Struct> out = new ArrayList<>(list.size());
        long covered = -1;
        for (Struct s : list) {
            if (covered >= 0 && s.endClock() <= covered) {
                continue;
            }
            if (covered >= 0 && s.clock < covered) {
                s = s.sliceFrom((int) (covered - s.clock));
            } else if (covered >= 0 && s.clock > covered) {
                out.add(new SkipStruct(s.client, (int) covered, (int) (s.clock - covered)));
            }
            Struct last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last instanceof GcStruct && s instanceof GcStruct && last.endClock() == s.clock) {
                last.length += s.length;
            } else {
                out.add(s);
            }
            covered = s.endClock();
        }
        return out;
    }

    /** The part of {@code update} that a peer with state vector {@code stateVector} is missing. */
    public static byte[] diffUpdate(byte[] update, byte[] stateVector) {
        Map<Long, Integer> sv = UpdateEncoding.decodeStateVector(stateVector);
        DecodedUpdate d = DecodedUpdate.decode(update);
        Map<Long, List<Struct>> out = new LinkedHashMap<>();
        d.structs().forEach((client, list) -> {
            int svClock = sv.getOrDefault(client, 0);
            List<Struct> kept = new ArrayList<>();
            for (Struct s : list) {
                if (kept.isEmpty()) {
                    if (s instanceof SkipStruct || s.endClock() <= svClock) {
                        continue;
                    }
                    if (s.clock < svClock) {
                        s = s.sliceFrom(svClock - s.clock);
                    }
                }
                kept.add(s);
            }
            if (!kept.isEmpty()) {
                out.put(client, kept);
            }
        });
        Lib0Encoder enc = new Lib0Encoder(update.length);
        UpdateEncoding.writeStructLists(enc, out);
        d.deleteSet().write(enc);
        return enc.toByteArray();
    }

    /** The state vector of the structs in an update (gaps stop the count, as in Yjs). */
    public static byte[] encodeStateVectorFromUpdate(byte[] update) {
        DecodedUpdate d = DecodedUpdate.decode(update);
        Lib0Encoder body = new Lib0Encoder();
        int size = 0;
        for (Map.Entry<Long, List<Struct>> e : d.structs().entrySet()) {
            List<Struct> list = e.getValue();
            if (list.isEmpty() || list.get(0).clock != 0) {
                continue;
            }
            int clock = 0;
            for (Struct s : list) {
                if (s instanceof SkipStruct) {
                    break;
                }
                clock = s.endClock();
            }
            if (clock != 0) {
                size++;
                body.writeVarUint(e.getKey());
                body.writeVarUint(clock);
            }
        }
        Lib0Encoder enc = new Lib0Encoder();
        enc.writeVarUint(size);
        enc.writeBytes(body.toByteArray());
        return enc.toByteArray();
    }

    /** Decodes a state vector into client → clock. */
    public static Map<Long, Integer> decodeStateVector(byte[] stateVector) {
        return UpdateEncoding.decodeStateVector(stateVector);
    }

    /** Encodes client → clock as a state vector (highest client first, as Yjs writes it). */
    public static byte[] encodeStateVector(Map<Long, Integer> stateVector) {
        return UpdateEncoding.encodeStateVector(stateVector);
    }
}
