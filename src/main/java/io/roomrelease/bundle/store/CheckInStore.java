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

/**
 * Durable check-ins. A check-in is stored as received (room, time, source), before anything talks to Exchange; the
 * sweep matches it to a meeting by time ({@link io.roomrelease.bundle.policy.CheckInMatcher}). Rows written by
 * earlier versions also name the occurrence they were matched to.
 */
public final class CheckInStore {

    private static final String SELECT = "SELECT room, item_id, occurrence_start, checked_in_at, source FROM checkin ";
    /** Longest source kept: the column's width. */
    public static final int MAX_SOURCE = 200;

    private final Jdbc jdbc;
    private final Clock clock;

    public CheckInStore(DataSource dataSource, Clock clock) {
        this.jdbc = new Jdbc(dataSource);
        this.clock = clock;
    }

    /** Stores a check-in as received (or matched, naming its occurrence). {@code seriesId} may be null. */
    public void record(CheckIn checkIn, String seriesId) {
        String source = checkIn.source() == null || checkIn.source().isBlank() ? "unknown" : checkIn.source();
        jdbc.update("INSERT INTO checkin (room, item_id, series_id, occurrence_start, checked_in_at, source) "
                        + "VALUES (?, ?, ?, ?, ?, ?)",
                checkIn.room().toLowerCase(Locale.ROOT), checkIn.itemId(), seriesId,
                checkIn.occurrenceStart() == null ? null : toDb(checkIn.occurrenceStart()),
                toDb(checkIn.at()), source.length() > MAX_SOURCE ? source.substring(0, MAX_SOURCE) : source);
    }

    /** Stores a check-in as received. */
    public void receive(CheckIn checkIn) {
        record(checkIn, null);
    }

    /**
     * Every room's check-ins that may count for an occurrence starting in [from, to), one query: matched ones of such
     * an occurrence, and received ones whose time lies in such an occurrence's check-in window, {@code opensBefore}
     * before its start to {@code closesAfter} after it.
     */
    public List<CheckIn> mayCountFor(Instant from, Instant to, Duration opensBefore, Duration closesAfter) {
        return jdbc.query(SELECT + "WHERE (occurrence_start >= ? AND occurrence_start < ?) "
                        + "OR (occurrence_start IS NULL AND checked_in_at >= ? AND checked_in_at < ?) "
                        + "ORDER BY checked_in_at",
                CheckInStore::row, toDb(from), toDb(to), toDb(from.minus(opensBefore)), toDb(to.plus(closesAfter)));
    }

    /** One room's check-ins that may count for an occurrence starting in [from, to); see the all-rooms variant. */
    public List<CheckIn> mayCountFor(String room, Instant from, Instant to, Duration opensBefore,
                                     Duration closesAfter) {
        return jdbc.query(SELECT + "WHERE room = ? AND ((occurrence_start >= ? AND occurrence_start < ?) "
                        + "OR (occurrence_start IS NULL AND checked_in_at >= ? AND checked_in_at < ?)) "
                        + "ORDER BY checked_in_at",
                CheckInStore::row, room.toLowerCase(Locale.ROOT), toDb(from), toDb(to), toDb(from.minus(opensBefore)),
                toDb(to.plus(closesAfter)));
    }

    /** One room's check-ins that happened in [from, to), matched or not. */
    public List<CheckIn> receivedBetween(String room, Instant from, Instant to) {
        return jdbc.query(SELECT + "WHERE room = ? AND checked_in_at >= ? AND checked_in_at < ? ORDER BY checked_in_at",
                CheckInStore::row, room.toLowerCase(Locale.ROOT), toDb(from), toDb(to));
    }

    private static CheckIn row(java.sql.ResultSet rs) throws java.sql.SQLException {
        OffsetDateTime start = rs.getObject(3, OffsetDateTime.class);
        return new CheckIn(rs.getString(1), rs.getString(2), start == null ? null : fromDb(start),
                fromDb(rs.getObject(4, OffsetDateTime.class)), rs.getString(5));
    }

    /** Deletes check-ins recorded longer ago than the retention (matched or not); returns how many. */
    public int purgeOlderThan(Duration retention) {
        return jdbc.update("DELETE FROM checkin WHERE checked_in_at < ?", toDb(clock.instant().minus(retention)));
    }
}
