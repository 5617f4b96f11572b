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

/**
 * Shows and no-shows per occurrence of recurring series: the input of the strikes rule; and the ledger of the series
 * declines ({@code series_declined}, one row per room + series). Like the release ledger, a decline is claimed
 * ({@code PENDING}, committed) before the room writes to Exchange, and its outcome is written together with its audit
 * record and the record's outbox row in one transaction, at most once (the state change is conditional).
 */
public final class SeriesOutcomeStore {

    /**
     * One series of one room with its organizer and its history.
     *
     * @param lastItemId   item id of the most recent recorded occurrence, to address the series in EWS
     * @param declineState the state of the series' decline ({@code PENDING}, {@code UNKNOWN}, {@code FAILED}), or null
     *                     when it was never claimed
     */
    public record Series(String room, String seriesId, String organizer, String lastItemId, List<Outcome> outcomes,
                         String declineState) {

        /** Whether an earlier decline of the series has an outcome still to settle ({@code PENDING} or {@code UNKNOWN}). */
        public boolean declineUnsettled() {
            return DeclineState.PENDING.name().equals(declineState) || DeclineState.UNKNOWN.name().equals(declineState);
        }
    }

    /**
     * The states of a series' decline ({@code series_declined.state}, see {@code V12__series_decline_claim.sql}).
     * {@code GONE}: there was nothing to decline, no
     * occurrence of the series is left in the room's calendar (its organizer cancelled or deleted it, or it ended);
     * like {@code OK}, the series is never judged again, but nothing was done on the room's behalf, so no audit record.
     */
    public enum DeclineState { PENDING, OK, UNKNOWN, FAILED, GONE }

    /** What a claim of a series decline found. */
    public enum Claim {
        /** The decline is ours: send it. */
        CLAIMED,
        /**
         * Ours, but an earlier decline's outcome is unknown (a claim older than the timeout, or {@code UNKNOWN}): settle
         * it from the room's calendar before sending anything.
         */
        RECLAIMED,
        /** Already declined, or nothing left to decline ({@code GONE}): never again. */
        DONE,
        /** Another claim is in flight (younger than the timeout): do nothing now. */
        UNSETTLED
    }

    private static final String CLAIM_AGAIN = "UPDATE series_declined SET state = 'PENDING', attempts = attempts + 1, "
            + "claimed_at = ?, declined_at = ? WHERE room = ? AND series_id = ? AND ";

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

    /**
     * Every series with recorded outcomes that the room has not declined yet (no {@code OK} or {@code GONE}), with the state
     * of its decline claim if it has one.
     */
    public List<Series> undeclinedSeries() {
        record Row(String room, String seriesId, String organizer, String itemId, Outcome outcome, String state) {
        }
        List<Row> rows = jdbc.query("SELECT o.room, o.series_id, o.organizer, o.item_id, o.occurrence_start, o.showed, "
                + "d.state FROM series_outcome o LEFT JOIN series_declined d "
                + "ON d.room = o.room AND d.series_id = o.series_id "
                + "WHERE d.state IS NULL OR d.state NOT IN ('OK', 'GONE') "
                + "ORDER BY o.room, o.series_id, o.occurrence_start", rs -> new Row(rs.getString(1), rs.getString(2),
                        rs.getString(3), rs.getString(4),
                        new Outcome(fromDb(rs.getObject(5, OffsetDateTime.class)), rs.getBoolean(6)), rs.getString(7)));
        Map<String, List<Row>> bySeries = new LinkedHashMap<>();
        rows.forEach(row -> bySeries.computeIfAbsent(row.room() + "|" + row.seriesId(), k -> new ArrayList<>()).add(row));
        List<Series> out = new ArrayList<>();
        for (List<Row> series : bySeries.values()) {
            Row last = series.get(series.size() - 1);
            out.add(new Series(last.room(), last.seriesId(), last.organizer(), last.itemId(),
                    series.stream().map(Row::outcome).toList(), last.state()));
        }
        return out;
    }

