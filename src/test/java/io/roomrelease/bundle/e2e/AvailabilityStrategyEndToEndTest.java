package io.roomrelease.bundle.e2e;

import static io.roomrelease.bundle.e2e.SweepEndToEndTest.ANN;
import static io.roomrelease.bundle.e2e.SweepEndToEndTest.BOB;
import static io.roomrelease.bundle.e2e.SweepEndToEndTest.NINE;
import static io.roomrelease.bundle.e2e.SweepEndToEndTest.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.roomrelease.bundle.TestClock;
import io.roomrelease.bundle.audit.AuditRecord;
import io.roomrelease.bundle.sweep.SweepReport;
import io.roomrelease.ews.simulator.model.ResponseType;
import io.roomrelease.ews.simulator.model.RoomList;
import io.roomrelease.ews.simulator.model.SentMessage;
import io.roomrelease.ews.simulator.scenario.MeetingSpec;
import io.roomrelease.ews.simulator.scenario.Scenario;

/**
 * The availability strategy ({@code roomrelease.sweep.strategy=availability}) through the real routes: free/busy of
 * 100 rooms per call, then the calendar of only the candidate rooms, read while other batches are still answered; the
 * guard judges against the meetings in progress in every room; the rooms of unsettled releases are read too.
 */
class AvailabilityStrategyEndToEndTest {

    /** Rooms in the building's list: three free/busy batches over EWS. */
    static final int ROOMS = 250;
    /** Abandoned since 09:00, spread over the three batches (room 99 and 100 sit either side of a batch edge). */
    static final List<Integer> ABANDONED = List.of(5, 99, 100, 150, 201, 249);
    /** Checked in: a candidate too (free/busy knows nothing of check-ins), read and kept. */
    static final int CHECKED_IN = 7;
    /**
     * In progress since 09:12: at 09:20 and 09:21 neither the release (start + 15 min grace: 09:27) nor the organizer's
     * warning (5 minutes before: 09:22) is due, so never read.
     */
    static final List<Integer> NOT_DUE = List.of(50, 51, 52, 53, 54, 55, 56);
    static final String LIST = "building@corp.example";

    @TempDir
    Path dir;

    static String room(int i) {
        return String.format("r%03d@corp.example", i);
    }

    static Scenario building() {
        Scenario.Builder b = Scenario.builder().serviceAccount(BundleFixture.SERVICE, BundleFixture.PASSWORD)
                .user(ANN, "Ann").user(BOB, "Bob");
        List<String> all = new ArrayList<>();
        for (int i = 0; i < ROOMS; i++) {
            b.room(room(i), "Room " + i);
            all.add(room(i));
        }
        for (int i : ABANDONED) {
            b.meeting(MeetingSpec.builder("Abandoned " + i, ANN).rooms(room(i)).start(NINE)
                    .duration(Duration.ofHours(1)).build());
        }
        b.meeting(MeetingSpec.builder("Busy planning", BOB).rooms(room(CHECKED_IN)).start(NINE)
                .duration(Duration.ofHours(1)).build());
        for (int i : NOT_DUE) {
            b.meeting(MeetingSpec.builder("Started at 09:12 " + i, BOB).rooms(room(i)).start(NINE.plusSeconds(720))
                    .duration(Duration.ofMinutes(48)).build());
        }
        b.meeting(MeetingSpec.builder("Later today", BOB).rooms(room(60)).start(NINE.plusSeconds(7200))
                .duration(Duration.ofHours(1)).build());
        return b.roomList(new RoomList(LIST, "Building", all)).build();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BundleFixture.Api.class)
    void readsOnlyTheCandidateRoomsReleasesTheAbandonedOnesAndTheGuardCountsEveryRoom(BundleFixture.Api api)
            throws Exception {
        TestClock clock = new TestClock(NINE.plusSeconds(60));
        try (BundleFixture f = new BundleFixture(api, building(), clock, dir)) {
            f.set("roomrelease.room-lists", LIST).set("roomrelease.sweep.strategy", "availability").start();
            f.app().context().createProducerTemplate().sendBody("seda:checkins",
                    "{\"room\":\"" + room(CHECKED_IN) + "\",\"source\":\"badge-reader-7\"}");
            SweepEndToEndTest.awaitCheckIn(f, room(CHECKED_IN));

            clock.set(NOW);
            SweepReport report = f.app().sweepNow();

            // 14 meetings in progress over the building, 6 to release: 0.43, under the guard's 0.5. Counted over the
            // 7 candidate rooms alone it would be 6 of 7 and the guard would (wrongly) stop the sweep.
            assertThat(report.plan().isGuardTripped()).as(report.toWords()).isFalse();
            assertThat(report.count(SweepReport.Outcome.RELEASED)).isEqualTo(ABANDONED.size());
            // free/busy showed 7 meetings past their grace in the candidate rooms (6 abandoned, 1 checked in), at
            // most 0.5 of the 14 in progress: the guard could not trip, so a room read after the last free/busy
            // answer had its release sent at once (which rooms depends on timing), each exactly once either way
            assertThat(report.plan().releasedEarly()).isSubsetOf(report.plan().releases().stream()
                    .map(d -> d.meeting().occurrenceKey()).toList());
            assertThat(f.calendarReads()).as("only the candidates' calendars are read")
                    .isEqualTo(ABANDONED.size() + 1);
            for (int i : ABANDONED) {
                assertThat(f.simulator.store().calendar(room(i))).as("declined, so gone from " + room(i)).isEmpty();
            }
            assertThat(f.simulator.store().calendar(room(CHECKED_IN))).singleElement()
                    .satisfies(e -> assertThat(e.myResponse()).isEqualTo(ResponseType.Accept));
            for (int i : NOT_DUE) {
                assertThat(f.simulator.store().calendar(room(i))).singleElement()
                        .satisfies(e -> assertThat(e.myResponse()).isEqualTo(ResponseType.Accept));
            }
            assertThat(f.simulator.store().sentMessages(ANN)).filteredOn(m -> m.kind() == SentMessage.Kind.DECLINE)
                    .hasSize(ABANDONED.size());
            List<AuditRecord> audit = f.auditStore().find(null, NINE, NOW.plusSeconds(3600), 100);
            assertThat(audit).hasSize(ABANDONED.size()).allSatisfy(r -> assertThat(r.result()).isEqualTo("OK"));
            assertThat(audit).extracting(AuditRecord::mailbox).containsExactlyInAnyOrderElementsOf(
                    ABANDONED.stream().map(AvailabilityStrategyEndToEndTest::room).toList());

            // a minute later: the released rooms are free now, only the checked-in room is still a candidate
            clock.advance(Duration.ofMinutes(1));
            SweepReport second = f.app().sweepNow();
            assertThat(second.count(SweepReport.Outcome.RELEASED)).isZero();
            assertThat(f.calendarReads()).isEqualTo(ABANDONED.size() + 2);
            assertThat(f.simulator.store().sentMessages(ANN)).filteredOn(m -> m.kind() == SentMessage.Kind.DECLINE)
                    .hasSize(ABANDONED.size());
        }
    }

