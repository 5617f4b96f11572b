package io.roomrelease.bundle.store;

import static io.roomrelease.bundle.store.Database.fromDb;
import static io.roomrelease.bundle.store.Database.toDb;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import io.roomrelease.bundle.policy.StrikesPolicy.Outcome;

/** Shows and no-shows per occurrence of recurring series: the input of the strikes rule. */
public final class SeriesOutcomeStore {

    /**
     * One series of one room with its organizer and its history.
     *
     * @param lastItemId item id of the most recent recorded occurrence, to address the series in EWS
     */
    public record Series(String room, String seriesId, String organizer, String lastItemId, List<Outcome> outcomes) {
    }

    private final Jdbc jdbc;
    private final Clock clock;
    private final AuditStore auditStore;

    public SeriesOutcomeStore(DataSource dataSource, Clock clock) {
        this(dataSource, null, clock);
    }

    /**
     * @param auditStore writes a series decline's audit record (and its outbox row) in the transaction that marks
     *                   the series declined
     */
    public SeriesOutcomeStore(DataSource dataSource, AuditStore auditStore, Clock clock) {
        this.auditStore = auditStore;
        this.jdbc = new Jdbc(dataSource);
        this.clock = clock;
    }

    /** Records (or corrects) what happened at one occurrence; a show always wins over a no-show. */
    public void record(String room, String seriesId, String itemId, Instant occurrenceStart, boolean showed,
                       String organizer) {
        String r = room.toLowerCase(Locale.ROOT);
        String update = showed
                ? "UPDATE series_outcome SET showed = TRUE, recorded_at = ? WHERE room = ? AND series_id = ? "
                        + "AND occurrence_start = ?"
                : "UPDATE series_outcome SET recorded_at = ? WHERE room = ? AND series_id = ? AND occurrence_start = ?";
        if (jdbc.update(update, toDb(clock.instant()), r, seriesId, toDb(occurrenceStart)) > 0) {
            return;
        }
        try {
            jdbc.update("INSERT INTO series_outcome (room, series_id, occurrence_start, showed, item_id, organizer, "
                    + "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)", r, seriesId, toDb(occurrenceStart), showed, itemId,
                    organizer,
                    toDb(clock.instant()));
        } catch (StoreException e) {
            if (!Jdbc.isDuplicateKey(e)) {
                throw e;
            }
            jdbc.update(update, toDb(clock.instant()), r, seriesId, toDb(occurrenceStart));
        }
    }

    /** Every series with recorded outcomes that the room has not declined yet. */
    public List<Series> undeclinedSeries() {
        record Row(String room, String seriesId, String organizer, String itemId, Outcome outcome) {
        }
        List<Row> rows = jdbc.query("SELECT o.room, o.series_id, o.organizer, o.item_id, o.occurrence_start, o.showed "
                + "FROM series_outcome o WHERE NOT EXISTS (SELECT 1 FROM series_declined d "
                + "WHERE d.room = o.room AND d.series_id = o.series_id) "
                + "ORDER BY o.room, o.series_id, o.occurrence_start", rs -> new Row(rs.getString(1), rs.getString(2),
                        rs.getString(3), rs.getString(4),
                        new Outcome(fromDb(rs.getObject(5, OffsetDateTime.class)), rs.getBoolean(6))));
        Map<String, List<Row>> bySeries = new LinkedHashMap<>();
        rows.forEach(row -> bySeries.computeIfAbsent(row.room() + "|" + row.seriesId(), k -> new ArrayList<>()).add(row));
        List<Series> out = new ArrayList<>();
        for (List<Row> series : bySeries.values()) {
            Row last = series.get(series.size() - 1);
            out.add(new Series(last.room(), last.seriesId(), last.organizer(), last.itemId(),
                    series.stream().map(Row::outcome).toList()));
        }
        return out;
    }

    /**
     * Remembers that the room declined the series and appends the decline's audit record (with its outbox row), in
     * one transaction: a crash leaves both or neither.
     */
    public void markDeclined(String room, String seriesId, io.roomrelease.bundle.audit.AuditRecord audit) {
        if (auditStore == null) {
            throw new IllegalStateException("SeriesOutcomeStore was built without an AuditStore");
        }
        String r = room.toLowerCase(Locale.ROOT);
        jdbc.inTransaction("series declined", c -> {
            Jdbc.update(c, "INSERT INTO series_declined (room, series_id, declined_at) SELECT ?, ?, ? WHERE NOT "
                    + "EXISTS (SELECT 1 FROM series_declined WHERE room = ? AND series_id = ?)", r, seriesId,
                    toDb(clock.instant()), r, seriesId);
            auditStore.write(c, audit);
            return null;
        });
    }

    /** Deletes outcomes of occurrences older than the retention; returns how many. */
    public int purgeOlderThan(Duration retention) {
        return jdbc.update("DELETE FROM series_outcome WHERE occurrence_start < ?",
                toDb(clock.instant().minus(retention)));
    }
}
