package io.roomrelease.bundle.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import io.roomrelease.camel.ews.model.BusySlot;
import io.roomrelease.camel.ews.model.MailboxAvailability;

class CandidateRoomsTest {
    static final Instant NOW = Instant.parse("2025-03-10T10:20:00Z");
    final CandidateRooms rule = new CandidateRooms(Duration.ofMinutes(15), Duration.ofMinutes(10));

    static MailboxAvailability room(String name, BusySlot... slots) {
        return new MailboxAvailability(name, null, null, List.of(slots));
    }

    /** A busy period starting {@code startedAgo} minutes before now, lasting {@code minutes}; free/busy only (no subject). */
    static BusySlot busy(int startedAgo, int minutes) {
        Instant start = NOW.minus(Duration.ofMinutes(startedAgo));
        return new BusySlot(start, start.plus(Duration.ofMinutes(minutes)), "Busy", null);
    }

    List<String> select(Object... answers) {
        return rule.select(List.of(answers), NOW, null);
    }

    @Test
    void aRunningMeetingWhoseGraceJustEndedMakesItsRoomACandidate() {
        assertThat(select(List.of(room("a", busy(16, 60)), room("b", busy(15, 30)), room("c", busy(24, 30)))))
                .containsExactly("a", "b", "c");
    }

    @Test
    void meetingsStillInGraceEndedFutureOrDecidedLongAgoAreNotCandidates() {
        assertThat(select(List.of(
                room("in-grace", busy(14, 60)),
                room("ended", busy(40, 30)),
                room("future", busy(-5, 30)),
                room("decided-earlier", busy(26, 60)),
                room("free", new BusySlot(NOW.minusSeconds(1200), NOW.plusSeconds(600), "Free", null)),
                room("empty")))).isEmpty();
    }

    @Test
    void aRoomWhoseFreeBusyCouldNotBeReadIsReadByCalendarInstead() {
        assertThat(select(List.of(new MailboxAvailability("broken", "ErrorMailRecipientNotFound", "not found", List.of()))))
                .containsExactly("broken");
    }

    @Test
    void answersMayComeFlatOrPerBatchAndTheGuardLearnsEveryMeetingInProgress() {
        CamelContext context = new DefaultCamelContext();
        Exchange exchange = new DefaultExchange(context);
        List<String> picked = rule.select(List.of(List.of(room("a", busy(16, 60), busy(-30, 30))),
                room("b", busy(5, 60)), room("c", busy(16, 60))), NOW, exchange);
        assertThat(picked).containsExactly("a", "c");
        assertThat(exchange.getProperty(CandidateRooms.IN_PROGRESS, Integer.class)).isEqualTo(3);
    }

    @Test
    void roomsGoInRequestsOfAtMostOneHundredAndTheWindowCoversTheCatchUp() {
        List<String> rooms = IntStream.range(0, 250).mapToObj(i -> "room" + i).toList();
        List<List<String>> batches = rule.batches(rooms, null);
        assertThat(batches).extracting(List::size).containsExactly(100, 100, 50);
        assertThat(batches.get(2).get(49)).isEqualTo("room249");
        assertThat(rule.windowStart(NOW)).isEqualTo(NOW.minus(Duration.ofMinutes(25)));
        assertThat(rule.windowEnd(NOW)).isAfter(NOW);
    }

    @Test
    void badSettingsAreNamed() {
        assertThat(CandidateRooms.Strategy.of(" Availability ")).isEqualTo(CandidateRooms.Strategy.AVAILABILITY);
        assertThatThrownBy(() -> CandidateRooms.Strategy.of("graph")).hasMessageContaining("roomrelease.sweep.strategy")
                .hasMessageContaining("'graph'");
        assertThatThrownBy(() -> new CandidateRooms(Duration.ofMinutes(15), Duration.ZERO))
                .hasMessageContaining("availability-catch-up-minutes");
    }

    // ---- the guard decided early (a candidate room's releases sent as soon as it is read) ----

    final CandidateRooms guarded = new CandidateRooms(Duration.ofMinutes(15), Duration.ofMinutes(10))
            .withGuard(new io.roomrelease.bundle.policy.ReleaseRatioGuard(0.5, 5));

