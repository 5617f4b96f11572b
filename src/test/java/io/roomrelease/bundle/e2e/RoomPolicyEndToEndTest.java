package io.roomrelease.bundle.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.roomrelease.bundle.TestClock;
import io.roomrelease.bundle.app.RoomReleaseApp;
import io.roomrelease.bundle.audit.AuditRecord;
import io.roomrelease.bundle.sweep.SweepReport;
import io.roomrelease.ews.simulator.model.RoomList;
import io.roomrelease.ews.simulator.model.SentMessage;
import io.roomrelease.ews.simulator.scenario.MeetingSpec;
import io.roomrelease.ews.simulator.scenario.Scenario;

/**
 * Per-room policy and the warning before release, end to end: the real routes/ and config/, a rooms file, the EWS
 * simulator over HTTPS (its sent messages are what the organizers receive).
 */
class RoomPolicyEndToEndTest {

    static final Instant NINE = Instant.parse("2026-03-02T09:00:00Z");
    static final String FLOOR2 = "floor2@corp.example";
    static final String FLOOR3 = "floor3@corp.example";
    static final String A = "room.a@corp.example";
    static final String B = "room.b@corp.example";
    static final String ANN = "ann@corp.example";
    static final String BOB = "bob@corp.example";

    @TempDir
    Path dir;

    /** Room A on floor 2, room B on floor 3; a meeting at 09:00 in each that nobody checks in to. */
    static Scenario scenario() {
        return Scenario.builder()
                .serviceAccount(BundleFixture.SERVICE, BundleFixture.PASSWORD)
                .room(A, "Room A").room(B, "Room B")
                .user(ANN, "Ann").user(BOB, "Bob")
                .roomList(new RoomList(FLOOR2, "Floor 2", List.of(A)))
                .roomList(new RoomList(FLOOR3, "Floor 3", List.of(B)))
                .meeting(MeetingSpec.builder("Sync", ANN).rooms(A).start(NINE).duration(Duration.ofHours(1)).build())
                .meeting(MeetingSpec.builder("Planning", BOB).rooms(B).start(NINE).duration(Duration.ofHours(1)).build())
                .build();
    }

    BundleFixture fixture(TestClock clock, String roomsYaml) throws Exception {
        Path file = dir.resolve("rooms.yaml");
        Files.writeString(file, roomsYaml);
        return new BundleFixture(scenario(), clock, dir)
                .set("roomrelease.room-lists", FLOOR2 + "," + FLOOR3)
                .set("roomrelease.guard-min-in-progress", "10")
                .set("roomrelease.policy.rooms-file", file.toString());
    }

    static List<SentMessage> declines(BundleFixture f, String to) {
        return f.simulator.store().sentMessages(to).stream().filter(m -> m.kind() == SentMessage.Kind.DECLINE).toList();
    }

    static List<SentMessage> warnings(BundleFixture f, String from) {
        return f.simulator.store().sentMessages().stream()
                .filter(m -> m.kind() == SentMessage.Kind.MAIL && m.from().equalsIgnoreCase(from)).toList();
    }

