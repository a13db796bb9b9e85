package dev.tandem.crdt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A Yjs-compatible document: named root types plus the struct store that holds every change
 * ever made, and the machinery to exchange v1 updates with Yjs peers.
 *
 * <h2>Threads</h2>
 * A document is not thread-safe and must be confined to one thread at a time: every call on the
 * document and on its types (reads included) must happen-before the next one. The usual way is
 * to own each document by one single-threaded executor (one per room) and submit all work to it,
 * or to guard every access with the same lock. Observers and update listeners run synchronously
 * on the calling thread, at the end of the outermost transaction.
 */
public final class YDoc {

    /**
     * Document options.
     *
     * @param clientId        this replica's client ID (an unsigned 32-bit number); {@code null} picks a random one
     * @param guid            the document's globally unique ID (sub-documents are referenced by it)
     * @param gc              garbage-collect deleted content (Yjs default {@code true}); {@code false} keeps it for history
     * @param autoLoad        for sub-documents: load automatically
     * @param meta            for sub-documents: free-form metadata
     * @param maxNestingDepth how deeply shared types may nest (a root type is depth 0, a type in it
     *                        depth 1, ...); deeper updates are rejected, deeper local inserts refused
     */
    public record Options(Long clientId, String guid, boolean gc, boolean autoLoad, Object meta, int maxNestingDepth) {
        /**
         * Default for {@link #maxNestingDepth}: far beyond what editors produce (a y-prosemirror
         * document nests one XML element per document node level, rarely 50 deep), far below
         * what the recursive walks of a type tree can handle on a default 1 MB thread stack.
         */
        public static final int DEFAULT_MAX_NESTING_DEPTH = 1000;

        /** Checks the depth limit. */
        public Options {
            if (maxNestingDepth < 1) {
                throw new IllegalArgumentException("maxNestingDepth must be at least 1");
            }
        }

        /** Options with the default nesting limit (kept for callers of the five-value form). */
        public Options(Long clientId, String guid, boolean gc, boolean autoLoad, Object meta) {
            this(clientId, guid, gc, autoLoad, meta, DEFAULT_MAX_NESTING_DEPTH);
        }

        /** Random client ID and guid, garbage collection on. */
        public static Options defaults() {
            return new Options(null, null, true, false, null);
        }

        /** These options with a fixed client ID. */
        public Options withClientId(long id) {
            return new Options(id, guid, gc, autoLoad, meta, maxNestingDepth);
        }

        /** These options with garbage collection on or off. */
        public Options withGc(boolean enabled) {
            return new Options(clientId, guid, enabled, autoLoad, meta, maxNestingDepth);
        }

        /** These options with a fixed guid. */
        public Options withGuid(String g) {
            return new Options(clientId, g, gc, autoLoad, meta, maxNestingDepth);
        }

        /** These options with another nesting limit (at least 1). */
        public Options withMaxNestingDepth(int depth) {
            return new Options(clientId, guid, gc, autoLoad, meta, depth);
        }
    }

    /** Receives each update produced by a transaction (v1 bytes), with the transaction's origin. */
    @FunctionalInterface
    public interface UpdateListener {
        /** Called once per transaction that changed the document. */
        void onUpdate(byte[] update, Object origin, Transaction transaction);
    }

    private long clientId;
    private final String guid;
    private final boolean gc;
    private final boolean autoLoad;
    private final Object meta;
    final int maxNestingDepth;
    final StructStore store = new StructStore();
    private final Map<String, AbstractType> share = new LinkedHashMap<>();
    private Transaction currentTransaction;
    private final List<Transaction> transactionCleanups = new ArrayList<>();
    // Copy-on-write: called after every transaction, changed rarely, and a listener may remove itself.
    private final List<UpdateListener> updateListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Transaction>> afterTransactionListeners = new CopyOnWriteArrayList<>();
    private final Set<YDoc> subdocs = new LinkedHashSet<>();
    /** For a sub-document, the item that holds it in its parent document. */
    Item parentItem;

    /** A document with a random client ID, a random guid and garbage collection on. */
    public YDoc() {
        this(Options.defaults());
    }

    /** A document with the given options. */
    public YDoc(Options options) {
        this.clientId = options.clientId() != null ? options.clientId() : randomClientId();
        this.guid = options.guid() != null ? options.guid() : UUID.randomUUID().toString();
        this.gc = options.gc();
        this.autoLoad = options.autoLoad();
        this.meta = options.meta();
        this.maxNestingDepth = options.maxNestingDepth();
    }

