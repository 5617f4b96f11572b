package io.roomrelease.bundle.e2e;

import static io.roomrelease.bundle.e2e.AvailabilityStrategyEndToEndTest.ABANDONED;
import static io.roomrelease.bundle.e2e.AvailabilityStrategyEndToEndTest.CHECKED_IN;
import static io.roomrelease.bundle.e2e.AvailabilityStrategyEndToEndTest.LIST;
import static io.roomrelease.bundle.e2e.AvailabilityStrategyEndToEndTest.building;
import static io.roomrelease.bundle.e2e.SweepEndToEndTest.ANN;
import static io.roomrelease.bundle.e2e.SweepEndToEndTest.NINE;
import static io.roomrelease.bundle.e2e.SweepEndToEndTest.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.roomrelease.bundle.TestClock;
import io.roomrelease.bundle.audit.AuditRecord;
import io.roomrelease.bundle.sweep.SweepReport;
import io.roomrelease.ews.simulator.model.SentMessage;
import io.roomrelease.ews.simulator.model.ThrottlingSettings;

/**
 * The availability strategy through the real routes against a server that throttles (a drained budget answers
 * ErrorServerBusy with BackOffMilliseconds, to the free/busy calls as to the reads and declines) and one that drops
 * idle keep-alive connections between sweeps: every room is still assessed, every abandoned meeting released exactly
 * once, and nothing is reported failed or unknown.
 */
class AvailabilityUnderFaultsEndToEndTest {

    /** Without a check-in here, the checked-in room of the building is abandoned too (its organizer is Bob). */
    private static final List<String> TO_RELEASE = java.util.stream.Stream.concat(ABANDONED.stream(),
            java.util.stream.Stream.of(CHECKED_IN)).map(AvailabilityStrategyEndToEndTest::room).toList();

    @TempDir
    Path dir;

    @Test
    void aThrottledSweepWaitsOutEveryBackOffAndReleasesEachAbandonedMeetingOnce() throws Exception {
        // a clock that runs (from 09:20): the server's budget recharges and the client's back-offs pass in real time
        java.time.Clock clock = java.time.Clock.offset(java.time.Clock.systemUTC(),
                Duration.between(java.time.Instant.now(), NOW));
        try (BundleFixture f = new BundleFixture(building(), clock, dir)) {
            f.set("roomrelease.room-lists", LIST).set("roomrelease.sweep.strategy", "availability")
                    .set("roomrelease.sweep.concurrency", "8")
                    .set("camel.component.ews.max-concurrent-requests", "8").start();
            // after the start-up reads: a budget of 3 requests, recharged at 10 per second, 150 ms back-off when drained
            f.simulator.throttling(new ThrottlingSettings(27, 3, 10, 150));
            long busyBefore = f.simulator.stats().serverBusyReplies();

            SweepReport report = f.app().sweepNow();

            long busy = f.simulator.stats().serverBusyReplies() - busyBefore;
            assertThat(busy).as("the server did throttle the sweep").isPositive();
            // what a client can promise (bench target storm-exactly-once): nothing sent after a busy reply was read;
            // only requests already on the wire then (at most 7 others of the 8 allowed) can arrive inside the window
            assertThat(f.simulator.stats().requestsDuringBackOff()).as("requests arriving inside a back-off window")
                    .isLessThanOrEqualTo(7 * busy);
            assertThat(report.roomsSkipped()).as(report.toWords()).isEmpty();
            assertThat(report.roomsSwept()).as("the candidate rooms, read").isEqualTo(TO_RELEASE.size());
            assertThat(report.count(SweepReport.Outcome.RELEASED)).as(report.toWords()).isEqualTo(TO_RELEASE.size());
            assertThat(report.count(SweepReport.Outcome.FAILED)).isZero();
            assertThat(report.count(SweepReport.Outcome.UNKNOWN)).isZero();
            assertThat(f.simulator.store().sentMessages(ANN)).filteredOn(m -> m.kind() == SentMessage.Kind.DECLINE)
                    .as("one decline per abandoned meeting").hasSize(ABANDONED.size());
            List<AuditRecord> audit = f.auditStore().find(null, NINE, NOW.plusSeconds(3600), 100);
            assertThat(audit).extracting(AuditRecord::mailbox).containsExactlyInAnyOrderElementsOf(TO_RELEASE);
            assertThat(audit).allSatisfy(r -> assertThat(r.result()).isEqualTo(AuditRecord.OK));
            f.simulator.assertNoSchemaViolations();
        }
    }

    @Test
    void sweepsOverConnectionsTheServerDroppedWhileIdleStillAssessEveryRoom() throws Exception {
        TestClock clock = new TestClock(NOW);
        try (BundleFixture f = new BundleFixture(building(), clock, dir)) {
            f.set("roomrelease.room-lists", LIST).set("roomrelease.sweep.strategy", "availability")
                    .set("roomrelease.sweep.concurrency", "4")
                    .set("camel.component.ews.max-concurrent-requests", "4")
                    // no eviction on the client's side: every pooled connection is stale when the next sweep starts
                    .set("camel.component.ews.connection-idle-timeout", "0");
            f.simulator.faults().idleTimeout(Duration.ofMillis(300));
            f.start();
            long released = 0;
            long freeBusyCalls = f.simulator.stats().requests("GetUserAvailabilityRequest");
            for (int sweep = 1; sweep <= 4; sweep++) {
                SweepReport report = f.app().sweepNow();
                assertThat(report.roomsSkipped()).as("sweep %d: %s", sweep, report.toWords()).isEmpty();
                assertThat(report.count(SweepReport.Outcome.FAILED) + report.count(SweepReport.Outcome.UNKNOWN))
                        .as("sweep %d: %s", sweep, report.toWords()).isZero();
                released += report.count(SweepReport.Outcome.RELEASED);
                Thread.sleep(700); // longer than the server's idle timeout
                clock.advance(Duration.ofMinutes(1));
            }
            assertThat(released).as("each released once over the four sweeps").isEqualTo(TO_RELEASE.size());
            assertThat(f.simulator.stats().requests("GetUserAvailabilityRequest") - freeBusyCalls)
                    .as("every sweep had the free/busy of the 250 rooms (3 batches) answered").isEqualTo(4 * 3);
            for (String room : TO_RELEASE) {
                assertThat(f.simulator.store().calendar(room)).as("declined, so gone from " + room).isEmpty();
            }
            assertThat(f.simulator.store().sentMessages(ANN)).filteredOn(m -> m.kind() == SentMessage.Kind.DECLINE)
                    .hasSize(ABANDONED.size());
            f.simulator.assertNoSchemaViolations();
        }
    }
}
