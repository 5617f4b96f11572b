package io.roomrelease.bundle.e2e;

import static io.roomrelease.bundle.e2e.SweepEndToEndTest.A;
import static io.roomrelease.bundle.e2e.SweepEndToEndTest.ANN;
import static io.roomrelease.bundle.e2e.SweepEndToEndTest.B;
import static io.roomrelease.bundle.e2e.SweepEndToEndTest.BOB;
import static io.roomrelease.bundle.e2e.SweepEndToEndTest.NINE;
import static io.roomrelease.bundle.e2e.SweepEndToEndTest.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.roomrelease.bundle.TestClock;
import io.roomrelease.bundle.audit.AuditRecord;
import io.roomrelease.bundle.store.ReleaseLedgerStore;
import io.roomrelease.bundle.sweep.SweepReport;
import io.roomrelease.ews.simulator.model.SentMessage;

/**
 * The transactional outbox through the real routes: a release's outcome, its audit record and the record's outbox
 * row commit together or not at all. When the outbox insert fails after Exchange carried the decline out, nothing of
 * the outcome is written (the claim stays PENDING, no audit record; the sweep goes on and reports the outcome as
 * unknown, naming the failed write); the next sweep settles it from the room's
 * calendar as it settles a crash: one OK record, stored and published once, and no second decline.
 */
class TransactionalOutboxEndToEndTest {

    @TempDir
    Path dir;

    @Test
    void anOutboxInsertThatFailsRollsTheOutcomeBackAndTheNextSweepSettlesItOnce() throws Exception {
        TestClock clock = new TestClock(NOW);
        try (BundleFixture f = new BundleFixture(SweepEndToEndTest.twoRooms().build(), clock, dir)) {
            f.set("roomrelease.rooms", A + "," + B).set("roomrelease.guard-min-in-progress", "10")
                    .set("roomrelease.release.pending-timeout-seconds", "30")
                    .set("roomrelease.audit.outbox-poll-ms", "50").start();
            DataSource ds = f.app().context().getRegistry().lookupByNameAndType("dataSource", DataSource.class);
            ReleaseLedgerStore ledger = new ReleaseLedgerStore(ds, f.auditStore(),
                    new io.roomrelease.bundle.store.ReleasedSlotStore(ds), clock);
            String itemOfA = f.simulator.store().calendar(A).get(0).id();
            String keyOfA = itemOfA + "|" + NINE;
            // the database refuses every outbox row of room A (room B's are taken)
            execute(ds, "ALTER TABLE audit_outbox ADD CONSTRAINT test_refuses_room_a CHECK (room <> '" + A + "')");

            SweepReport first = f.app().sweepNow();
            assertThat(first.count(SweepReport.Outcome.UNKNOWN)).as("the sweep goes on; A's outcome is unknown")
                    .isEqualTo(1);
            assertThat(first.count(SweepReport.Outcome.RELEASED)).isEqualTo(1);
            assertThat(first.toWords()).as("naming the store write that failed")
                    .contains("Store write failed (release outcome)");
            assertThat(declinesTo(f, ANN)).as("Exchange carried A's decline out").hasSize(1);
            assertThat(declinesTo(f, BOB)).hasSize(1);
            assertThat(ledger.find(keyOfA)).get().as("A's outcome was rolled back: the claim is still PENDING")
                    .satisfies(e -> assertThat(e.state()).isEqualTo(ReleaseLedgerStore.State.PENDING));
            assertThat(results(f, A)).as("and so was its audit record").isEmpty();
            assertThat(results(f, B)).as("room B's release is recorded").containsExactly(AuditRecord.OK);
            f.assertEveryAuditRecordHasItsOutboxRow();

            execute(ds, "ALTER TABLE audit_outbox DROP CONSTRAINT test_refuses_room_a");
            clock.advance(Duration.ofMinutes(1));
            SweepReport second = f.app().sweepNow();
            assertThat(second.settledCount()).as("the claim older than the timeout, settled from A's calendar")
                    .isEqualTo(1);
            assertThat(ledger.find(keyOfA)).get()
                    .satisfies(e -> assertThat(e.state()).isEqualTo(ReleaseLedgerStore.State.OK));

            clock.advance(Duration.ofMinutes(1));
            f.app().sweepNow();
            assertThat(results(f, A)).as("one OK record, nothing lost, nothing doubled")
                    .containsExactly(AuditRecord.OK);
            assertThat(results(f, B)).containsExactly(AuditRecord.OK);
            assertThat(declinesTo(f, ANN)).as("never a second decline").hasSize(1);
            assertThat(f.assertEveryAuditRecordHasItsOutboxRow()).isEqualTo(2);
            assertThat(publishedOk(f, ds)).as("each OK record published once").containsExactlyInAnyOrder(A, B);
        }
    }