    /** Opens a sweep's selection over {@code rooms} rooms and returns its exchange (batches of 100). */
    Exchange sweep(int rooms, java.util.Collection<String> unsettled) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(CandidateRooms.UNSETTLED_ROOMS, unsettled);
        guarded.open(unsettled, exchange);
        guarded.batches(IntStream.range(0, rooms).mapToObj(i -> "r" + i).toList(),
                exchange.getProperty(CandidateRooms.SELECTION, CandidateRooms.Selection.class));
        return exchange;
    }

    static RoomAssessment readRoom(String room, int releases) {
        List<io.roomrelease.bundle.policy.Decision> decisions = IntStream.range(0, releases)
                .mapToObj(i -> new io.roomrelease.bundle.policy.Decision(new io.roomrelease.bundle.policy.Meeting(room,
                        "item-" + room + i, "ck", null, "ann@corp.example", NOW.minusSeconds(1200),
                        NOW.plusSeconds(2400), false, NOW.minusSeconds(86_400), false, false, false, "Sync"),
                        io.roomrelease.bundle.policy.Action.DECLINE, io.roomrelease.bundle.policy.Reason.NO_CHECK_IN,
                        "nobody checked in"))
                .toList();
        return new RoomAssessment(room, decisions, releases, null);
    }

    static CandidateRooms.Selection selection(Exchange e) {
        return e.getProperty(CandidateRooms.SELECTION, CandidateRooms.Selection.class);
    }

    @Test
    void whenFreeBusyShowsFewMeetingsPastGraceTheGuardCannotTripAndReadRoomsReleaseAtOnce() {
        Exchange e = sweep(200, List.of());
        // batch 1: one abandoned meeting (past grace) and three meetings still in their grace
        guarded.select(List.of(room("a", busy(16, 60)), room("b", busy(5, 60)), room("c", busy(6, 60)),
                room("d", busy(7, 60))), NOW, e);
        assertThat(selection(e).guardCannotTrip()).as("not every batch has answered").isNull();
        assertThat(guarded.releasesNow(readRoom("a", 1), selection(e))).as("waits for the verdict").isEmpty();
        // batch 2: one more abandoned meeting: 2 that could be released of 6 in progress, within 0.5
        guarded.select(List.of(room("e", busy(17, 60)), room("f", busy(3, 60))), NOW, e);
        assertThat(selection(e).guardCannotTrip()).isTrue();
        assertThat(guarded.releasesNow(readRoom("e", 1), selection(e))).hasSize(1);
        assertThat(guarded.releasesWaiting(selection(e))).as("room a, read before the verdict, goes now")
                .extracting(d -> d.meeting().room()).containsExactly("a");
        assertThat(guarded.releasesWaiting(selection(e))).as("once").isEmpty();
        assertThat(selection(e).releasedEarly()).containsExactlyInAnyOrder("item-e0|" + NOW.minusSeconds(1200),
                "item-a0|" + NOW.minusSeconds(1200));
        SweepPlan plan = new SweepPlan(NOW, List.of(readRoom("a", 1), readRoom("e", 1), readRoom("g", 1)),
                List.of(readRoom("a", 1).decisions().get(0), readRoom("e", 1).decisions().get(0),
                        readRoom("g", 1).decisions().get(0)),
                new io.roomrelease.bundle.policy.ReleaseRatioGuard(0.5, 5).judge(6, 3), selection(e).releasedEarly());
        assertThat(plan.getRemainingReleases()).as("only what was not sent early is sent after the verdict")
                .extracting(d -> d.meeting().room()).containsExactly("g");
    }

    @Test
    void theGuardIsLeftToJudgeTheWholeSweepWhenItCouldTripOrTheBoundIsUnknown() {
        // 3 past grace in candidate rooms of 4 in progress: more than 0.5 could be released
        Exchange tooMany = sweep(150, List.of());
        guarded.select(List.of(room("a", busy(16, 60)), room("b", busy(17, 60)), room("c", busy(18, 60)),
                room("d", busy(5, 60))), NOW, tooMany);
        assertThat(guarded.releasesNow(readRoom("b", 1), selection(tooMany))).as("before the verdict").isEmpty();
        guarded.select(List.of(room("e")), NOW, tooMany);
        assertThat(selection(tooMany).guardCannotTrip()).isFalse();
        assertThat(guarded.releasesNow(readRoom("a", 1), selection(tooMany))).isEmpty();
        assertThat(guarded.releasesWaiting(selection(tooMany))).as("they wait for the whole sweep's verdict").isEmpty();
        assertThat(selection(tooMany).releasedEarly()).isEmpty();

        // a checked-in meeting past grace in a candidate room counts too (its room is read; it could be released)
        Exchange twoInOneRoom = sweep(50, List.of());
        guarded.select(List.of(room("a", busy(16, 60), busy(40, 60)), room("b", busy(5, 60))), NOW, twoInOneRoom);
        assertThat(selection(twoInOneRoom).guardCannotTrip()).as("2 of 3").isFalse();

        // a room whose free/busy failed: nothing is known of it
        Exchange failed = sweep(50, List.of());
        guarded.select(List.of(room("a", busy(16, 60)), room("b", busy(5, 60)), room("c", busy(5, 60)),
                new MailboxAvailability("broken", "ErrorMailRecipientNotFound", "not found", List.of())), NOW, failed);
        assertThat(selection(failed).guardCannotTrip()).isFalse();

        // an unsettled release: its room is read after the batches and its releases are not bounded by them
        Exchange unsettled = sweep(50, List.of("x@corp.example"));
        guarded.select(List.of(room("a", busy(16, 60)), room("b", busy(5, 60)), room("c", busy(5, 60))), NOW,
                unsettled);
        assertThat(selection(unsettled).guardCannotTrip()).isFalse();

        // no guard configured: always the whole sweep
        Exchange noGuard = new DefaultExchange(new DefaultCamelContext());
        rule.open(List.of(), noGuard);
        rule.batches(List.of("a"), selection(noGuard));
        rule.select(List.of(room("a", busy(16, 60))), NOW, noGuard);
        assertThat(selection(noGuard).guardCannotTrip()).isFalse();
    }
}
