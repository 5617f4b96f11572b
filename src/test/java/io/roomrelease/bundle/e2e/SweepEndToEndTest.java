package io.roomrelease.bundle.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
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

    @Test
    void abandonedMeetingIsDeclinedOnceCheckedInMeetingIsUntouchedAndEverythingIsAudited() throws Exception {
        TestClock clock = new TestClock(NINE.plusSeconds(60));
        try (BundleFixture f = new BundleFixture(twoRooms().build(), clock, dir)) {
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
            // the decline refers to the version FindItem returned (its ChangeKey): no GetItem before it
            assertThat(f.simulator.stats().requests("GetItem")).isZero();

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
            for (int i = 0; i < 100 && published.isEmpty(); i++) {
                published = java.nio.file.Files.exists(jsonl) ? java.nio.file.Files.readString(jsonl) : "";
                Thread.sleep(published.isEmpty() ? 50 : 0);
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
        }
    }

    @Test
    void roomListsAreReadOncePerRefreshPeriodNotOncePerSweep() throws Exception {
        TestClock clock = new TestClock(NOW);
        Scenario scenario = twoRooms().roomList(new io.roomrelease.ews.simulator.model.RoomList(
                "building@corp.example", "Building", List.of(A, B))).build();
        try (BundleFixture f = new BundleFixture(scenario, clock, dir)) {
            f.set("roomrelease.room-lists", "building@corp.example").set("roomrelease.guard-min-in-progress", "10")
                    .set("roomrelease.room-lists.refresh-minutes", "60").start();
            SweepReport first = f.app().sweepNow();
            assertThat(first.count(SweepReport.Outcome.RELEASED)).as("both rooms of the list swept").isEqualTo(2);
            clock.advance(Duration.ofMinutes(1));
            f.app().sweepNow();
            assertThat(f.simulator.stats().requests("GetRooms")).as("the second sweep reuses the rooms").isEqualTo(1);
            assertThat(f.simulator.stats().requests("FindItem")).as("but reads every calendar again").isEqualTo(4);
            clock.advance(Duration.ofMinutes(60));
            f.app().sweepNow();
            assertThat(f.simulator.stats().requests("GetRooms")).as("an hour later the list is read again").isEqualTo(2);
        }
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