    @Test
    void aRoomListWithFiveMinutesGraceReleasesAtStartPlusFiveWhileAnotherListWaitsFifteen() throws Exception {
        TestClock clock = new TestClock(NINE.plusSeconds(4 * 60 + 59));
        try (BundleFixture f = fixture(clock, "room-lists:\n  " + FLOOR2 + ":\n    grace-minutes: 5\n")) {
            f.set("roomrelease.policy.warn-minutes", "0").start();
            f.app().sweepNow();
            assertThat(declines(f, ANN)).as("09:04:59, room A still in its grace").isEmpty();

            clock.set(NINE.plusSeconds(5 * 60));
            SweepReport at0905 = f.app().sweepNow();
            assertThat(at0905.count(SweepReport.Outcome.RELEASED)).isEqualTo(1);
            assertThat(declines(f, ANN)).singleElement().satisfies(m -> assertThat(m.body())
                    .contains("within 5 minutes of its start"));
            assertThat(declines(f, BOB)).isEmpty();

            clock.set(NINE.plusSeconds(14 * 60 + 59));
            f.app().sweepNow();
            assertThat(declines(f, BOB)).as("09:14:59, room B on the default 15 minutes").isEmpty();

            clock.set(NINE.plusSeconds(15 * 60));
            f.app().sweepNow();
            assertThat(declines(f, BOB)).singleElement().satisfies(m -> assertThat(m.body())
                    .contains("within 15 minutes of its start"));
            assertThat(declines(f, ANN)).hasSize(1);

            // the audit names the rule that applied and where its value came from
            List<AuditRecord> audit = f.auditStore().find(null, NINE.minusSeconds(3600), NINE.plusSeconds(7200), 100);
            assertThat(audit).filteredOn(r -> r.mailbox().equals(A)).singleElement().satisfies(r -> assertThat(
                    r.detail()).isEqualTo("nobody checked in by 09:05 (start 09:00 + grace 5 min from room list "
                    + FLOOR2 + ")"));
            assertThat(audit).filteredOn(r -> r.mailbox().equals(B)).singleElement().satisfies(r -> assertThat(
                    r.detail()).isEqualTo("nobody checked in by 09:15 (start 09:00 + grace 15 min by default)"));
            assertThat(f.assertEveryAuditRecordHasItsOutboxRow()).as("audit records, each with its outbox row")
                    .isPositive();
        }
    }

    @Test
    void theOrganizerIsWarnedOnceBeforeTheReleaseAcrossSweepsRestartsAndInstances() throws Exception {
        TestClock clock = new TestClock(NINE.plusSeconds(60));
        try (BundleFixture f = fixture(clock, "room-lists:\n  " + FLOOR2 + ":\n    grace-minutes: 10\n")) {
            f.set("roomrelease.policy.warn-minutes", "5").start();
            // Bob checks in to room B at 09:02, before its warning time (09:10)
            clock.set(NINE.plusSeconds(2 * 60));
            f.app().context().createProducerTemplate().sendBody("seda:checkins", "{\"room\":\"" + B + "\"}");
            SweepEndToEndTest.awaitCheckIn(f, B);

            clock.set(NINE.plusSeconds(4 * 60 + 59));
            f.app().sweepNow();
            assertThat(warnings(f, A)).as("09:04:59: before room A's warning time (09:00 + 10 - 5)").isEmpty();

            clock.set(NINE.plusSeconds(5 * 60));
            // two instances over the same database sweep at the same moment: one warning
            try (RoomReleaseApp other = f.startAnotherInstance(BundleFixture.freePort())) {
                CompletableFuture<SweepReport> second = CompletableFuture.supplyAsync(other::sweepNow);
                SweepReport first = f.app().sweepNow();
                assertThat(first.warnedCount() + second.get().warnedCount()).isEqualTo(1);
                assertThat((first.warnedCount() == 1 ? first : second.get()).toWords())
                        .contains("Warned: 1 organizer(s)");
            }
            assertThat(warnings(f, A)).singleElement().satisfies(m -> {
                assertThat(m.to()).containsExactly(ANN);
                assertThat(m.subject()).isEqualTo("Check in or " + A + " will be released at 09:10");
                assertThat(m.body()).contains("released for others at 09:10, 10 minutes after the start")
                        .contains("checks in at the room's display");
            });
            assertThat(declines(f, ANN)).isEmpty();

            for (int minute = 6; minute < 10; minute++) {
                clock.set(NINE.plusSeconds(minute * 60));
                f.app().sweepNow();
            }
            f.restart();
            clock.set(NINE.plusSeconds(9 * 60 + 30));
            f.app().sweepNow();
            assertThat(warnings(f, A)).as("one warning over sweeps, instances and a restart").hasSize(1);

            clock.set(NINE.plusSeconds(10 * 60));
            f.app().sweepNow();
            assertThat(declines(f, ANN)).as("released at 09:10 as the warning said").hasSize(1);
            assertThat(warnings(f, A)).hasSize(1);
            assertThat(warnings(f, B)).as("checked in before the warning time: no warning").isEmpty();
            clock.set(NINE.plusSeconds(20 * 60));
            f.app().sweepNow();
            assertThat(warnings(f, B)).isEmpty();
            assertThat(declines(f, BOB)).isEmpty();

            // audited once, with the request id of the send
            assertThat(f.auditStore().find(A, NINE.minusSeconds(3600), NINE.plusSeconds(7200), 100))
                    .filteredOn(r -> r.operation().equals("sendMessage")).singleElement().satisfies(r -> {
                        assertThat(r.result()).isEqualTo(AuditRecord.OK);
                        assertThat(r.reason()).isEqualTo("WARNING_BEFORE_RELEASE");
                        assertThat(r.organizer()).isEqualToIgnoringCase(ANN);
                        assertThat(r.ewsRequestId()).isNotBlank();
                        assertThat(r.detail()).contains("09:10").contains("grace 10 min from room list " + FLOOR2);
                    });
            assertThat(f.assertEveryAuditRecordHasItsOutboxRow()).as("audit records, each with its outbox row")
                    .isPositive();
        }
    }

