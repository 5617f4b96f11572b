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

    private final DataSource dataSource;
    private final Jdbc jdbc;
    private final Clock clock;

    public AuditOutboxStore(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.jdbc = new Jdbc(dataSource);
        this.clock = clock;
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
                for (Pending row : rows) {
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