    /**
     * Claims the decline of a series before it is sent: a series never claimed, or whose earlier decline was not
     * carried out ({@code FAILED}), becomes {@code PENDING} ({@link Claim#CLAIMED}); one whose earlier decline has an
     * unknown outcome ({@code UNKNOWN}, or {@code PENDING} claimed longer than {@code pendingTimeout} ago) is claimed
     * again ({@link Claim#RECLAIMED}: settle it first). Committed when this returns; of two instances claiming at once,
     * one gets the claim.
     */
    public Claim claimDecline(String room, String seriesId, Duration pendingTimeout) {
        String r = room.toLowerCase(Locale.ROOT);
        Instant now = clock.instant();
        try {
            jdbc.update("INSERT INTO series_declined (room, series_id, declined_at, state, attempts, claimed_at) "
                    + "VALUES (?, ?, ?, 'PENDING', 1, ?)", r, seriesId, toDb(now), toDb(now));
            return Claim.CLAIMED;
        } catch (StoreException e) {
            if (!Jdbc.isDuplicateKey(e)) {
                throw e;
            }
        }
        if (jdbc.update(CLAIM_AGAIN + "state = 'FAILED'", toDb(now), toDb(now), r, seriesId) == 1) {
            return Claim.CLAIMED;
        }
        if (reclaimUnknown(room, seriesId, pendingTimeout)) {
            return Claim.RECLAIMED;
        }
        return declineState(room, seriesId).filter(s -> s == DeclineState.OK || s == DeclineState.GONE)
                .map(s -> Claim.DONE).orElse(Claim.UNSETTLED);
    }

    /**
     * Claims again only a decline whose outcome is unknown ({@code UNKNOWN}, or {@code PENDING} claimed longer than
     * {@code pendingTimeout} ago), to settle it; returns whether this caller got it (committed when this returns).
     */
    public boolean reclaimUnknown(String room, String seriesId, Duration pendingTimeout) {
        Instant now = clock.instant();
        return jdbc.update(CLAIM_AGAIN + "(state = 'UNKNOWN' OR (state = 'PENDING' AND claimed_at < ?))", toDb(now),
                toDb(now), room.toLowerCase(Locale.ROOT), seriesId, toDb(now.minus(pendingTimeout))) == 1;
    }

    /**
     * Moves a claimed series decline to {@code to} if it is in one of {@code from} and, in the same transaction,
     * appends {@code audit} with its outbox row (if not null): a crash leaves both or neither. Returns false, writing
     * nothing, when the decline was in no state of {@code from} (e.g. already OK: never a second OK record).
     */
    public boolean settleDecline(String room, String seriesId, DeclineState to,
                                 io.roomrelease.bundle.audit.AuditRecord audit, DeclineState... from) {
        if (audit != null && auditStore == null) {
            throw new IllegalStateException("SeriesOutcomeStore was built without an AuditStore");
        }
        String r = room.toLowerCase(Locale.ROOT);
        String in = String.join(", ", java.util.Arrays.stream(from).map(s -> "'" + s.name() + "'").toList());
        return jdbc.inTransaction("series declined", c -> {
            if (Jdbc.update(c, "UPDATE series_declined SET state = ?, declined_at = ? WHERE room = ? AND series_id = ? "
                    + "AND state IN (" + in + ")", to.name(), toDb(clock.instant()), r, seriesId) != 1) {
                return false;
            }
            if (audit != null) {
                auditStore.write(c, audit);
            }
            return true;
        });
    }

    /**
     * Remembers that the room declined the series: its claim ({@code PENDING} or {@code UNKNOWN}, see
     * {@link #claimDecline}) becomes {@code OK} together with the decline's audit record and its outbox row, in one
     * transaction: a crash leaves both or neither. Returns false, writing nothing, when the claim is no longer in
     * flight (e.g. already OK).
     */
    public boolean markDeclined(String room, String seriesId, io.roomrelease.bundle.audit.AuditRecord audit) {
        return settleDecline(room, seriesId, DeclineState.OK, audit, DeclineState.PENDING, DeclineState.UNKNOWN);
    }

    /** The state of a series' decline, if it was ever claimed. */
    public java.util.Optional<DeclineState> declineState(String room, String seriesId) {
        return jdbc.query("SELECT state FROM series_declined WHERE room = ? AND series_id = ?",
                rs -> DeclineState.valueOf(rs.getString(1)), room.toLowerCase(Locale.ROOT), seriesId).stream()
                .findFirst();
    }

    /** Deletes outcomes of occurrences older than the retention; returns how many. */
    public int purgeOlderThan(Duration retention) {
        return jdbc.update("DELETE FROM series_outcome WHERE occurrence_start < ?",
                toDb(clock.instant().minus(retention)));
    }
}