    /**
     * A kill after the default audit endpoint wrote a batch to audit.jsonl but before the relay's commit marked it
     * published, with the last line torn: after the restart the relay sends the whole batch again, and the file ends
     * with each record once, whole.
     */
    @Test
    void aBatchSentAgainAfterACrashIsWrittenToTheAuditFileOnce() throws Exception {
        TestClock clock = new TestClock(NOW);
        try (BundleFixture f = new BundleFixture(SweepEndToEndTest.twoRooms().build(), clock, dir)) {
            f.set("roomrelease.rooms", A + "," + B).set("roomrelease.guard-min-in-progress", "10")
                    .set("roomrelease.audit.outbox-poll-ms", "50").start();
            DataSource ds = f.app().context().getRegistry().lookupByNameAndType("dataSource", DataSource.class);
            f.app().sweepNow();
            assertThat(publishedOk(f, ds)).containsExactlyInAnyOrder(A, B);
            Path jsonl = f.dir.resolve("audit").resolve("audit.jsonl");
            List<String> before = Files.readAllLines(jsonl);

            // the state a kill leaves: the relay's batch not marked, the file's last line torn
            var routes = f.app().context().getRouteController();
            routes.stopRoute("audit-outbox-relay");
            routes.stopRoute("audit-default");
            execute(ds, "UPDATE audit_outbox SET published_at = NULL");
            String whole = String.join("\n", before.subList(0, before.size() - 1)) + "\n";
            Files.writeString(jsonl, whole + before.get(before.size() - 1).substring(0, 25));
            routes.startRoute("audit-default");
            routes.startRoute("audit-outbox-relay");

            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            io.roomrelease.bundle.broker.AuditOutbox outbox = f.app().context().getRegistry()
                    .lookupByNameAndType("auditOutbox", io.roomrelease.bundle.broker.AuditOutbox.class);
            while (outbox.pending() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(outbox.pending()).as("the relay sent the batch again").isZero();
            assertThat(Files.readAllLines(jsonl)).as("each record once, whole, in order").isEqualTo(before);
        }
    }

    /** The rooms of the OK records on the default audit endpoint, once it has every outbox row. */
    private static List<String> publishedOk(BundleFixture f, DataSource ds) throws Exception {
        Path jsonl = f.dir.resolve("audit").resolve("audit.jsonl");
        long rows;
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM audit_outbox")) {
            rs.next();
            rows = rs.getLong(1);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<String> lines = List.of();
        while (System.nanoTime() < deadline) {
            String text = Files.exists(jsonl) ? Files.readString(jsonl) : "";
            lines = text.lines().filter(l -> !l.isBlank()).toList();
            if (lines.size() >= rows && text.endsWith("\n")) { // the writer appends the record, then its new line
                break;
            }
            Thread.sleep(50);
        }
        assertThat(lines).as("every outbox row published, once").hasSize((int) rows);
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<String> ok = new java.util.ArrayList<>();
        for (String l : lines) {
            com.fasterxml.jackson.databind.JsonNode r = json.readTree(l);
            if ("OK".equals(r.path("result").asText())) {
                ok.add(r.path("mailbox").asText());
            }
        }
        return ok;
    }

    private static List<String> results(BundleFixture f, String room) {
        return f.auditStore().find(room, NINE, NOW.plusSeconds(3600), 10).stream().map(AuditRecord::result).toList();
    }

    private static List<SentMessage> declinesTo(BundleFixture f, String organizer) {
        return f.simulator.store().sentMessages(organizer).stream()
                .filter(m -> m.kind() == SentMessage.Kind.DECLINE).toList();
    }

    private static void execute(DataSource ds, String sql) throws Exception {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