    static YDoc subdocument(String guid, Map<?, ?> opts) {
        boolean gc = !Boolean.FALSE.equals(opts.get("gc"));
        boolean autoLoad = Boolean.TRUE.equals(opts.get("autoLoad"));
        return new YDoc(new Options(null, guid, gc, autoLoad, opts.get("meta")));
    }

    Map<String, Object> options() {
        Map<String, Object> opts = new HashMap<>();
        if (!gc) {
            opts.put("gc", false);
        }
        if (autoLoad) {
            opts.put("autoLoad", true);
        }
        if (meta != null) {
            opts.put("meta", meta);
        }
        return opts;
    }

    private static long randomClientId() {
        return ThreadLocalRandom.current().nextLong(1L << 32);
    }

    /** This replica's client ID (changes if a remote update shows another replica using it). */
    public long clientId() {
        return clientId;
    }

    /** The globally unique ID of this document. */
    public String guid() {
        return guid;
    }

    /** Whether deleted content is garbage-collected. */
    public boolean gcEnabled() {
        return gc;
    }

    /** Whether this sub-document loads automatically. */
    public boolean autoLoad() {
        return autoLoad;
    }

    /** How deeply shared types may nest in this document (see {@link Options#maxNestingDepth()}). */
    public int maxNestingDepth() {
        return maxNestingDepth;
    }

    /** Sub-document metadata, or {@code null}. */
    public Object meta() {
        return meta;
    }

    /** Sub-documents currently referenced from this document. */
    public Set<YDoc> subdocs() {
        return Collections.unmodifiableSet(subdocs);
    }

    // ---------------------------------------------------------------- root types

    /** The root text of that name, created on first use. */
    public YText getText(String name) {
        return root(name, YText.class, YText::new);
    }

    /** The root map of that name, created on first use. */
    public YMap getMap(String name) {
        return root(name, YMap.class, YMap::new);
    }

    /** The root array of that name, created on first use. */
    public YArray getArray(String name) {
        return root(name, YArray.class, YArray::new);
    }

    /** The root XML fragment of that name, created on first use. */
    public YXmlFragment getXmlFragment(String name) {
        return root(name, YXmlFragment.class, YXmlFragment::new);
    }

    /** Names of the root types defined or received so far. */
    public Set<String> rootNames() {
        return Collections.unmodifiableSet(share.keySet());
    }

    /** The root type of that name as received, possibly still untyped (never defined locally). */
    public AbstractType getRoot(String name) {
        return share.get(name);
    }

    private <T extends AbstractType> T root(String name, Class<T> kind, Supplier<T> factory) {
        AbstractType existing = share.get(name);
        if (existing != null && existing.getClass() == kind) {
            return kind.cast(existing);
        }
        if (existing != null && !(existing instanceof UntypedRoot)) {
            throw new IllegalStateException("root '" + name + "' is already a " + existing.getClass().getSimpleName());
        }
        T type = factory.get();
        type.doc = this;
        type.rootName = name;
        if (existing != null) {
            type.adopt(existing);
        }
        type.integrate(this, null);
        share.put(name, type);
        return type;
    }

    /** The root a received update refers to by name; untyped until the application asks for it. */
    AbstractType rootForDecoding(String name) {
        return share.computeIfAbsent(name, n -> {
            UntypedRoot r = new UntypedRoot();
            r.doc = this;
            r.rootName = n;
            return r;
        });
    }

    // ---------------------------------------------------------------- listeners

    /** Listens to the update each transaction produces. Returns an unsubscriber. */
    public Runnable onUpdate(UpdateListener listener) {
        updateListeners.add(listener);
        return () -> updateListeners.remove(listener);
    }

    /** Called after each transaction, after the type observers. Returns an unsubscriber. */
    public Runnable onAfterTransaction(Consumer<Transaction> listener) {
        afterTransactionListeners.add(listener);
        return () -> afterTransactionListeners.remove(listener);
    }

    // ---------------------------------------------------------------- transactions

    /** Runs {@code change} in one transaction with origin {@code null}. */
    public void transact(Consumer<Transaction> change) {
        transact(change, null);
    }

