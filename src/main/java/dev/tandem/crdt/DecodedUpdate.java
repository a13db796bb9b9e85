package dev.tandem.crdt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A v1 update decoded completely and checked, before anything touches a document: the structs
 * per client (in update order) and the delete set.
 */
record DecodedUpdate(Map<Long, List<Struct>> structs, DeleteSet deleteSet) {

    /** Decodes a v1 update; any defect raises {@link MalformedUpdateException}. */
    static DecodedUpdate decode(byte[] update) {
        if (update == null) {
            throw new MalformedUpdateException("update is null");
        }
        try {
            Lib0Decoder d = new Lib0Decoder(update);
            Map<Long, List<Struct>> structs = readStructs(d);
            DeleteSet ds = DeleteSet.read(d);
            return new DecodedUpdate(structs, ds);
        } catch (MalformedUpdateException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MalformedUpdateException("malformed update: " + e, e);
        }
    }

    private static Map<Long, List<Struct>> readStructs(Lib0Decoder d) {
        Map<Long, List<Struct>> out = new LinkedHashMap<>();
        int numClients = d.readLength(3);
        for (int i = 0; i < numClients; i++) {
            int numStructs = d.readLength(2);
            long client = d.readVarUint();
            if (client > 0xFFFFFFFFFFFFFL) {
                throw new MalformedUpdateException("client id out of range");
            }
            long clock = d.readVarUintAsInt();
            List<Struct> refs = new ArrayList<>(numStructs);
            for (int j = 0; j < numStructs; j++) {
                Struct s = readStruct(d, client, (int) clock);
                if (s.length <= 0) {
                    throw new MalformedUpdateException("empty struct");
                }
                clock += s.length;
                if (clock > Integer.MAX_VALUE) {
                    throw new MalformedUpdateException("clock beyond the supported range");
                }
                refs.add(s);
            }
            // like Yjs, a client listed twice keeps only its last section
            out.put(client, refs);
        }
        return out;
    }

    private static Struct readStruct(Lib0Decoder d, long client, int clock) {
        int info = d.readUint8();
        int ref = info & 0x1F;
        if (ref == GcStruct.REF) {
            return new GcStruct(client, clock, d.readVarUintAsInt());
        }
        if (ref == SkipStruct.REF) {
            return new SkipStruct(client, clock, d.readVarUintAsInt());
        }
        long originClient = Item.NONE;
        int originClock = 0;
        long rightClient = Item.NONE;
        int rightClock = 0;
        if ((info & 0x80) != 0) {
            originClient = d.readVarUint();
            originClock = d.readVarUintAsInt();
            checkReference(client, clock, originClient, originClock);
        }
        if ((info & 0x40) != 0) {
            rightClient = d.readVarUint();
            rightClock = d.readVarUintAsInt();
            checkReference(client, clock, rightClient, rightClock);
        }
        Object parentRef = null;
        String parentSub = null;
        if ((info & 0xC0) == 0) {
            long isRoot = d.readVarUint();
            if (isRoot == 1) {
                parentRef = d.readVarString();
            } else if (isRoot == 0) {
                long pc = d.readVarUint();
                int pk = d.readVarUintAsInt();
                checkReference(client, clock, pc, pk);
                parentRef = new Id(pc, pk);
            } else {
                throw new MalformedUpdateException("invalid parent info");
            }
            if ((info & 0x20) != 0) {
                parentSub = d.readVarString();
            }
        }
        Content content = readContent(d, ref);
        Item item = new Item(client, clock, null, originClient, originClock, null, rightClient, rightClock, null, parentSub, content);
        item.parentRef = parentRef;
        return item;
    }

    /** An item can only refer to elements its client had created before it. */
    private static void checkReference(long client, int clock, long refClient, int refClock) {
        if (refClient == client && refClock >= clock) {
            throw new MalformedUpdateException("item refers to a later element of its own client");
        }
        if (refClient > 0xFFFFFFFFFFFFFL) {
            throw new MalformedUpdateException("client id out of range");
        }
    }

    static Content readContent(Lib0Decoder d, int ref) {
        switch (ref) {
            case ContentDeleted.REF:
                return new ContentDeleted(d.readVarUintAsInt());
            case ContentJson.REF: {
                int n = d.readLength(1);
                List<String> raw = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    String s = d.readVarString();
                    if (!"undefined".equals(s)) {
                        Json.parse(s);
                    }
                    raw.add(s);
                }
                return new ContentJson(raw);
            }
            case ContentBinary.REF:
                return new ContentBinary(d.readVarBytes());
            case ContentString.REF:
                return new ContentString(d.readVarString());
            case ContentEmbed.REF: {
                String json = d.readVarString();
                return new ContentEmbed(Json.parse(json), json);
            }
            case ContentFormat.REF: {
                String key = d.readVarString();
                String json = d.readVarString();
                return new ContentFormat(key, Json.parse(json), json);
            }
            case ContentType.REF:
                return new ContentType(readType(d));
            case ContentAny.REF: {
                int n = d.readLength(1);
                List<Object> values = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    values.add(d.readAny());
                }
                return new ContentAny(values);
            }
            case ContentDoc.REF: {
                String guid = d.readVarString();
                Object opts = d.readAny();
                return new ContentDoc(YDoc.subdocument(guid, opts instanceof Map<?, ?> m ? m : Map.of()));
            }
            default:
                throw new MalformedUpdateException("unknown content type " + ref);
        }
    }

    private static AbstractType readType(Lib0Decoder d) {
        int typeRef = d.readVarUintAsInt();
        return switch (typeRef) {
            case YArray.TYPE_REF -> new YArray();
            case YMap.TYPE_REF -> new YMap();
            case YText.TYPE_REF -> new YText();
            case YXmlElement.TYPE_REF -> new YXmlElement(d.readVarString());
            case YXmlFragment.TYPE_REF -> new YXmlFragment();
            case YXmlHook.TYPE_REF -> new YXmlHook(d.readVarString());
            case YXmlText.TYPE_REF -> new YXmlText();
            default -> throw new MalformedUpdateException("unknown type reference " + typeRef);
        };
    }
}