    @Test
    void guardStillStopsASweepWhenMostMeetingsOfTheBuildingAreAbandoned() throws Exception {
        Scenario.Builder b = Scenario.builder().serviceAccount(BundleFixture.SERVICE, BundleFixture.PASSWORD)
                .user(ANN, "Ann");
        List<String> all = new ArrayList<>();
        for (int i = 0; i < ROOMS; i++) {
            b.room(room(i), "Room " + i);
            all.add(room(i));
            if (i % 20 == 0) { // 13 abandoned meetings over the three batches, nothing else in progress
                b.meeting(MeetingSpec.builder("Abandoned " + i, ANN).rooms(room(i)).start(NINE)
                        .duration(Duration.ofHours(1)).build());
            }
        }
        TestClock clock = new TestClock(NOW);
        try (BundleFixture f = new BundleFixture(b.roomList(new RoomList(LIST, "Building", all)).build(), clock, dir)) {
            f.set("roomrelease.room-lists", LIST).set("roomrelease.sweep.strategy", "availability").start();
            SweepReport report = f.app().sweepNow();
            assertThat(report.plan().isGuardTripped()).isTrue();
            assertThat(report.toWords()).contains("13 of 13");
            assertThat(report.plan().releasedEarly()).as("free/busy showed the guard could trip").isEmpty();
            assertThat(f.simulator.store().sentMessages(ANN)).noneMatch(m -> m.kind() == SentMessage.Kind.DECLINE);
        }
    }

    @Test
    void aRoomWithAnUnsettledReleaseIsReadEvenWhenItsFreeBusyShowsNothingToDecide() throws Exception {
        TestClock clock = new TestClock(NOW);
        try (BundleFixture f = new BundleFixture(building(), clock, dir)) {
            f.set("roomrelease.room-lists", LIST).set("roomrelease.sweep.strategy", "availability")
                    .set("roomrelease.guard-min-in-progress", "100").start();
            // Exchange carries the first decline out but its reply is unreadable: that release's outcome is unknown
            f.simulator.faults().unreadableReplyAfterExecution("DeclineItem", 1);
            SweepReport first = f.app().sweepNow();
            // nobody checked in this time: room 7's meeting is abandoned too
            assertThat(first.count(SweepReport.Outcome.UNKNOWN)).isEqualTo(1);
            assertThat(first.count(SweepReport.Outcome.RELEASED)).isEqualTo(ABANDONED.size());
            String unknownRoom = f.auditStore().find(null, NINE, NOW.plusSeconds(3600), 100).stream()
                    .filter(r -> AuditRecord.UNKNOWN.equals(r.result())).map(AuditRecord::mailbox).findFirst()
                    .orElseThrow();
            long readsBefore = f.calendarReads();

            // its meeting is declined, so free/busy no longer shows it: only the unsettled release makes it read
            clock.advance(Duration.ofMinutes(1));
            SweepReport second = f.app().sweepNow();
            assertThat(second.settledCount()).isEqualTo(1);
            assertThat(second.plan().releasedEarly()).as("an unsettled release: everything waits for the guard")
                    .isEmpty();
            assertThat(f.calendarReads() - readsBefore).as("no candidate left: only the unsettled room").isEqualTo(1);
            assertThat(f.auditStore().find(unknownRoom, NINE, NOW.plusSeconds(3600), 10))
                    .extracting(AuditRecord::result).containsExactly(AuditRecord.UNKNOWN, AuditRecord.OK);
            assertThat(f.simulator.store().sentMessages()).filteredOn(m -> m.kind() == SentMessage.Kind.DECLINE)
                    .as("never a second decline").hasSize(ABANDONED.size() + 1);
            assertThat(f.simulator.store().calendar(unknownRoom)).isEmpty();
        }
    }
}
