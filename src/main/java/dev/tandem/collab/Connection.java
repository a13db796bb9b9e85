package dev.tandem.collab;

import dev.tandem.workspace.Role;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's websocket in one room: who it is, its role (re-checked from time to time), and an
 * outgoing queue sent asynchronously, so that a
 * slow client never holds up its room's thread; a client that falls too far behind is disconnected.
 */
final class Connection {

    private static final Logger log = LoggerFactory.getLogger(Connection.class);

    /**
     * Close codes of our own. y-websocket clients treat 4400-4499 as final (no reconnecting), like
     * HTTP 4xx: the file moved ({@code moved:<new path>}; the IDE reopens it there), was deleted,
     * the user is no longer a member, or the file is not text.
     */
    static final int CLOSE_MOVED = 4410;
    static final int CLOSE_DELETED = 4404;
    static final int CLOSE_FORBIDDEN = 4403;
    static final int CLOSE_NOT_TEXT = 4415;

    private final ClientSocket socket;
    private final String username;
    private final RoomKey key;
    private final long maxPendingSend;

    private volatile Room room;
    private volatile Role role;
    private volatile long roleCheckedAt;
    private boolean toldReadOnly;

    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private long queuedBytes;
    /** Told when the frame in flight went out; one per connection, not one per frame. */
    private final ClientSocket.Sent onSent = this::sent;
    private boolean inFlight;
    private int inFlightBytes;
    private boolean inSendCall;
    private boolean closed;
    private CloseReason closeWhenDrained;

    Connection(ClientSocket socket, String username, RoomKey key, Role role, long now, long maxPendingSend) {
        this.socket = socket;
        this.username = username;
        this.key = key;
        this.role = role;
        this.roleCheckedAt = now;
        this.maxPendingSend = maxPendingSend;
    }

    Room room() {
        return room;
    }

    void joined(Room joined) {
        room = joined;
    }

    String username() {
        return username;
    }

    RoomKey key() {
        return key;
    }

    Role role() {
        return role;
    }

    long roleCheckedAt() {
        return roleCheckedAt;
    }

    void roleChecked(Role current, long now) {
        role = current;
        roleCheckedAt = now;
    }

    /** True the first time a refused update is seen, so the client is told once, not per keystroke. */
    boolean firstRefusal() {
        boolean first = !toldReadOnly;
        toldReadOnly = true;
        return first;
    }

    /** Queues a frame; sending happens asynchronously, in order. */
    void send(byte[] frame) {
        CloseReason closeNow;
        synchronized (this) {
            if (closed || closeWhenDrained != null) {
                return;
            }
            queuedBytes += frame.length;
            if (queuedBytes > maxPendingSend) {
                queue.clear();
                closed = true;
                closeNow = new CloseReason(CloseReason.POLICY_VIOLATION,
                        "Too slow: more than " + maxPendingSend + " bytes waiting");
            } else {
                queue.add(frame);
                pump();
                closeNow = drainedClose();
            }
        }
        if (closeNow != null) {
            closeNow(closeNow);
        }
    }

    /** Sends queued frames one at a time (the socket takes one outstanding send). Holds the lock. */
    private void pump() {
        while (!inFlight && !closed && !queue.isEmpty()) {
            byte[] next = queue.poll();
            inFlight = true;
            inFlightBytes = next.length;
            inSendCall = true;
            try {
                socket.send(next, onSent);
            } catch (RuntimeException e) {
                inFlight = false;
                closed = true;
                log.debug("Sending to {} failed", username, e);
            } finally {
                inSendCall = false;
            }
        }
    }

    /** The pending close, once everything queued before it has gone out. Holds the lock. */
    private CloseReason drainedClose() {
        if (closeWhenDrained == null || inFlight || !queue.isEmpty() || closed) {
            return null;
        }
        closed = true;
        return closeWhenDrained;
    }

    private void sent(boolean ok) {
        CloseReason closeNow;
        synchronized (this) {
            queuedBytes -= inFlightBytes;
            inFlight = false;
            if (!ok) {
                closed = true;
                queue.clear();
                return;
            }
            if (inSendCall) {
                return;
            }
            pump();
            closeNow = drainedClose();
        }
        if (closeNow != null) {
            closeNow(closeNow);
        }
    }

    /** Closes after the frames already queued have been sent: the close reason follows the last message. */
    void close(CloseReason status) {
        synchronized (this) {
            if (closed || closeWhenDrained != null) {
                return;
            }
            if (inFlight || !queue.isEmpty()) {
                closeWhenDrained = status;
                return;
            }
            closed = true;
        }
        closeNow(status);
    }

    private void closeNow(CloseReason status) {
        socket.close(status);
    }

    @Override
    public String toString() {
        return username + "@" + key;
    }
}
