package io.roomrelease.bundle.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The abandoned-meeting policy as a table: each row is one rule of DESIGN §2. */
class AbandonedMeetingPolicyTest {

    private static final String ROOM = "room.a@corp.example";
    private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

    private static final PolicySettings SETTINGS = new PolicySettings(Duration.ofMinutes(15), Duration.ofMinutes(15),
            Duration.ofMinutes(15), Duration.ofMinutes(10), Duration.ofHours(8), Set.of("CEO@corp.example"),
            Set.of("lobby@corp.example"), ZoneId.of("UTC"));

    private static MeetingBuilder meeting() {
        return new MeetingBuilder();
    }

    /** A one-hour meeting booked a day ahead, room as attendee; each method changes one thing. */
    static final class MeetingBuilder {
        private String room = ROOM;
        private String organizer = "ann@corp.example";
        private Duration length = Duration.ofHours(1);
        private Instant created = START.minus(Duration.ofDays(1));
        private boolean allDay;
        private boolean roomIsOrganizer;
        private boolean declined;
        private boolean cancelled;

        MeetingBuilder room(String v) { room = v; return this; }
        MeetingBuilder organizer(String v) { organizer = v; return this; }
        MeetingBuilder hours(int h) { length = Duration.ofHours(h); return this; }
        MeetingBuilder minutes(int m) { length = Duration.ofMinutes(m); return this; }
        MeetingBuilder created(Instant v) { created = v; return this; }
        MeetingBuilder allDay() { allDay = true; length = Duration.ofHours(24); return this; }
        MeetingBuilder roomIsOrganizer() { roomIsOrganizer = true; return this; }
        MeetingBuilder declined() { declined = true; return this; }
        MeetingBuilder cancelled() { cancelled = true; return this; }

        Meeting build() {
            return new Meeting(room, "item-1", "ck-1", null, organizer, START, START.plus(length), allDay, created,
                    roomIsOrganizer, declined, cancelled, "Weekly sync");
        }
    }

    static Stream<Arguments> table() {
        Instant at0916 = START.plusSeconds(16 * 60);
        return Stream.of(
                row("abandoned: no check-in at start + 16 min", meeting(), List.of(), at0916, Action.DECLINE, Reason.NO_CHECK_IN),
                row("abandoned exactly at start + grace", meeting(), List.of(), START.plusSeconds(15 * 60), Action.DECLINE, Reason.NO_CHECK_IN),
                row("room organizes: cancel instead of decline", meeting().roomIsOrganizer(), List.of(), at0916, Action.CANCEL, Reason.NO_CHECK_IN),
                row("in grace period", meeting(), List.of(), START.plusSeconds(14 * 60), Action.KEEP, Reason.IN_GRACE_PERIOD),
                row("not started", meeting(), List.of(), START.minusSeconds(60), Action.KEEP, Reason.NOT_STARTED),
                row("checked in 15 min before start", meeting(), List.of(checkIn(START.minusSeconds(15 * 60))), at0916, Action.KEEP, Reason.CHECKED_IN),
                row("checked in 15 min after start", meeting(), List.of(checkIn(START.plusSeconds(15 * 60))), START.plusSeconds(30 * 60), Action.KEEP, Reason.CHECKED_IN),
                row("check-in 16 min before start is outside the window", meeting(), List.of(checkIn(START.minusSeconds(16 * 60))), at0916, Action.DECLINE, Reason.NO_CHECK_IN),
                row("check-in 16 min after start is outside the window", meeting(), List.of(checkIn(START.plusSeconds(16 * 60))), START.plusSeconds(17 * 60), Action.DECLINE, Reason.NO_CHECK_IN),
                row("check-in for another room does not count", meeting(), List.of(new CheckIn("room.b@corp.example", "item-1", START, START, "display")), at0916, Action.DECLINE, Reason.NO_CHECK_IN),
                row("check-in matched by occurrence start", meeting(), List.of(new CheckIn(ROOM, "other-id", START, START, "badge")), at0916, Action.KEEP, Reason.CHECKED_IN),
                row("check-in matched by occurrence start to the second", meeting(), List.of(new CheckIn(ROOM, "other-id", START.plusNanos(123_456_789), START, "badge")), at0916, Action.KEEP, Reason.CHECKED_IN),
                row("all-day", meeting().allDay(), List.of(), at0916, Action.KEEP, Reason.ALL_DAY),
                row("8 hours is too long", meeting().hours(8), List.of(), at0916, Action.KEEP, Reason.TOO_LONG),
                row("7 h 59 min is released", meeting().minutes(8 * 60 - 1), List.of(), at0916, Action.DECLINE, Reason.NO_CHECK_IN),
                row("late booking: booked 5 min before start", meeting().created(START.minusSeconds(5 * 60)), List.of(), at0916, Action.KEEP, Reason.LATE_BOOKING),
                row("booked exactly 10 min before start is released", meeting().created(START.minusSeconds(10 * 60)), List.of(), at0916, Action.DECLINE, Reason.NO_CHECK_IN),
                row("exempt organizer (case-insensitive)", meeting().organizer("ceo@CORP.example"), List.of(), at0916, Action.KEEP, Reason.EXEMPT_ORGANIZER),
                row("room without display", meeting().room("Lobby@corp.example"), List.of(), at0916, Action.KEEP, Reason.ROOM_WITHOUT_DISPLAY),
                row("already ended", meeting(), List.of(), START.plusSeconds(3600), Action.KEEP, Reason.ALREADY_ENDED),
                row("already declined by the room", meeting().declined(), List.of(), at0916, Action.KEEP, Reason.ALREADY_DECLINED),
                row("cancelled by the organizer", meeting().cancelled(), List.of(), at0916, Action.KEEP, Reason.CANCELLED_BY_ORGANIZER));
    }

    private static Arguments row(String name, MeetingBuilder m, List<CheckIn> checkIns, Instant now, Action action,
                                 Reason reason) {
        return Arguments.of(name, m.build(), checkIns, now, action, reason);
    }

    private static CheckIn checkIn(Instant at) {
        return new CheckIn(ROOM, "item-1", START, at, "display");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void decides(String name, Meeting meeting, List<CheckIn> checkIns, Instant now, Action action, Reason reason) {
        Decision d = new AbandonedMeetingPolicy(SETTINGS).decide(meeting, checkIns, now);
        assertThat(d.action()).as(name).isEqualTo(action);
        assertThat(d.reason()).as(name).isEqualTo(reason);
        assertThat(d.text()).isNotBlank();
    }

    @org.junit.jupiter.api.Test
    void releaseTextNamesTheDeadlineInTheConfiguredZone() {
        PolicySettings zurich = new PolicySettings(SETTINGS.grace(), SETTINGS.checkInOpensBefore(),
                SETTINGS.checkInClosesAfter(), SETTINGS.lateBooking(), SETTINGS.maxDuration(), Set.of(), Set.of(),
                ZoneId.of("Europe/Zurich"));
        Decision d = new AbandonedMeetingPolicy(zurich).decide(meeting().build(), List.of(), START.plusSeconds(3000));
        assertThat(d.text()).isEqualTo("nobody checked in by 10:15 (start 10:00 + grace 15 min by default)");
    }
}
