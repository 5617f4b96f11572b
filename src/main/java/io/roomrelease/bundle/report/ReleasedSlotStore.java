package io.roomrelease.bundle.report;

import static io.roomrelease.bundle.store.Database.fromDb;
import static io.roomrelease.bundle.store.Database.toDb;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import io.roomrelease.bundle.store.StoreException;

/**
 * The booked slot of each release (table {@code released_slot}, Flyway V11): the audit keeps when a meeting was
 * released and its start, this keeps its booked end, so the dashboard can add up the room-hours given back.
 */
public final class ReleasedSlotStore {

    /** One released occurrence: booked {@code [start, end)}, released at {@code releasedAt}. */
    public record Slot(String room, String itemId, Instant start, Instant end, Instant releasedAt) {
    }

    private final DataSource dataSource;

    public ReleasedSlotStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Records a release's slot once (a second record of the same occurrence is ignored). */
    public void record(Slot slot) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement exists = c.prepareStatement(
                     "SELECT 1 FROM released_slot WHERE item_id = ? AND occurrence_start = ?")) {
            exists.setString(1, slot.itemId());
            exists.setObject(2, toDb(slot.start()));
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO released_slot (room, item_id, occurrence_start,"
                    + " occurrence_end, released_at) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, slot.room().toLowerCase(Locale.ROOT));
                ps.setString(2, slot.itemId());
                ps.setObject(3, toDb(slot.start()));
                ps.setObject(4, toDb(slot.end()));
                ps.setObject(5, toDb(slot.releasedAt()));
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw new StoreException("Store write failed (released slot): " + e.getMessage(), e);
        }
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
