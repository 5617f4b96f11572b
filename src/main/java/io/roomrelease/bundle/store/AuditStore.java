package io.roomrelease.bundle.store;

import static io.roomrelease.bundle.store.Database.fromDb;
import static io.roomrelease.bundle.store.Database.toDb;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import io.roomrelease.bundle.audit.AuditRecord;

/** The append-only audit store: records are added and read, never changed or deleted. */
public final class AuditStore {

    private static final String COLUMNS = "recorded_at, service_account, mailbox, operation, item_id, occurrence_start, "
            + "organizer, reason, detail, result, dry_run, ews_request_id, subject";

    private final Jdbc jdbc;

    public AuditStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** Appends one record. */
    public void append(AuditRecord r) {
        jdbc.update(INSERT, values(r));
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
