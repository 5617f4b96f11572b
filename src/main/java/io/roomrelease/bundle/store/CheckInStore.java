package io.roomrelease.bundle.store;

import static io.roomrelease.bundle.store.Database.fromDb;
import static io.roomrelease.bundle.store.Database.toDb;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import io.roomrelease.bundle.policy.CheckIn;

/** Durable check-ins, by room and occurrence start. */
public final class CheckInStore {

    private static final String SELECT = "SELECT room, item_id, occurrence_start, checked_in_at, source FROM checkin ";

    private final Jdbc jdbc;
    private final Clock clock;

    public CheckInStore(DataSource dataSource, Clock clock) {
        this.jdbc = new Jdbc(dataSource);
        this.clock = clock;
    }

    /** Records a check-in. {@code seriesId} may be null for single meetings. */
    public void record(CheckIn checkIn, String seriesId) {
        jdbc.update("INSERT INTO checkin (room, item_id, series_id, occurrence_start, checked_in_at, source) "
                        + "VALUES (?, ?, ?, ?, ?, ?)",
                checkIn.room().toLowerCase(Locale.ROOT), checkIn.itemId(), seriesId, toDb(checkIn.occurrenceStart()),
                toDb(checkIn.at()), checkIn.source() == null ? "unknown" : checkIn.source());
    }

    /** Check-ins of every room for occurrences starting in [from, to), one query. */
    public List<CheckIn> between(Instant from, Instant to) {
        return jdbc.query(SELECT + "WHERE occurrence_start >= ? AND occurrence_start < ? ORDER BY checked_in_at",
                CheckInStore::row, toDb(from), toDb(to));
    }

    /** Check-ins of a room for occurrences starting in [from, to). */
    public List<CheckIn> forRoom(String room, Instant from, Instant to) {
        return jdbc.query(SELECT + "WHERE room = ? AND occurrence_start >= ? AND occurrence_start < ? "
                        + "ORDER BY checked_in_at",
                CheckInStore::row, room.toLowerCase(Locale.ROOT), toDb(from), toDb(to));
    }

    private static CheckIn row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new CheckIn(rs.getString(1), rs.getString(2), fromDb(rs.getObject(3, OffsetDateTime.class)),
                fromDb(rs.getObject(4, OffsetDateTime.class)), rs.getString(5));
    }

    /** Deletes check-ins recorded longer ago than the retention; returns how many. */
    public int purgeOlderThan(Duration retention) {
        return jdbc.update("DELETE FROM checkin WHERE checked_in_at < ?", toDb(clock.instant().minus(retention)));
    }
}
