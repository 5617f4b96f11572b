package io.roomrelease.bundle.store;

import static io.roomrelease.bundle.store.Database.fromDb;
import static io.roomrelease.bundle.store.Database.toDb;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.roomrelease.bundle.audit.AuditRecord;

/**
 * The append-only audit store: records are added and read, never changed or deleted. Each record is written together
 * with its audit outbox row (the record as JSON, to be published on the audit endpoint) in one transaction: the
 * transactional outbox. A state change that a record audits (a release's outcome, a warning's outcome) writes both
 * in its own transaction through {@link #write(Connection, AuditRecord)}, so a record is stored and published, or
 * neither, together with the change it records.
 */
public final class AuditStore {

    private static final String COLUMNS = "recorded_at, service_account, mailbox, operation, item_id, occurrence_start, "
            + "organizer, reason, detail, result, dry_run, ews_request_id, subject";

    private final Jdbc jdbc;
    private final ObjectMapper json;
    private final Clock clock;

    /**
     * @param json the mapper the audit outbox publishes with: a record's outbox payload is
     *             {@code json.writeValueAsString(record)}, as for anything sent to {@code direct:audit-publish}
     */
    public AuditStore(DataSource dataSource, ObjectMapper json, Clock clock) {
        this.jdbc = new Jdbc(dataSource);
        this.json = json;
        this.clock = clock;
    }

    /** Appends one record and its outbox row, in one transaction. */
    public void append(AuditRecord r) {
        jdbc.inTransaction("audit record", c -> {
            write(c, r);
            return null;
        });
    }

    /**
     * Writes a record and its outbox row on the caller's connection, inside the caller's transaction (the caller
     * commits or rolls back both, with its own change).
     */
    void write(Connection c, AuditRecord r) throws SQLException {
        String payload;
        try {
            payload = json.writeValueAsString(r);
        } catch (JsonProcessingException e) {
            throw new StoreException("The audit record cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
        Jdbc.update(c, INSERT, values(r));
        Jdbc.update(c, AuditOutboxStore.INSERT, AuditOutboxStore.values(r.mailbox(), payload, clock.instant()));
    }

    static final String INSERT = "INSERT INTO audit_record (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** The parameters of {@link #INSERT} for a record. */
    static Object[] values(AuditRecord r) {
        return new Object[] {toDb(r.recordedAt()), r.serviceAccount(), lower(r.mailbox()), r.operation(), r.itemId(),
                toDb(r.occurrenceStart()), r.organizer(), r.reason(), truncate(r.detail(), 2000), r.result(),
                r.dryRun(), r.ewsRequestId(), truncate(r.subject(), 500)};
    }

    /** How many records have this result (e.g. {@code OK}). */
    public long count(String result) {
        return jdbc.query("SELECT COUNT(*) FROM audit_record WHERE result = ?", rs -> rs.getLong(1), result).get(0);
    }

    /**
     * Records in [from, to), oldest first, optionally of one room.
     *
     * @param room null for every room
     */
    public List<AuditRecord> find(String room, Instant from, Instant to, int limit) {
        String sql = "SELECT " + COLUMNS + " FROM audit_record WHERE recorded_at >= ? AND recorded_at < ?"
                + (room == null ? "" : " AND mailbox = ?") + " ORDER BY recorded_at, id LIMIT " + Math.max(1, limit);
        Object[] params = room == null ? new Object[] {toDb(from), toDb(to)}
                : new Object[] {toDb(from), toDb(to), lower(room)};
        return jdbc.query(sql, rs -> new AuditRecord(
                fromDb(rs.getObject(1, OffsetDateTime.class)), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), fromDb(rs.getObject(6, OffsetDateTime.class)), rs.getString(7), rs.getString(8),
                rs.getString(9), rs.getString(10), rs.getBoolean(11), rs.getString(12), rs.getString(13)), params);
    }

    /** How many records there are in total. */
    public long count() {
        return jdbc.query("SELECT COUNT(*) FROM audit_record", rs -> rs.getLong(1)).get(0);
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
