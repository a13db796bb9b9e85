package dev.tandem.collab;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings under {@code tandem.collab.*}.
 *
 * @param maxMessageSize       largest websocket message a client may send; a larger one closes that connection (1009)
 * @param maxDocumentSize      largest file that can be opened as a live document
 * @param maxRoomsPerWorkspace open files (rooms) per workspace at once
 * @param maxClientsPerRoom    connections per room at once
 * @param idleUnload           how long a room stays loaded after its last client left
 * @param diskWriteDelay       the file on disk is rewritten once the document has been unchanged this long
 * @param diskWriteMaxDelay    ... or at the latest this long after the first change it does not hold yet (continuous typing)
 * @param diskPollInterval     how often an open file is checked for changes made by others (terminal, git, uploads)
 * @param awarenessTimeout     a client's awareness state that was not renewed for this long is removed
 * @param compactAfterUpdates  a room's log is compacted into a snapshot after this many appended updates
 * @param roleRecheck          how long a connection's checked role is trusted before the database is asked again
 * @param fsync                force the document log to the storage device at all (false only for tests and throwaway data)
 * @param maxPendingSend       bytes queued for one slow client before its connection is closed
 * @param workerThreads        threads shared by all rooms (each room uses at most one at a time)
 * @param ioThreads            the document server's network threads, which also run small edits of idle rooms
 *                             (see {@link DocumentServer})
 * @param logSync              {@code background}: each round of log appends (all rooms together) is written before it
 *                             is broadcast, so a {@code kill -9} of the server loses nothing any client has seen, and
 *                             forced to the device within {@code logSyncDelay}; {@code before-broadcast}: forced
 *                             before it is broadcast, so a power cut or machine crash loses nothing seen either
 * @param logSyncDelay         with {@code background}, the longest a written round waits to be forced
 */
@ConfigurationProperties("tandem.collab")
public record CollabProperties(DataSize maxMessageSize, DataSize maxDocumentSize, int maxRoomsPerWorkspace,
                               int maxClientsPerRoom, Duration idleUnload, Duration diskWriteDelay, Duration diskWriteMaxDelay,
                               Duration diskPollInterval, Duration awarenessTimeout, int compactAfterUpdates,
                               Duration roleRecheck, Boolean fsync, DataSize maxPendingSend, int workerThreads,
                               int ioThreads, LogSync logSync, Duration logSyncDelay) {

    public CollabProperties {
        maxMessageSize = maxMessageSize == null ? DataSize.ofMegabytes(8) : maxMessageSize;
        maxDocumentSize = maxDocumentSize == null ? DataSize.ofMegabytes(8) : maxDocumentSize;
        maxRoomsPerWorkspace = maxRoomsPerWorkspace <= 0 ? 200 : maxRoomsPerWorkspace;
        maxClientsPerRoom = maxClientsPerRoom <= 0 ? 100 : maxClientsPerRoom;
        idleUnload = idleUnload == null ? Duration.ofSeconds(30) : idleUnload;
        diskWriteDelay = diskWriteDelay == null ? Duration.ofMillis(200) : diskWriteDelay;
        diskWriteMaxDelay = diskWriteMaxDelay == null ? Duration.ofMillis(700) : diskWriteMaxDelay;
        if (diskWriteMaxDelay.compareTo(diskWriteDelay) < 0) {
            throw new IllegalArgumentException("tandem.collab.disk-write-max-delay (" + diskWriteMaxDelay
                    + ") is shorter than tandem.collab.disk-write-delay (" + diskWriteDelay + ")");
        }
        diskPollInterval = diskPollInterval == null ? Duration.ofMillis(500) : diskPollInterval;
        awarenessTimeout = awarenessTimeout == null ? Duration.ofSeconds(30) : awarenessTimeout;
        compactAfterUpdates = compactAfterUpdates <= 0 ? 1000 : compactAfterUpdates;
        roleRecheck = roleRecheck == null ? Duration.ofSeconds(2) : roleRecheck;
        fsync = fsync == null ? Boolean.TRUE : fsync;
        maxPendingSend = maxPendingSend == null ? DataSize.ofMegabytes(32) : maxPendingSend;
        logSync = logSync == null ? LogSync.BACKGROUND : logSync;
        logSyncDelay = logSyncDelay == null ? Duration.ofMillis(100) : logSyncDelay;
        // Room threads no longer wait on fsync (the commit log's writer does, once for all rooms): a few
        // more than the cores cover the disk bridge's reads and writes without idle threads piling up.
        workerThreads = workerThreads <= 0 ? Math.max(4, 2 * Runtime.getRuntime().availableProcessors()) : workerThreads;
        ioThreads = ioThreads <= 0 ? 1 : ioThreads;
    }

    private static final String PREFIX = "tandem.collab.";

    /**
     * These settings as {@code -D} options of the document server's command line, which
     * {@link #fromSystemProperties} reads back: the IDE server binds them from its configuration
     * and hands them on, so there is one place to set them.
     */
    List<String> toSystemProperties() {
        return List.of(
                option("max-message-size", maxMessageSize.toBytes() + "B"),
                option("max-document-size", maxDocumentSize.toBytes() + "B"),
                option("max-rooms-per-workspace", maxRoomsPerWorkspace),
                option("max-clients-per-room", maxClientsPerRoom),
                option("idle-unload", idleUnload),
                option("disk-write-delay", diskWriteDelay),
                option("disk-write-max-delay", diskWriteMaxDelay),
                option("disk-poll-interval", diskPollInterval),
                option("awareness-timeout", awarenessTimeout),
                option("compact-after-updates", compactAfterUpdates),
                option("role-recheck", roleRecheck),
                option("fsync", fsync),
                option("max-pending-send", maxPendingSend.toBytes() + "B"),
                option("worker-threads", workerThreads),
                option("io-threads", ioThreads),
                option("log-sync", logSync.name()),
                option("log-sync-delay", logSyncDelay));
    }

    /** The settings {@link #toSystemProperties} wrote, in the document server's process. */
    static CollabProperties fromSystemProperties(Properties system) {
        return new CollabProperties(
                DataSize.parse(system.getProperty(PREFIX + "max-message-size")),
                DataSize.parse(system.getProperty(PREFIX + "max-document-size")),
                Integer.parseInt(system.getProperty(PREFIX + "max-rooms-per-workspace")),
                Integer.parseInt(system.getProperty(PREFIX + "max-clients-per-room")),
                Duration.parse(system.getProperty(PREFIX + "idle-unload")),
                Duration.parse(system.getProperty(PREFIX + "disk-write-delay")),
                Duration.parse(system.getProperty(PREFIX + "disk-write-max-delay")),
                Duration.parse(system.getProperty(PREFIX + "disk-poll-interval")),
                Duration.parse(system.getProperty(PREFIX + "awareness-timeout")),
                Integer.parseInt(system.getProperty(PREFIX + "compact-after-updates")),
                Duration.parse(system.getProperty(PREFIX + "role-recheck")),
                Boolean.valueOf(system.getProperty(PREFIX + "fsync")),
                DataSize.parse(system.getProperty(PREFIX + "max-pending-send")),
                Integer.parseInt(system.getProperty(PREFIX + "worker-threads")),
                Integer.parseInt(system.getProperty(PREFIX + "io-threads")),
                LogSync.valueOf(system.getProperty(PREFIX + "log-sync")),
                Duration.parse(system.getProperty(PREFIX + "log-sync-delay")));
    }

    private static String option(String name, Object value) {
        return "-D" + PREFIX + name + "=" + value;
    }
}