    /** Runs {@code change} in one transaction; nested calls join the outer transaction. */
    public void transact(Consumer<Transaction> change, Object origin) {
        transact(txn -> {
            change.accept(txn);
            return null;
        }, origin, true);
    }

    <R> R transact(Function<Transaction, R> f, Object origin, boolean local) {
        boolean initialCall = false;
        if (currentTransaction == null) {
            initialCall = true;
            currentTransaction = new Transaction(this, origin, local);
            transactionCleanups.add(currentTransaction);
        }
        try {
            return f.apply(currentTransaction);
        } finally {
            if (initialCall) {
                boolean finishCleanup = currentTransaction == transactionCleanups.get(0);
                currentTransaction = null;
                if (finishCleanup) {
                    cleanupTransactions();
                }
            }
        }
    }

    private void cleanupTransactions() {
        try {
            for (int i = 0; i < transactionCleanups.size(); i++) {
                cleanupTransaction(transactionCleanups.get(i));
            }
        } finally {
            transactionCleanups.clear();
        }
    }

    private void cleanupTransaction(Transaction txn) {
        DeleteSet ds = txn.deleteSet;
        ds.sortAndMerge();
        txn.afterState = ClientClocks.of(store);
        try {
            for (Map.Entry<AbstractType, Set<String>> e : new ArrayList<>(txn.changed.entrySet())) {
                AbstractType type = e.getKey();
                if (type.item == null || !type.item.isDeleted()) {
                    type.callObserver(txn, e.getValue());
                }
            }
            for (Map.Entry<AbstractType, List<YEvent>> e : txn.changedParentTypes.entrySet()) {
                AbstractType type = e.getKey();
                if (type.hasDeepObservers() && (type.item == null || !type.item.isDeleted())) {
                    List<YEvent> events = new ArrayList<>();
                    for (YEvent ev : e.getValue()) {
                        if (ev.target.item == null || !ev.target.item.isDeleted()) {
                            events.add(ev);
                        }
                    }
                    // path length from the observed type = difference of nesting depths; stable, as in Yjs
                    events.sort(java.util.Comparator.comparingInt(ev -> ev.target.depth - type.depth));
                    type.callDeepObservers(events);
                }
            }
            for (Consumer<Transaction> l : afterTransactionListeners) {
                l.accept(txn);
            }
            if (txn.needFormattingCleanup) {
                YText.cleanupAfterTransaction(txn);
            }
        } finally {
            if (gc) {
                GarbageCollector.tryGcDeleteSet(ds, store);
            }
            GarbageCollector.tryMergeDeleteSet(ds, store);
            mergeNewStructs(txn);
            if (!txn.local && txn.afterState.get(clientId) != txn.beforeState.get(clientId)) {
                // another replica uses our client ID; continuing with it would corrupt documents
                clientId = randomClientId();
            }
            if (!updateListeners.isEmpty()) {
                byte[] update = encodeTransactionUpdate(txn);
                if (update != null) {
                    for (UpdateListener l : updateListeners) {
                        l.onUpdate(update, txn.origin, txn);
                    }
                }
            }
            if (txn.hasSubdocChanges()) {
                subdocs.addAll(txn.subdocsAdded());
                subdocs.removeAll(txn.subdocsRemoved());
            }
        }
    }

    private void mergeNewStructs(Transaction txn) {
        ClientClocks after = txn.afterState;
        for (int c = 0; c < after.size(); c++) {
            long client = after.client(c);
            int beforeClock = txn.beforeStateOf(client);
            if (beforeClock != after.clock(c)) {
                StructList list = store.clients.get(client);
                int firstChangePos = Math.max(list.findIndex(beforeClock), 1);
                for (int i = list.size - 1; i >= firstChangePos; ) {
                    i -= 1 + GarbageCollector.tryToMergeWithLefts(list, i);
                }
            }
        }
        List<Item> mergeStructs = txn.mergeStructs;
        for (int i = mergeStructs.size() - 1; i >= 0; i--) {
            Item s = mergeStructs.get(i);
            StructList list = store.clients.get(s.client);
            int pos = list.findIndex(s.clock);
            if (pos < 0) {
                continue;
            }
            if (pos + 1 < list.size && GarbageCollector.tryToMergeWithLefts(list, pos + 1) > 1) {
                continue;
            }
            if (pos > 0) {
                GarbageCollector.tryToMergeWithLefts(list, pos);
            }
        }
    }

