package io.roomrelease.bundle.display;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.roomrelease.bundle.store.Database;

/**
 * Serialises the display actions (book now, extend, end early) per room through the database, so that several
 * instances on one database never act on the same room at once (table {@code display_room_lock}, migration V2).
 *
 * <p>A room's row is a lease: {@link #acquire} claims it with one atomic {@code UPDATE ... WHERE holder IS NULL OR
 * lease_until < now} (auto-commit; no connection is held while the action talks to Exchange, so waiting requests
 * cannot exhaust the pool), retrying with a short randomised back-off for at most {@code lockWait}, then answers 409.
 * The lease is released by an on-completion hook of the exchange, whatever happens; a crashed instance's lease runs
 * out after {@code lease}.
 *
 * <p><b>Races answer 409.</b> The lease also records when the last display write on the room happened. A request that
 * arrived no later than that write raced with it (two displays, a double tap, two instances) and is refused with 409
 * instead of being applied on top: 50 identical "extend by 15 minutes" sent at once extend the meeting once.
 */
public final class DisplayRoomLocks {

    private static final Logger LOG = LoggerFactory.getLogger(DisplayRoomLocks.class);

    /** Exchange property: the lease this exchange holds (its holder id). */
    static final String HOLDER = "roomReleaseDisplayLock";
    /** Exchange property: the room the lease is on. */
    static final String ROOM = "roomReleaseDisplayLockRoom";
    /** Exchange property: the action written to Exchange under the lease (set by {@link #wrote}). */
    static final String WROTE = "roomReleaseDisplayWrote";

    private final DataSource dataSource;
    private final Map<String, Semaphore> localLocks = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration lockWait;
    private final Duration lease;

    public DisplayRoomLocks(DataSource dataSource, Clock clock, Duration lockWait, Duration lease) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.lockWait = lockWait;
        this.lease = lease;
    }

    /**
     * Takes the room's lease for this exchange, released when the exchange completes.
     *
     * @throws RoomBusyException (409) when the lease is not free within the wait, or when another display write on the
     *                           room happened since this request arrived
     */
    public void acquire(Exchange exchange) {
        String room = exchange.getIn().getHeader("room", String.class);
        if (room == null || room.isBlank()) {
            throw new InvalidRequestException("room", "room is required");
        }
        room = room.trim().toLowerCase(Locale.ROOT);
        Instant arrived = clock.instant();
        String holder = exchange.getExchangeId();
        long deadline = System.nanoTime() + lockWait.toNanos();
        // waiters of this instance queue on a local semaphore, so that only one of them at a time asks the database
        Semaphore local = localLocks.computeIfAbsent(room, r -> new Semaphore(1, true));
        try {
            if (!local.tryAcquire(lockWait.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new RoomBusyException("Another display action on " + room + " is still running; try again");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RoomBusyException("Interrupted while waiting for the room's display lock");
        }
        long backOffMillis = 5;
        try {
            while (!claim(room, holder)) {
                if (System.nanoTime() >= deadline) {
                    throw new RoomBusyException("Another display action on " + room + " is still running; try again");
                }
                sleep(ThreadLocalRandom.current().nextLong(backOffMillis / 2, backOffMillis + 1));
                backOffMillis = Math.min(50, backOffMillis * 2);
            }
        } catch (SQLException e) {
            local.release();
            throw new IllegalStateException("The display lock of " + room + " could not be taken: " + e.getMessage(),
                    e);
        } catch (RuntimeException e) {
            local.release();
            throw e;
        }
        String lockedRoom = room;
        exchange.setProperty(HOLDER, holder);
        exchange.setProperty(ROOM, room);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                try {
                    release(lockedRoom, holder, done.getProperty(WROTE, String.class));
                } finally {
                    local.release();
                }
            }
        });
        Instant lastAction = lastActionAt(room);
        if (lastAction != null && !lastAction.isBefore(arrived)) {
            throw new RoomBusyException("The room " + room + " was changed by another display action while this "
                    + "request waited; read the room again and retry if still needed");
        }
    }

    /** Marks that this exchange wrote to Exchange under the lease (later requests that raced with it get 409). */
    public void wrote(Exchange exchange, String action) {
        exchange.setProperty(WROTE, action);
    }

    private boolean claim(String room, String holder) throws SQLException {
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            if (claimRow(c, room, holder, now) == 1) {
                return true;
            }
            if (!exists(c, room)) {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO display_room_lock (room) VALUES (?)")) {
                    ps.setString(1, room);
                    ps.executeUpdate();
                } catch (SQLException e) {
                    if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
                        throw e;
                    }
                    // another request created the row first
                }
                return claimRow(c, room, holder, now) == 1;
            }
            return false;
        }
    }

    private int claimRow(Connection c, String room, String holder, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE display_room_lock SET holder = ?, lease_until = ?"
                + " WHERE room = ? AND (holder IS NULL OR lease_until < ?)")) {
            ps.setString(1, holder);
            ps.setObject(2, Database.toDb(now.plus(lease)));
            ps.setString(3, room);
            ps.setObject(4, Database.toDb(now));
            return ps.executeUpdate();
        }
    }

    private static boolean exists(Connection c, String room) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM display_room_lock WHERE room = ?")) {
            ps.setString(1, room);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private Instant lastActionAt(String room) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT last_action_at FROM display_room_lock WHERE room = ?")) {
            ps.setString(1, room);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Database.fromDb(rs.getObject(1)) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The display lock of " + room + " could not be read: " + e.getMessage(), e);
        }
    }

    private void release(String room, String holder, String wroteAction) {
        String sql = wroteAction == null
                ? "UPDATE display_room_lock SET holder = NULL, lease_until = NULL WHERE room = ? AND holder = ?"
                : "UPDATE display_room_lock SET holder = NULL, lease_until = NULL, last_action_at = ?, last_action = ?"
                  + " WHERE room = ? AND holder = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            c.setAutoCommit(true);
            int i = 1;
            if (wroteAction != null) {
                ps.setObject(i++, Database.toDb(clock.instant()));
                ps.setString(i++, wroteAction);
            }
            ps.setString(i++, room);
            ps.setString(i, holder);
            if (ps.executeUpdate() == 0) {
                LOG.warn("The display lock of {} had expired before its action finished (lease {}); raise"
                        + " roomrelease.display.lock-lease-seconds if Exchange is this slow", room, lease);
            }
        } catch (SQLException e) {
            LOG.error("The display lock of {} could not be released; it frees itself after {}: {}", room, lease,
                    e.getMessage());
        }
    }

    private static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(Math.max(1, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RoomBusyException("Interrupted while waiting for the room's display lock");
        }
    }
}
