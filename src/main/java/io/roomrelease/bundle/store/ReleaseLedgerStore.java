package io.roomrelease.bundle.store;

import static io.roomrelease.bundle.store.Database.fromDb;
import static io.roomrelease.bundle.store.Database.toDb;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import io.roomrelease.bundle.audit.AuditRecord;

/**
 * The durable release ledger ({@code release_ledger}): one row per release key (item id + occurrence start) with the
 * state of that release. A release is claimed ({@code PENDING}, committed) before anything is sent; its outcome is
 * then written together with its audit record, the record's audit outbox row and, for an {@code OK} release, the
 * released slot, in one transaction on one connection: the audit, the outbox and the ledger never disagree, and an
 * outcome is written at most once (the state change is conditional; a second writer waits for the row lock and then
 * changes nothing).
 */
public final class ReleaseLedgerStore {

    /** States of a release. */
    public enum State { PENDING, OK, UNKNOWN, FAILED }

    /** What a claim found. */
    public enum Claim {
        /** The key is ours: send the write. */
        CLAIMED,
        /** Already carried out: never again. */
        DONE,
        /** Another claim is in flight, or an unknown outcome is not settled yet: do nothing now. */
        UNSETTLED
    }

    /** One ledger row. */
    public record Entry(String key, State state, String room, String itemId, Instant occurrenceStart, String action,
                        String organizer, String reason, int attempts, Instant claimedAt) {
    }

    private static final String ENTRY_COLUMNS = "release_key, state, room, item_id, occurrence_start, action, "
            + "organizer, reason, attempts, claimed_at";

    private final Jdbc jdbc;
    private final AuditStore audit;
    private final ReleasedSlotStore slots;
    private final Clock clock;

    /**
     * @param audit where outcomes' audit records (and their outbox rows) go, in the outcome's transaction
     * @param slots where the booked slot of an {@code OK} release goes, in the same transaction
     */
    public ReleaseLedgerStore(DataSource dataSource, AuditStore audit, ReleasedSlotStore slots, Clock clock) {
        this.jdbc = new Jdbc(dataSource);
        this.audit = audit;
        this.slots = slots;
        this.clock = clock;
    }

    /**
     * Claims a key before the write is sent: a new key, or one whose earlier attempt was not carried out
     * ({@code FAILED}), becomes {@code PENDING} (committed when this returns).
     */
    public Claim claim(String key, String room, String itemId, Instant occurrenceStart, String action,
                       String organizer, String reason) {
        Instant now = clock.instant();
        try {
            jdbc.update("INSERT INTO release_ledger (" + ENTRY_COLUMNS + ", updated_at) VALUES (?, 'PENDING', ?, ?, ?,"
                    + " ?, ?, ?, 1, ?, ?)", key, lower(room), itemId, toDb(occurrenceStart), action, organizer, reason,
                    toDb(now), toDb(now));
            return Claim.CLAIMED;
        } catch (StoreException e) {
            if (!Jdbc.isDuplicateKey(e)) {
                throw e;
            }
        }
        if (jdbc.update("UPDATE release_ledger SET state = 'PENDING', attempts = attempts + 1, claimed_at = ?, "
                + "updated_at = ? WHERE release_key = ? AND state = 'FAILED'", toDb(now), toDb(now), key) == 1) {
            return Claim.CLAIMED;
        }
        return find(key).map(e -> e.state() == State.OK ? Claim.DONE : Claim.UNSETTLED).orElse(Claim.UNSETTLED);
    }

    /**
     * Moves a key to {@code to} if it is in one of {@code from} and, in the same transaction, appends {@code record}
     * with its outbox row (if not null) and keeps the released {@code slot} (if not null; see
     * {@link ReleasedSlotStore}). Returns false, writing nothing, when the key was in no state of {@code from} (e.g.
     * already OK). One connection, one commit.
     */
    public boolean settle(String key, State to, AuditRecord record, ReleasedSlotStore.Slot slot, State... from) {
        String in = String.join(", ", Arrays.stream(from).map(s -> "'" + s.name() + "'").toList());
        String sql = "UPDATE release_ledger SET state = ?, updated_at = ? WHERE release_key = ? AND state IN (" + in
                + ")";
        return jdbc.inTransaction("release outcome", c -> {
            if (Jdbc.update(c, sql, to.name(), toDb(clock.instant()), key) != 1) {
                return false;
            }
            if (record != null) {
                audit.write(c, record);
            }
            if (slot != null) {
                slots.record(c, slot);
            }
            return true;
        });
    }

    /** Releases whose outcome is to be settled: {@code UNKNOWN}, and {@code PENDING} claims older than the timeout. */
    public List<Entry> unsettled(Duration pendingTimeout) {
        return jdbc.query("SELECT " + ENTRY_COLUMNS + " FROM release_ledger WHERE state = 'UNKNOWN' "
                + "OR (state = 'PENDING' AND claimed_at < ?) ORDER BY claimed_at", ReleaseLedgerStore::entry,
                toDb(clock.instant().minus(pendingTimeout)));
    }

    /** The row of a key. */
    public java.util.Optional<Entry> find(String key) {
        return jdbc.query("SELECT " + ENTRY_COLUMNS + " FROM release_ledger WHERE release_key = ?",
                ReleaseLedgerStore::entry, key).stream().findFirst();
    }

    /** How many keys are in a state. */
    public long count(State state) {
        return jdbc.query("SELECT COUNT(*) FROM release_ledger WHERE state = ?", rs -> rs.getLong(1), state.name())
                .get(0);
    }

    /** Deletes settled rows ({@code OK}, {@code FAILED}) not changed for longer than the retention; returns how many. */
    public int purgeOlderThan(Duration retention) {
        return jdbc.update("DELETE FROM release_ledger WHERE state IN ('OK', 'FAILED') AND updated_at < ?",
                toDb(clock.instant().minus(retention)));
    }

    private static Entry entry(java.sql.ResultSet rs) throws SQLException {
        return new Entry(rs.getString(1), State.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4),
                fromDb(rs.getObject(5, OffsetDateTime.class)), rs.getString(6), rs.getString(7), rs.getString(8),
                rs.getInt(9), fromDb(rs.getObject(10, OffsetDateTime.class)));
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
