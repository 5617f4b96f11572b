package io.roomrelease.bundle.e2e;

import static io.roomrelease.bundle.e2e.SweepEndToEndTest.A;
import static io.roomrelease.bundle.e2e.SweepEndToEndTest.ANN;
import static io.roomrelease.bundle.e2e.SweepEndToEndTest.B;
import static io.roomrelease.bundle.e2e.SweepEndToEndTest.BOB;
import static io.roomrelease.bundle.e2e.SweepEndToEndTest.NINE;
import static io.roomrelease.bundle.e2e.SweepEndToEndTest.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
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
 * DESIGN §2 "Outcomes": a release whose outcome cannot be known from the reply is audited {@code UNKNOWN}, never
 * {@code FAILED} and never resent blindly; the next sweep reads the room and writes the final record under the same
 * key. Exchange sees exactly one decline.
 */
class UnknownOutcomeEndToEndTest {

    @TempDir
    Path dir;

    @Test
    void unreadableReplyToADeclineIsUnknownThenSettledAsOneOkRecord() throws Exception {
        assertUnknownThenSettled(f -> f.simulator.faults().unreadableReplyAfterExecution("DeclineItem", 1));
    }

    @Test
    void connectionDroppedAfterTheDeclineIsUnknownThenSettledAsOneOkRecord() throws Exception {
        assertUnknownThenSettled(f -> f.simulator.faults().dropConnectionAfterExecution("DeclineItem", 1));
    }

    /** Over Microsoft Graph: the room's decline was carried out, and the connection closed without a reply. */
    @Test
    void connectionDroppedAfterTheGraphDeclineIsUnknownThenSettledAsOneOkRecord() throws Exception {
        assertUnknownThenSettled(BundleFixture.Api.GRAPH,
                f -> f.simulator.faults().dropConnectionAfterExecution("Graph:decline", 1));
    }

    private void assertUnknownThenSettled(java.util.function.Consumer<BundleFixture> fault) throws Exception {
        assertUnknownThenSettled(BundleFixture.Api.EWS, fault);
    }

    private void assertUnknownThenSettled(BundleFixture.Api api, java.util.function.Consumer<BundleFixture> fault)
            throws Exception {
        TestClock clock = new TestClock(NOW);
        try (BundleFixture f = new BundleFixture(api, SweepEndToEndTest.twoRooms().build(), clock, dir)) {
            f.set("roomrelease.rooms", A).set("roomrelease.guard-min-in-progress", "10").start();
            fault.accept(f);

            SweepReport first = f.app().sweepNow();
            assertThat(first.count(SweepReport.Outcome.UNKNOWN)).isEqualTo(1);
            assertThat(first.count(SweepReport.Outcome.FAILED)).isZero();
            assertThat(first.toWords()).contains("Outcome unknown");
            assertThat(results(f)).containsExactly(AuditRecord.UNKNOWN);
            assertThat(declinesTo(f, ANN)).as("Exchange carried the decline out").hasSize(1);

            clock.advance(Duration.ofMinutes(1));
            SweepReport second = f.app().sweepNow();
            assertThat(second.settledCount()).isEqualTo(1);
            assertThat(second.toWords()).contains("Settled: 1");
            assertThat(results(f)).containsExactly(AuditRecord.UNKNOWN, AuditRecord.OK);
            assertThat(f.auditStore().find(A, NINE, NOW.plusSeconds(3600), 10)).allSatisfy(r -> {
                assertThat(r.operation()).isEqualTo("declineEvent");
                assertThat(r.itemId()).isNotBlank();
                assertThat(r.occurrenceStart()).isEqualTo(NINE);
            });

            clock.advance(Duration.ofMinutes(1));
            f.app().sweepNow();
            f.restart();
            clock.advance(Duration.ofMinutes(1));
            f.app().sweepNow();
            assertThat(results(f)).as("settled once, then nothing more").containsExactly(AuditRecord.UNKNOWN,
                    AuditRecord.OK);
            assertThat(declinesTo(f, ANN)).as("never a second decline").hasSize(1);
            assertThat(f.app().context().getRegistry().lookupByNameAndType("dataSource", DataSource.class))
                    .isNotNull();
            assertThat(f.assertEveryAuditRecordHasItsOutboxRow()).as("audit records, each with its outbox row")
                    .isPositive();
        }
    }

    @Test
    void claimLeftByAProcessThatDiedBeforeSendingIsRetriedUnderTheSameKey() throws Exception {
        TestClock clock = new TestClock(NOW);
        try (BundleFixture f = new BundleFixture(SweepEndToEndTest.twoRooms().build(), clock, dir)) {
            f.set("roomrelease.rooms", A + "," + B).set("roomrelease.guard-min-in-progress", "10")
                    .set("roomrelease.release.pending-timeout-seconds", "30").start();
            DataSource ds = f.app().context().getRegistry().lookupByNameAndType("dataSource", DataSource.class);
            ReleaseLedgerStore ledger = new ReleaseLedgerStore(ds,
                    f.auditStore(), new io.roomrelease.bundle.store.ReleasedSlotStore(ds), clock);
            String itemOfA = f.simulator.store().calendar(A).get(0).id();
            // a claim the dead process made, its decline never sent
            assertThat(ledger.claim(itemOfA + "|" + NINE, A, itemOfA, NINE, "DECLINE", ANN, "NO_CHECK_IN"))
                    .isEqualTo(ReleaseLedgerStore.Claim.CLAIMED);

            SweepReport fresh = f.app().sweepNow();
            assertThat(fresh.count(SweepReport.Outcome.UNKNOWN)).as("a claim younger than the timeout is in flight")
                    .isEqualTo(1);
            assertThat(declinesTo(f, ANN)).isEmpty();
            assertThat(declinesTo(f, BOB)).hasSize(1);

            clock.advance(Duration.ofMinutes(1));
            SweepReport after = f.app().sweepNow();
            assertThat(after.count(SweepReport.Outcome.RELEASED)).as("retried under the same key").isEqualTo(1);
            assertThat(declinesTo(f, ANN)).hasSize(1);
            assertThat(results(f)).containsExactly(AuditRecord.OK);
            assertThat(ledger.find(itemOfA + "|" + NINE)).get().satisfies(e -> {
                assertThat(e.state()).isEqualTo(ReleaseLedgerStore.State.OK);
                assertThat(e.attempts()).isEqualTo(2);
            });
            assertThat(f.assertEveryAuditRecordHasItsOutboxRow()).as("audit records, each with its outbox row")
                    .isPositive();
        }
    }

    private static List<String> results(BundleFixture f) {
        return f.auditStore().find(A, NINE, NOW.plusSeconds(3600), 10).stream().map(AuditRecord::result).toList();
    }

    private static List<SentMessage> declinesTo(BundleFixture f, String organizer) {
        return f.simulator.store().sentMessages(organizer).stream()
                .filter(m -> m.kind() == SentMessage.Kind.DECLINE).toList();
    }
}
