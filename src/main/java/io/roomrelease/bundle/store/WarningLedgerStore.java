package io.roomrelease.bundle.store;

import static io.roomrelease.bundle.store.Database.toDb;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import javax.sql.DataSource;

import io.roomrelease.bundle.audit.AuditRecord;

/**
 * The durable record of warnings before release ({@code organizer_warning}, migration V7): one row per occurrence,
 * claimed before the message is sent, so that each organizer is warned at most once per occurrence across restarts
 * and instances. The outcome is written together with its audit record and the record's outbox row in one
 * transaction.
 */
public final class WarningLedgerStore {

    /** States of a warning. */
    public enum State { PENDING, SENT, UNKNOWN, FAILED }

    private final Jdbc jdbc;
    private final AuditStore audit;
    private final Clock clock;

    /** @param audit where outcomes' audit records (and their outbox rows) go, in the outcome's transaction */
    public WarningLedgerStore(DataSource dataSource, AuditStore audit, Clock clock) {
        this.jdbc = new Jdbc(dataSource);
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Claims the warning of an occurrence before it is sent: true for a new key, or one whose earlier attempt Exchange
     * refused ({@code FAILED}); false when it was sent, is on its way, or its outcome is unknown.
     */
    public boolean claim(String key, String room, String itemId, Instant occurrenceStart, String organizer) {
        Instant now = clock.instant();
        try {
            jdbc.update("INSERT INTO organizer_warning (warning_key, state, room, item_id, occurrence_start, organizer, "
                    + "attempts, claimed_at, updated_at) VALUES (?, 'PENDING', ?, ?, ?, ?, 1, ?, ?)", key,
                    room.toLowerCase(Locale.ROOT), itemId, toDb(occurrenceStart), organizer, toDb(now), toDb(now));
            return true;
        } catch (StoreException e) {
            if (!Jdbc.isDuplicateKey(e)) {
                throw e;
            }
        }
        return jdbc.update("UPDATE organizer_warning SET state = 'PENDING', attempts = attempts + 1, claimed_at = ?, "
                + "updated_at = ? WHERE warning_key = ? AND state = 'FAILED'", toDb(now), toDb(now), key) == 1;
    }

    /**
     * Moves a claimed ({@code PENDING}) key to {@code to} and appends its audit record with its outbox row in the same
     * transaction. Returns false, writing nothing, when the key was not {@code PENDING}.
     */
    public boolean settle(String key, State to, AuditRecord record) {
        return jdbc.inTransaction("warning outcome", c -> {
            if (Jdbc.update(c, "UPDATE organizer_warning SET state = ?, updated_at = ? WHERE warning_key = ? "
                    + "AND state = 'PENDING'", to.name(), toDb(clock.instant()), key) != 1) {
                return false;
            }
            if (record != null) {
                audit.write(c, record);
            }
            return true;
        });
    }

    /** The state of a key, if it was ever claimed. */
    public Optional<State> state(String key) {
        return jdbc.query("SELECT state FROM organizer_warning WHERE warning_key = ?", rs -> State.valueOf(rs.getString(1)),
                key).stream().findFirst();
    }

    /** Deletes rows not changed for longer than the retention; returns how many. */
    public int purgeOlderThan(Duration retention) {
        return jdbc.update("DELETE FROM organizer_warning WHERE updated_at < ?", toDb(clock.instant().minus(retention)));
    }
}
