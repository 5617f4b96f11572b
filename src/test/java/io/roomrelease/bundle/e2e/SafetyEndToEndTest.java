package io.roomrelease.bundle.e2e;

import static io.roomrelease.bundle.e2e.SweepEndToEndTest.ANN;
import static io.roomrelease.bundle.e2e.SweepEndToEndTest.NINE;
import static io.roomrelease.bundle.e2e.SweepEndToEndTest.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import io.roomrelease.bundle.TestClock;
import io.roomrelease.bundle.audit.AuditRecord;
import io.roomrelease.bundle.sweep.SweepReport;
import io.roomrelease.ews.simulator.model.Account;
import io.roomrelease.ews.simulator.model.ResponseType;
import io.roomrelease.ews.simulator.model.SentMessage;
import io.roomrelease.ews.simulator.scenario.MeetingSpec;
import io.roomrelease.ews.simulator.scenario.Scenario;

/** Dry-run, the release-ratio guard, and a room the service account may not impersonate. */
class SafetyEndToEndTest {

    @TempDir
    Path dir;

    private static Scenario.Builder rooms(int n, Scenario.Builder b) {
        for (int i = 1; i <= n; i++) {
            String room = "room" + i + "@corp.example";
            b.room(room, "Room " + i).meeting(MeetingSpec.builder("Meeting " + i, ANN).rooms(room).start(NINE)
                    .duration(Duration.ofHours(1)).build());
        }
        return b.user(ANN, "Ann");
    }

    private static String roomList(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            sb.append(i == 1 ? "" : ",").append("room").append(i).append("@corp.example");
        }
        return sb.toString();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BundleFixture.Api.class)
    void dryRunAuditsTheDecisionOnceAndChangesNothingInExchange(BundleFixture.Api api) throws Exception {
        Scenario scenario = rooms(1, Scenario.builder().serviceAccount(BundleFixture.SERVICE, BundleFixture.PASSWORD))
                .build();
        TestClock clock = new TestClock(NOW);
        try (BundleFixture f = new BundleFixture(api, scenario, clock, dir)) {
            f.set("roomrelease.rooms", roomList(1)).set("roomrelease.dry-run", "true").start();
            int messagesBefore = f.simulator.store().sentMessages().size();

            SweepReport report = f.app().sweepNow();
            f.app().sweepNow();

            assertThat(report.count(SweepReport.Outcome.DRY_RUN)).isEqualTo(1);
            assertThat(f.simulator.store().sentMessages()).hasSize(messagesBefore);
            assertThat(f.simulator.store().calendar("room1@corp.example")).singleElement()
                    .satisfies(e -> assertThat(e.myResponse()).isEqualTo(ResponseType.Accept));
            assertThat(f.simulator.store().auditLog()).extracting(e -> e.operation())
                    .as("Exchange saw only reads").containsOnly("FindItem");
            List<AuditRecord> audit = f.auditStore().find(null, NINE, NOW.plusSeconds(60), 100);
            assertThat(audit).singleElement().satisfies(r -> {
                assertThat(r.result()).isEqualTo("DRY_RUN");
                assertThat(r.dryRun()).isTrue();
                assertThat(r.mailbox()).isEqualTo("room1@corp.example");
                assertThat(r.operation()).isEqualTo("declineEvent");
            });
            assertThat(f.assertEveryAuditRecordHasItsOutboxRow()).as("audit records, each with its outbox row")
                    .isPositive();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BundleFixture.Api.class)
    void guardStopsASweepWhenCheckInsStopArriving(BundleFixture.Api api) throws Exception {
        Scenario scenario = rooms(6, Scenario.builder().serviceAccount(BundleFixture.SERVICE, BundleFixture.PASSWORD))
                .build();
        TestClock clock = new TestClock(NOW);
        try (BundleFixture f = new BundleFixture(api, scenario, clock, dir)) {
            f.set("roomrelease.rooms", roomList(6)).start();

            SweepReport report = f.app().sweepNow();

            assertThat(report.plan().isGuardTripped()).isTrue();
            assertThat(report.toWords()).contains("stopped by the safety guard").contains("6 of 6");
            assertThat(f.simulator.store().sentMessages()).noneMatch(m -> m.kind() == SentMessage.Kind.DECLINE);
            List<AuditRecord> audit = f.auditStore().find(null, NINE, NOW.plusSeconds(60), 100);
            assertThat(audit).singleElement().satisfies(r -> {
                assertThat(r.operation()).isEqualTo("sweepGuard");
                assertThat(r.result()).isEqualTo("STOPPED");
                assertThat(r.serviceAccount()).isEqualTo(BundleFixture.SERVICE);
            });
            assertThat(f.assertEveryAuditRecordHasItsOutboxRow()).as("audit records, each with its outbox row")
                    .isPositive();
        }
    }

    @Test
    void aRoomWithDeniedImpersonationIsReportedWhileTheOtherRoomsAreProcessed() throws Exception {
        Account scoped = new Account(BundleFixture.SERVICE, BundleFixture.PASSWORD, null, null, true,
                Set.of("room1@corp.example", "room2@corp.example"), Set.of());
        Scenario scenario = rooms(3, Scenario.builder().account(scoped)).build();
        TestClock clock = new TestClock(NOW);
        try (BundleFixture f = new BundleFixture(scenario, clock, dir)) {
            f.set("roomrelease.rooms", roomList(3)).set("roomrelease.guard-min-in-progress", "10").start();

            SweepReport report = f.app().sweepNow();

            assertThat(report.roomsSkipped()).singleElement().satisfies(r -> {
                assertThat(r.room()).isEqualTo("room3@corp.example");
                assertThat(r.error()).contains("ErrorImpersonateUserDenied");
            });
            assertThat(report.toWords()).contains("room3@corp.example was NOT swept");
            assertThat(report.count(SweepReport.Outcome.RELEASED)).isEqualTo(2);
            assertThat(f.simulator.store().calendar("room3@corp.example")).hasSize(1);
            assertThat(f.simulator.store().calendar("room1@corp.example")).isEmpty();
        }
    }
}