    private byte[] encodeTransactionUpdate(Transaction txn) {
        boolean structsChanged = false;
        ClientClocks after = txn.afterState;
        for (int c = 0; c < after.size(); c++) {
            if (txn.beforeStateOf(after.client(c)) != after.clock(c)) {
                structsChanged = true;
                break;
            }
        }
        if (txn.deleteSet.isEmpty() && !structsChanged) {
            return null;
        }
        Lib0Encoder enc = new Lib0Encoder();
        UpdateEncoding.writeClientsStructs(enc, store, txn.beforeState);
        txn.deleteSet.write(enc);
        return enc.toByteArray();
    }

    // ---------------------------------------------------------------- updates

    /** Applies a v1 update (from Yjs or from this library) with origin {@code null}. */
    public void applyUpdate(byte[] update) {
        applyUpdate(update, null);
    }

    /**
     * Applies a v1 update. Structs whose dependencies are missing are held pending and
     * integrated when the gap closes. Applying an update twice, or in any order, converges.
     *
     * @throws MalformedUpdateException if the update is not a valid v1 update, or would nest
     *                                  shared types deeper than {@link #maxNestingDepth()}; the
     *                                  document is then unchanged
     */
    public void applyUpdate(byte[] update, Object origin) {
        DecodedUpdate decoded = DecodedUpdate.decode(update);
        NestingCheck.check(this, decoded);
        transact(txn -> {
            UpdateIntegration.apply(txn, decoded);
            return null;
        }, origin, false);
    }

    /** The whole document as one v1 update. */
    public byte[] encodeStateAsUpdate() {
        return encodeStateAsUpdate(null);
    }

    /**
     * What a peer with state vector {@code stateVector} is missing, as one v1 update
     * ({@code null}: everything).
     */
    public byte[] encodeStateAsUpdate(byte[] stateVector) {
        Map<Long, Integer> target = stateVector == null ? Map.of() : UpdateEncoding.decodeStateVector(stateVector);
        Lib0Encoder enc = new Lib0Encoder(256);
        UpdateEncoding.writeClientsStructs(enc, store, target);
        DeleteSet.fromStore(store).write(enc);
        byte[] update = enc.toByteArray();
        if (store.pendingStructs == null && store.pendingDeletes == null) {
            return update;
        }
        List<byte[]> parts = new ArrayList<>();
        parts.add(update);
        if (store.pendingDeletes != null) {
            parts.add(store.pendingDeletes);
        }
        if (store.pendingStructs != null) {
            // Only the pending clocks this document has not integrated: where a (malformed) pending
            // struct claims other content for a clock it has, the merge must not pick the claim.
            Map<Long, Integer> written = new HashMap<>(store.stateVector());
            target.forEach((client, clock) -> written.merge(client, clock, Math::max));
            parts.add(Updates.diffUpdate(store.pendingStructs, UpdateEncoding.encodeStateVector(written)));
        }
        return Updates.mergeUpdates(parts);
    }

    /** This document's state vector: for each client, the number of elements it has seen. */
    public byte[] encodeStateVector() {
        return UpdateEncoding.encodeStateVector(store.stateVector());
    }

    /** Whether structs or deletions are waiting for updates that have not arrived yet. */
    public boolean hasPending() {
        return store.pendingStructs != null || store.pendingDeletes != null;
    }

    /** A placeholder for a root type that an update mentioned before the application named its kind. */
    static final class UntypedRoot extends AbstractType {
        UntypedRoot() {
            super(false);
        }

        @Override
        int typeRef() {
            throw new IllegalStateException("root types carry no type reference");
        }

        @Override
        AbstractType emptyCopy() {
            return new UntypedRoot();
        }

        @Override
        YEvent createEvent(Transaction txn, Set<String> keysChanged) {
            return new YEvent(this, txn, keysChanged);
        }

        @Override
        List<AbstractType> plainDependencies() {
            return typesIn(map.isEmpty() ? listToArray() : mapEntries().values());
        }

        @Override
        Object plainValue(Function<AbstractType, Object> plainOf) {
            if (!map.isEmpty()) {
                Map<String, Object> out = new java.util.TreeMap<>();
                mapEntries().forEach((k, v) -> out.put(k, toPlain(v, plainOf)));
                return out;
            }
            List<Object> out = new ArrayList<>();
            listToArray().forEach(v -> out.add(toPlain(v, plainOf)));
            return out;
        }
    }
}
