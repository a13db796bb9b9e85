package dev.tandem.collab;

/**
 * When the document log is forced to the storage device ({@code tandem.collab.log-sync}). Either
 * way an update is written to the log before any client is sent it.
 */
public enum LogSync {
    /**
     * Written (into the operating system's page cache) before the broadcast, so a {@code kill -9} of
     * the server loses nothing any client has seen; forced by another thread within
     * {@code log-sync-delay}, so a power cut or machine crash can lose that last stretch.
     */
    BACKGROUND,
    /** Forced before the broadcast: a power cut or machine crash loses nothing any client has seen either. */
    BEFORE_BROADCAST
}
