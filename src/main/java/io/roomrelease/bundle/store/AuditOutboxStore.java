package io.roomrelease.bundle.store;

import static io.roomrelease.bundle.store.Database.toDb;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

/**
 * The audit outbox (table {@code audit_outbox}): what is to be published on the audit endpoint waits here until the
 * endpoint has it. An audit record's row is written by {@link AuditStore}, in the transaction of the record (and of
 * the state change it records); {@link #add} is for what has no audit row (nightly reports). {@link #publishPending}
 * hands rows to the publisher oldest first inside one transaction that holds them ({@code SELECT ... FOR UPDATE}),
 * and marks them published in that transaction only after the publisher returned: several instances on one database
 * publish one after another, in id order.
 *
 * <p>Ids are taken when a row is inserted, but a row becomes visible only when its transaction commits, so a row can
 * be visible while a lower id is not yet (its transaction is still open) - publishing past it would publish a room's
 * records out of order. A hole in the ids therefore holds back the rows after it until the hole fills (its
 * transaction committed) or {@code gapWait} has passed since the relay first saw it (its transaction rolled back:
 * ids are not reused, the hole stays).
 */
public final class AuditOutboxStore {

    /** One record waiting to be published. */
    public record Pending(long id, String room, String payload) {
    }

    /** Sends one record; throws when the endpoint did not take it. */
    @FunctionalInterface
    public interface Publisher {
        void publish(Pending record) throws Exception;
    }

    /**
     * What one call of {@link #publishPending} did.
     *
     * @param published records sent and marked published
     * @param failure   why the next record could not be sent (null: none failed)
     */
    public record Result(int published, Exception failure) {
    }

    /** How long a hole in the ids holds back the rows after it: far longer than any audited transaction. */
    public static final java.time.Duration GAP_WAIT = java.time.Duration.ofSeconds(5);

    private final DataSource dataSource;
    private final Jdbc jdbc;
    private final Clock clock;
    private final java.time.Duration gapWait;
    /** Holes seen (their lowest missing id) and when the relay first saw each ({@code System.nanoTime}). */
    private final java.util.concurrent.ConcurrentSkipListMap<Long, Long> holesSeen =
            new java.util.concurrent.ConcurrentSkipListMap<>();
    /** Missing ids given up on (rolled back): they hold nothing back any more. */
    private final java.util.concurrent.ConcurrentSkipListSet<Long> holesPassed =
            new java.util.concurrent.ConcurrentSkipListSet<>();

    public AuditOutboxStore(DataSource dataSource, Clock clock) {
        this(dataSource, clock, GAP_WAIT);
    }

    /**
     * @param gapWait how long a hole in the ids holds back the rows after it (see the class comment); measured in
     *                elapsed time, not on {@code clock}: it waits for other transactions, not for the business day
     */
    public AuditOutboxStore(DataSource dataSource, Clock clock, java.time.Duration gapWait) {
        this.dataSource = dataSource;
        this.jdbc = new Jdbc(dataSource);
        this.clock = clock;
        this.gapWait = gapWait;
    }

    /** Adds a record to publish; {@code room} may be null (e.g. a nightly report). */
    public void add(String room, String payload) {
        jdbc.update(INSERT, values(room, payload, clock.instant()));
    }

    /** The outbox row of one record (also written by {@link AuditStore} in the transaction of its audit row). */
    static final String INSERT = "INSERT INTO audit_outbox (room, payload, created_at) VALUES (?, ?, ?)";

    /** The parameters of {@link #INSERT}. */
    static Object[] values(String room, String payload, java.time.Instant createdAt) {
        return new Object[] {room, payload, toDb(createdAt)};
    }

    /**
     * Publishes up to {@code batch} waiting records, oldest first, and marks those the publisher took. Stops at the
     * first record the publisher refuses: it and everything after it stay waiting, in order.
     */
    public Result publishPending(int batch, Publisher publisher) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                List<Pending> rows = new ArrayList<>();
                try (PreparedStatement ps = Jdbc.prepare(c, "SELECT id, room, payload FROM audit_outbox "
                        + "WHERE published_at IS NULL ORDER BY id FETCH FIRST " + batch + " ROWS ONLY FOR UPDATE");
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Pending(rs.getLong(1), rs.getString(2), rs.getString(3)));
                    }
                }
                List<Long> sent = new ArrayList<>();
                Exception failure = null;
                long previous = rows.isEmpty() ? 0 : highestIdBelow(c, rows.get(0).id());
                for (Pending row : rows) {
                    if (previous > 0 && heldBack(previous, row.id())) {
                        break; // a lower id may still commit: the rest waits for the next poll
                    }
                    previous = row.id();
                    try {
                        publisher.publish(row);
                    } catch (Exception e) {
                        failure = e;
                        break;
                    }
                    sent.add(row.id());
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE audit_outbox SET published_at = ? WHERE id = ?")) {
                    for (Long id : sent) {
                        ps.setObject(1, toDb(clock.instant()));
                        ps.setLong(2, id);
                        ps.addBatch();
                    }
                    if (!sent.isEmpty()) {
                        ps.executeBatch();
                    }
                }
                c.commit();
                return new Result(sent.size(), failure);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new StoreException("Store write failed (audit outbox): " + e.getMessage(), e);
        }
    }

    /** The highest id below {@code id} that is visible (committed), or 0; forgets the holes below it. */
    private long highestIdBelow(Connection c, long id) throws SQLException {
        long below = 0;
        try (PreparedStatement ps = Jdbc.prepare(c, "SELECT MAX(id) FROM audit_outbox WHERE id < ?", id);
             ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                below = rs.getLong(1);
            }
        }
        holesSeen.headMap(below).clear();
        holesPassed.headSet(below).clear();
        return below;
    }

    /**
     * Whether the row {@code id}, following the visible row {@code previous}, must wait: the ids between them are not
     * visible, the relay first saw that hole less than {@code gapWait} ago, and it has not been given up on. A hole
     * is known by its lowest missing id.
     */
    private boolean heldBack(long previous, long id) {
        long first = previous + 1;
        if (first >= id || holesPassed.contains(first)) {
            return false;
        }
        long now = System.nanoTime();
        long seen = holesSeen.computeIfAbsent(first, k -> now);
        if (now - seen < gapWait.toNanos()) {
            return true;
        }
        holesPassed.add(first); // rolled back (ids are not reused): it holds nothing back any more
        holesSeen.remove(first);
        return false;
    }

    /** How many records wait to be published. */
    public long pending() {
        return jdbc.query("SELECT COUNT(*) FROM audit_outbox WHERE published_at IS NULL", rs -> rs.getLong(1)).get(0);
    }

    /** Deletes published records published before {@code before}; returns how many. */
    public int purgePublished(java.time.Instant before) {
        return jdbc.update("DELETE FROM audit_outbox WHERE published_at IS NOT NULL AND published_at < ?",
                toDb(before));
    }
}
