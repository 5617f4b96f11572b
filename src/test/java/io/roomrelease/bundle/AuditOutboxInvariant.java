package io.roomrelease.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.roomrelease.bundle.app.JsonMapper;
import io.roomrelease.bundle.audit.AuditRecord;
import io.roomrelease.bundle.store.Database;

/**
 * The transactional outbox's invariant, read straight from the tables: every {@code audit_record} row has exactly one
 * {@code audit_outbox} row whose JSON payload is that record (and no outbox row holds a record the audit lacks). The
 * store keeps a record as the audit table's columns allow (mailbox in lower case, detail and subject cut to their
 * column sizes, times rounded to microseconds); the payload is the record as it was written, so it is compared after
 * the same normalisation, its time within the microsecond the database rounded to. Nightly reports (outbox rows
 * without an audit record) are left out.
 */
public final class AuditOutboxInvariant {

    private static final ObjectMapper JSON = JsonMapper.create();

    private AuditOutboxInvariant() {
    }

    /** Asserts the invariant; returns the number of audit records checked. */
    public static int assertEveryAuditRecordHasItsOutboxRow(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) {
            return assertEveryAuditRecordHasItsOutboxRow(c);
        }
    }

    /** Asserts the invariant; returns the number of audit records checked. */
    public static int assertEveryAuditRecordHasItsOutboxRow(Connection c) throws SQLException {
        List<AuditRecord> stored = new ArrayList<>();
        List<AuditRecord> outbox = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT recorded_at, service_account, mailbox, operation, item_id, "
                    + "occurrence_start, organizer, reason, detail, result, dry_run, ews_request_id, subject "
                    + "FROM audit_record")) {
                while (rs.next()) {
                    stored.add(new AuditRecord(instant(rs, 1), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), instant(rs, 6), rs.getString(7), rs.getString(8),
                            rs.getString(9), rs.getString(10), rs.getBoolean(11), rs.getString(12),
                            rs.getString(13)));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT room, payload FROM audit_outbox")) {
                while (rs.next()) {
                    JsonNode node = read(rs.getString(2));
                    if (!node.isObject() || !node.has("operation") || !node.has("result")) {
                        continue; // a nightly report
                    }
                    AuditRecord r = treeToRecord(node);
                    assertThat(rs.getString(1)).as("the outbox row's room is the record's mailbox")
                            .isEqualTo(r.mailbox());
                    outbox.add(normalised(r));
                }
            }
        }
        // the same records apart from their times, and each pair's times within a microsecond
        assertThat(outbox.stream().map(AuditOutboxInvariant::timeless).toList())
                .as("one outbox row per audit record, with the record as its JSON payload")
                .containsExactlyInAnyOrderElementsOf(stored.stream().map(AuditOutboxInvariant::timeless).toList());
        java.util.Map<String, List<Instant>> storedTimes = times(stored);
        times(outbox).forEach((record, published) -> {
            List<Instant> kept = storedTimes.get(record);
            for (int i = 0; i < published.size(); i++) {
                assertThat(java.time.Duration.between(kept.get(i), published.get(i)).abs().toNanos())
                        .as("recordedAt of %s: stored %s, published %s", record, kept.get(i), published.get(i))
                        .isLessThanOrEqualTo(1000);
            }
        });
        return stored.size();
    }

    private static String timeless(AuditRecord r) {
        return json(new AuditRecord(null, r.serviceAccount(), r.mailbox(), r.operation(), r.itemId(),
                r.occurrenceStart(), r.organizer(), r.reason(), r.detail(), r.result(), r.dryRun(), r.ewsRequestId(),
                r.subject()));
    }

    private static java.util.Map<String, List<Instant>> times(List<AuditRecord> records) {
        java.util.Map<String, List<Instant>> out = new java.util.HashMap<>();
        records.forEach(r -> out.computeIfAbsent(timeless(r), k -> new ArrayList<>()).add(r.recordedAt()));
        out.values().forEach(java.util.Collections::sort);
        return out;
    }

    private static AuditRecord normalised(AuditRecord r) {
        return new AuditRecord(r.recordedAt(), r.serviceAccount(),
                r.mailbox() == null ? null : r.mailbox().toLowerCase(Locale.ROOT), r.operation(), r.itemId(),
                r.occurrenceStart(), r.organizer(), r.reason(), cut(r.detail(), 2000), r.result(), r.dryRun(),
                r.ewsRequestId(), cut(r.subject(), 500));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return Database.fromDb(rs.getObject(column, OffsetDateTime.class));
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    private static JsonNode read(String payload) {
        try {
            return JSON.readTree(payload);
        } catch (Exception e) {
            throw new AssertionError("An outbox payload is not JSON: " + payload, e);
        }
    }

    private static AuditRecord treeToRecord(JsonNode node) {
        try {
            return JSON.treeToValue(node, AuditRecord.class);
        } catch (Exception e) {
            throw new AssertionError("An outbox payload is not an audit record: " + node, e);
        }
    }

    private static String json(AuditRecord r) {
        try {
            return JSON.writeValueAsString(r);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
