package io.roomrelease.bundle.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import io.roomrelease.bundle.TestClock;
import io.roomrelease.bundle.audit.AuditRecord;
import io.roomrelease.bundle.sweep.SweepReport;
import io.roomrelease.ews.simulator.model.ResponseType;
import io.roomrelease.ews.simulator.model.SentMessage;
import io.roomrelease.ews.simulator.scenario.MeetingSpec;
import io.roomrelease.ews.simulator.scenario.Scenario;

/** The sweep, end to end: real routes/ and config/, against the EWS simulator over HTTPS. */
class SweepEndToEndTest {

    static final Instant NOW = Instant.parse("2026-03-02T09:20:00Z");
    static final Instant NINE = Instant.parse("2026-03-02T09:00:00Z");
    static final String A = "room.a@corp.example";
    static final String B = "room.b@corp.example";
    static final String ANN = "ann@corp.example";
    static final String BOB = "bob@corp.example";

    @TempDir
    Path dir;

    static Scenario.Builder twoRooms() {
        return Scenario.builder()
                .serviceAccount(BundleFixture.SERVICE, BundleFixture.PASSWORD)
                .room(A, "Room A").room(B, "Room B")
                .user(ANN, "Ann").user(BOB, "Bob")
                .meeting(MeetingSpec.builder("Abandoned sync", ANN).rooms(A).start(NINE)
                        .duration(Duration.ofHours(1)).build())
                .meeting(MeetingSpec.builder("Busy planning", BOB).rooms(B).start(NINE)
                        .duration(Duration.ofHours(1)).build());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BundleFixture.Api.class)
    void abandonedMeetingIsDeclinedOnceCheckedInMeetingIsUntouchedAndEverythingIsAudited(BundleFixture.Api api)
            throws Exception {
        TestClock clock = new TestClock(NINE.plusSeconds(60));
        try (BundleFixture f = new BundleFixture(api, twoRooms().build(), clock, dir)) {
            f.set("roomrelease.rooms", A + "," + B).set("roomrelease.guard-min-in-progress", "10");
            f.start();
            // someone badges in to room B at 09:01 through the ESB endpoint
            f.app().context().createProducerTemplate().sendBody("seda:checkins",
                    "{\"room\":\"" + B + "\",\"source\":\"badge-reader-7\"}");
            awaitCheckIn(f, B);

            clock.set(NOW);
            SweepReport first = f.app().sweepNow();
            assertThat(first.count(SweepReport.Outcome.RELEASED)).isEqualTo(1);
            // room B was kept by the policy itself (its check-in was in the sweep's snapshot), not by the last re-check
            assertThat(first.keptByReason()).containsEntry(io.roomrelease.bundle.policy.Reason.CHECKED_IN, 1L);
            assertThat(first.count(SweepReport.Outcome.CHECKED_IN_MEANWHILE)).isZero();
            // the decline refers to the version the calendar read returned (its ChangeKey): no item read before it
            assertThat(f.itemReads()).isZero();

            // the organizer got the decline with the configured message
            List<SentMessage> toAnn = f.simulator.store().sentMessages(ANN);
            assertThat(toAnn).filteredOn(m -> m.kind() == SentMessage.Kind.DECLINE).singleElement()
                    .satisfies(m -> assertThat(m.body()).contains("Nobody checked in to this meeting"));
            assertThat(f.simulator.store().sentMessages(BOB)).noneMatch(m -> m.kind() == SentMessage.Kind.DECLINE);
            // room B's meeting is untouched
            assertThat(f.simulator.store().calendar(B)).singleElement()
                    .satisfies(e -> assertThat(e.myResponse()).isEqualTo(ResponseType.Accept));

            // a second sweep and a restart do not decline again
            f.app().sweepNow();
            f.restart();
            clock.advance(Duration.ofMinutes(1));
            f.app().sweepNow();
            assertThat(f.simulator.store().sentMessages(ANN)).filteredOn(m -> m.kind() == SentMessage.Kind.DECLINE)
                    .hasSize(1);

            // ... and it was published on the default audit endpoint: one JSON record per line of audit.jsonl
            java.nio.file.Path jsonl = dir.resolve("audit").resolve("audit.jsonl");
            String published = "";
            // (the writer appends the record, then its new line: wait for the whole line)
            for (int i = 0; i < 100 && !published.endsWith("\n"); i++) {
                published = java.nio.file.Files.exists(jsonl) ? java.nio.file.Files.readString(jsonl) : "";
                Thread.sleep(published.endsWith("\n") ? 0 : 50);
            }
            assertThat(published).as("JSON lines: each record ends its line").endsWith("}\n");
            assertThat(published.lines().toList()).singleElement().satisfies(l -> assertThat(l).startsWith("{")
                    .contains("\"operation\":\"declineEvent\"").contains("\"mailbox\":\"" + A + "\""));

            // one audit record per write, naming the service account and the room
            List<AuditRecord> audit = f.auditStore().find(null, NINE, NOW.plusSeconds(3600), 100);
            assertThat(audit).singleElement().satisfies(r -> {
                assertThat(r.operation()).isEqualTo("declineEvent");
                assertThat(r.serviceAccount()).isEqualTo(BundleFixture.SERVICE);
                assertThat(r.mailbox()).isEqualTo(A);
                assertThat(r.organizer()).isEqualToIgnoringCase(ANN);
                assertThat(r.reason()).isEqualTo("NO_CHECK_IN");
                assertThat(r.result()).isEqualTo("OK");
                assertThat(r.ewsRequestId()).isNotBlank();
                assertThat(r.subject()).isNull();
            });
            assertThat(f.assertEveryAuditRecordHasItsOutboxRow()).as("audit records, each with its outbox row")
                    .isPositive();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BundleFixture.Api.class)
    void roomListsAreReadOncePerRefreshPeriodNotOncePerSweep(BundleFixture.Api api) throws Exception {
        TestClock clock = new TestClock(NOW);
        Scenario scenario = twoRooms().roomList(new io.roomrelease.ews.simulator.model.RoomList(
                "building@corp.example", "Building", List.of(A, B))).build();
        try (BundleFixture f = new BundleFixture(api, scenario, clock, dir)) {
            f.set("roomrelease.room-lists", "building@corp.example").set("roomrelease.guard-min-in-progress", "10")
                    .set("roomrelease.room-lists.refresh-minutes", "60").start();
            SweepReport first = f.app().sweepNow();
            assertThat(first.count(SweepReport.Outcome.RELEASED)).as("both rooms of the list swept").isEqualTo(2);
            clock.advance(Duration.ofMinutes(1));
            f.app().sweepNow();
            assertThat(f.roomListReads()).as("the second sweep reuses the rooms").isEqualTo(1);
            assertThat(f.calendarReads()).as("but reads every calendar again").isEqualTo(4);
            clock.advance(Duration.ofMinutes(60));
            f.app().sweepNow();
            assertThat(f.roomListReads()).as("an hour later the list is read again").isEqualTo(2);
            assertThat(f.assertEveryAuditRecordHasItsOutboxRow()).as("audit records, each with its outbox row")
                    .isPositive();
        }
    }

    @Test
    void deltaStrategyReadsOnlyWhatChangedAndSurvivesARestartAndAnExpiredLink() throws Exception {
        TestClock clock = new TestClock(NINE.plusSeconds(60));
        try (BundleFixture f = new BundleFixture(BundleFixture.Api.GRAPH, twoRooms().build(), clock, dir)) {
            f.set("roomrelease.rooms", A + "," + B).set("roomrelease.guard-min-in-progress", "10")
                    .set("roomrelease.sweep.strategy", "delta").start();
            f.app().context().createProducerTemplate().sendBody("seda:checkins",
                    "{\"room\":\"" + B + "\",\"source\":\"badge-reader-7\"}");
            awaitCheckIn(f, B);

            clock.set(NOW);
            SweepReport first = f.app().sweepNow();
            assertThat(first.count(SweepReport.Outcome.RELEASED)).isEqualTo(1);
            assertThat(first.keptByReason()).containsEntry(io.roomrelease.bundle.policy.Reason.CHECKED_IN, 1L);
            Map<String, Long> reads = f.simulator.graphStats().requestsPerEndpoint();
            assertThat(reads.getOrDefault("calendarView", 0L)).as("no full calendar reads").isZero();
            assertThat(reads.get("calendarView.delta")).as("one delta round per room").isEqualTo(2);

            // a meeting booked after the first sweep is learned from the changes alone
            f.simulator.store().addMeeting(MeetingSpec.builder("Booked later", ANN).rooms(A)
                    .start(NINE.plus(Duration.ofMinutes(30))).duration(Duration.ofMinutes(30)).build());
            clock.set(NINE.plus(Duration.ofMinutes(46)));
            SweepReport second = f.app().sweepNow();
            assertThat(second.count(SweepReport.Outcome.RELEASED)).as("the new meeting").isEqualTo(1);
            assertThat(second.keptByReason()).as("room B's meeting is still known from the stored window")
                    .containsEntry(io.roomrelease.bundle.policy.Reason.CHECKED_IN, 1L);
            assertThat(declinesTo(f, ANN)).isEqualTo(2);

            // after a restart the stored links go on; nothing is released twice
            f.restart();
            clock.advance(Duration.ofMinutes(1));
            SweepReport third = f.app().sweepNow();
            assertThat(third.count(SweepReport.Outcome.RELEASED)).isZero();
            assertThat(third.keptByReason()).containsEntry(io.roomrelease.bundle.policy.Reason.CHECKED_IN, 1L);

            // an expired link: the room is read in full again and the sweep goes on
            f.simulator.expireGraphDeltaTokens();
            f.simulator.store().addMeeting(MeetingSpec.builder("After the expiry", ANN).rooms(B)
                    .start(NINE.plus(Duration.ofMinutes(60))).duration(Duration.ofMinutes(30)).build());
            clock.set(NINE.plus(Duration.ofMinutes(76)));
            SweepReport fourth = f.app().sweepNow();
            assertThat(fourth.count(SweepReport.Outcome.RELEASED)).isEqualTo(1);
            assertThat(fourth.roomsSkipped()).isEmpty();
            assertThat(declinesTo(f, ANN)).isEqualTo(3);
            assertThat(f.simulator.graphStats().requestsPerEndpoint().getOrDefault("calendarView", 0L)).isZero();
            assertThat(f.simulator.graphStats().schemaViolations()).isEmpty();
            assertThat(f.assertEveryAuditRecordHasItsOutboxRow()).as("audit records, each with its outbox row")
                    .isPositive();
        }
    }

    private static long declinesTo(BundleFixture f, String organizer) {
        return f.simulator.store().sentMessages(organizer).stream().filter(m -> m.kind() == SentMessage.Kind.DECLINE)
                .count();
    }

    static void awaitCheckIn(BundleFixture f, String room) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (!f.checkInStore().receivedBetween(room, NINE.minusSeconds(3600), NINE.plusSeconds(3600)).isEmpty()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the ESB check-in for " + room + " was not recorded");
    }
}