    @Test
    void aWarningWhoseReplyIsLostIsAuditedUnknownAndNeverSentAgain() throws Exception {
        TestClock clock = new TestClock(NINE.plusSeconds(10 * 60));
        try (BundleFixture f = fixture(clock, "")) {
            f.start();
            // Exchange sends room A's warning, then the connection drops before the reply
            f.simulator.faults().dropConnectionAfterExecution("Message", 1);
            for (int i = 0; i < 3; i++) {
                f.app().sweepNow();
                clock.advance(Duration.ofMinutes(1));
            }
            assertThat(warnings(f, A)).hasSize(1);
            assertThat(warnings(f, B)).hasSize(1);
            List<AuditRecord> sends = f.auditStore().find(null, NINE.minusSeconds(3600), NINE.plusSeconds(7200), 100)
                    .stream().filter(r -> r.operation().equals("sendMessage")).toList();
            assertThat(sends).extracting(AuditRecord::result).containsExactlyInAnyOrder(AuditRecord.UNKNOWN,
                    AuditRecord.OK);
            assertThat(f.assertEveryAuditRecordHasItsOutboxRow()).as("audit records, each with its outbox row")
                    .isPositive();
        }
    }

    @Test
    void dryRunSendsNoWarningButAuditsItOnce() throws Exception {
        TestClock clock = new TestClock(NINE.plusSeconds(10 * 60));
        try (BundleFixture f = fixture(clock, "")) {
            f.set("roomrelease.dry-run", "true").start();
            for (int i = 0; i < 3; i++) {
                f.app().sweepNow();
                clock.advance(Duration.ofMinutes(1));
            }
            assertThat(f.simulator.store().sentMessages()).noneMatch(m -> m.kind() == SentMessage.Kind.MAIL);
            assertThat(f.auditStore().find(A, NINE.minusSeconds(3600), NINE.plusSeconds(7200), 100))
                    .filteredOn(r -> r.operation().equals("sendMessage")).singleElement()
                    .satisfies(r -> assertThat(r.result()).isEqualTo(AuditRecord.DRY_RUN));
            assertThat(f.assertEveryAuditRecordHasItsOutboxRow()).as("audit records, each with its outbox row")
                    .isPositive();
        }
    }

    @Test
    void aBadRoomsFileStopsStartUpNamingFileAndLine() throws Exception {
        TestClock clock = new TestClock(NINE);
        String bad = "room-lists:\n  " + FLOOR2 + ":\n    grace-minutes: 5\n    grace: 7\n  floor9@corp.example: {}\n";
        try (BundleFixture f = fixture(clock, bad)) {
            Path file = dir.resolve("rooms.yaml");
            assertThatThrownBy(f::start)
                    .hasMessageContaining("fix the rooms file " + file)
                    .hasMessageContaining(file + ":4:5: room-lists." + FLOOR2 + ": unknown key 'grace'")
                    .hasMessageContaining(file + ":5:3: room list floor9@corp.example is not swept");
        }
    }
}
