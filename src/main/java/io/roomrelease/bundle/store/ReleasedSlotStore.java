package io.roomrelease.bundle.store;

import static io.roomrelease.bundle.store.Database.fromDb;
import static io.roomrelease.bundle.store.Database.toDb;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The booked slot of each release (table {@code released_slot}, Flyway V11): the audit keeps when a meeting was
 * released and its start, this keeps its booked end, so the dashboard can add up the room-hours given back. A slot
 * is written in the transaction of the release's {@code OK} outcome ({@link ReleaseLedgerStore#settle}).
 */
public final class ReleasedSlotStore {

    /** One released occurrence: booked {@code [start, end)}, released at {@code releasedAt}. */
    public record Slot(String room, String itemId, Instant start, Instant end, Instant releasedAt) {
    }

    private static final Logger LOG = LoggerFactory.getLogger("roomrelease.sweep");

    /** Insert-if-absent in one portable statement (H2 2.x, PostgreSQL): a second slot of an occurrence is ignored. */
    private static final String INSERT_IF_ABSENT = "INSERT INTO released_slot (room, item_id, occurrence_start, "
            + "occurrence_end, released_at) SELECT ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM released_slot "
            + "WHERE item_id = ? AND occurrence_start = ?)";

    private final DataSource dataSource;

    public ReleasedSlotStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Records a release's slot once inside the caller's transaction. The slot is for the dashboard only: if it cannot
     * be written, it is rolled back to a savepoint and logged, and the caller's transaction (the release's outcome,
     * its audit record and outbox row) still commits. Returns whether a row was added.
     */
    boolean record(Connection c, Slot slot) throws SQLException {
        Savepoint before = c.setSavepoint();
        try {
            return Jdbc.update(c, INSERT_IF_ABSENT, slot.room().toLowerCase(Locale.ROOT), slot.itemId(),
                    toDb(slot.start()), toDb(slot.end()), toDb(slot.releasedAt()), slot.itemId(),
                    toDb(slot.start())) == 1;
        } catch (SQLException e) {
            c.rollback(before);
            LOG.warn("Could not keep the slot of release {} for the dashboard (the release is recorded): {}",
                    slot.itemId(), e.getMessage());
            return false;
        }
    }

    /** Deletes the slots released before {@code before} (the nightly cleanup); returns how many. */
    public int purgeReleasedBefore(Instant before) {
        return new Jdbc(dataSource).update("DELETE FROM released_slot WHERE released_at < ?", toDb(before));
    }

    /** The slots released in [from, to). */
    public List<Slot> releasedBetween(Instant from, Instant to) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT room, item_id, occurrence_start, occurrence_end,"
                     + " released_at FROM released_slot WHERE released_at >= ? AND released_at < ?")) {
            ps.setObject(1, toDb(from));
            ps.setObject(2, toDb(to));
            List<Slot> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Slot(rs.getString(1), rs.getString(2), fromDb(rs.getObject(3, OffsetDateTime.class)),
                            fromDb(rs.getObject(4, OffsetDateTime.class)),
                            fromDb(rs.getObject(5, OffsetDateTime.class))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("Store read failed (released slots): " + e.getMessage(), e);
        }
    }
}
