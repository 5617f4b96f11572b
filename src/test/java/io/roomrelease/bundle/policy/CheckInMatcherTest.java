package io.roomrelease.bundle.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Matching check-ins stored as received to the meetings of their room: window edges, back-to-back, closest start. */
class CheckInMatcherTest {

    private static final String ROOM = "room.a@corp.example";
    private static final Instant NINE = Instant.parse("2026-03-02T09:00:00Z");
    private static final PolicySettings SETTINGS = new PolicySettings(Duration.ofMinutes(15), Duration.ofMinutes(15),
            Duration.ofMinutes(15), Duration.ofMinutes(10), Duration.ofHours(8), Set.of(), Set.of(), ZoneId.of("UTC"));
    private static final AbandonedMeetingPolicy POLICY = new AbandonedMeetingPolicy(SETTINGS);
    private static final CheckInMatcher MATCHER = new CheckInMatcher(POLICY);

    private static Meeting meeting(String id, int startMinute, int minutes) {
        Instant start = NINE.plus(Duration.ofMinutes(startMinute));
        return new Meeting(ROOM, id, "ck", null, "ann@corp.example", start, start.plus(Duration.ofMinutes(minutes)),
                false, NINE.minus(Duration.ofDays(1)), false, false, false, null);
    }

    private static Instant at(int minute, int second) {
        return NINE.plus(Duration.ofMinutes(minute)).plusSeconds(second);
    }

    // 09:00-10:00 alone
    private static final List<Meeting> ONE = List.of(meeting("nine", 0, 60));
    // back to back: 09:00-09:20 and 09:20-10:00
    private static final List<Meeting> BACK_TO_BACK = List.of(meeting("nine", 0, 20), meeting("nine-twenty", 20, 40));
    // 09:00-09:30 and 09:10-10:00 (overlapping bookings)
    private static final List<Meeting> OVERLAP = List.of(meeting("nine", 0, 30), meeting("nine-ten", 10, 50));

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("window opens: 15 min before the start counts", ONE, at(-15, 0), "nine"),
                Arguments.of("a second earlier does not", ONE, at(-15, -1), null),
                Arguments.of("window closes: 15 min after the start counts", ONE, at(15, 0), "nine"),
                Arguments.of("a second later does not", ONE, at(15, 1), null),
                Arguments.of("at the start", ONE, at(0, 0), "nine"),
                Arguments.of("back to back: 09:12 is closer to 09:20", BACK_TO_BACK, at(12, 0), "nine-twenty"),
                Arguments.of("back to back: 09:08 is closer to 09:00", BACK_TO_BACK, at(8, 0), "nine"),
                Arguments.of("back to back: a tie goes to the earlier meeting", BACK_TO_BACK, at(10, 0), "nine"),
                Arguments.of("back to back: 09:16 only fits the second", BACK_TO_BACK, at(16, 0), "nine-twenty"),
                Arguments.of("back to back: 08:50 only fits the first", BACK_TO_BACK, at(-10, 0), "nine"),
                Arguments.of("back to back: at the second's start, the first has ended", BACK_TO_BACK, at(20, 0),
                        "nine-twenty"),
                Arguments.of("overlap: 09:06 is closer to 09:10", OVERLAP, at(6, 0), "nine-ten"),
                Arguments.of("overlap: 09:04 is closer to 09:00", OVERLAP, at(4, 0), "nine"),
                Arguments.of("no meetings", List.of(), at(0, 0), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void aReceivedCheckInCountsForTheMeetingWhoseWindowHoldsItClosestStartFirst(String name, List<Meeting> meetings,
                                                                                 Instant at, String expected) {
        List<CheckIn> matched = MATCHER.match(meetings, List.of(CheckIn.received(ROOM, at, "badge-7")));
        if (expected == null) {
            assertThat(matched).isEmpty();
            return;
        }
        Meeting m = meetings.stream().filter(x -> x.itemId().equals(expected)).findFirst().orElseThrow();
        assertThat(matched).singleElement().satisfies(c -> {
            assertThat(c.itemId()).isEqualTo(expected);
            assertThat(c.occurrenceStart()).isEqualTo(m.start());
            assertThat(c.at()).isEqualTo(at);
            assertThat(c.source()).isEqualTo("badge-7");
        });
        // and the policy keeps that meeting (and only that one) because of it
        for (Meeting other : meetings) {
            Decision d = POLICY.decide(other, matched, other.start().plus(Duration.ofMinutes(16)));
            if (other == m) {
                assertThat(d.reason()).as(other.itemId()).isEqualTo(Reason.CHECKED_IN);
            } else {
                assertThat(d.reason()).as(other.itemId()).isNotEqualTo(Reason.CHECKED_IN);
            }
        }
    }

    @Test
    void declinedAndCancelledMeetingsTakeNoCheckIns() {
        Meeting first = meeting("nine", 0, 20);
        Meeting declined = new Meeting(ROOM, "declined", "ck", null, "bob@corp.example", at(10, 0), at(40, 0), false,
                null, false, true, false, null);
        Meeting cancelled = new Meeting(ROOM, "cancelled", "ck", null, "bob@corp.example", at(10, 0), at(40, 0),
                false, null, false, false, true, null);
        assertThat(MATCHER.match(List.of(first, declined, cancelled), List.of(CheckIn.received(ROOM, at(9, 0), "x"))))
                .singleElement().satisfies(c -> assertThat(c.itemId()).isEqualTo("nine"));
    }

    @Test
    void checkInsMatchedByEarlierVersionsKeepTheirOccurrenceAndUnmatchedOnesCountForNothingUntilMatched() {
        Meeting nine = meeting("nine", 0, 60);
        CheckIn old = new CheckIn(ROOM, "nine", NINE, at(3, 0), "display");
        assertThat(MATCHER.match(List.of(), List.of(old))).containsExactly(old);
        assertThat(POLICY.decide(nine, List.of(old), at(20, 0)).reason()).isEqualTo(Reason.CHECKED_IN);
        CheckIn received = CheckIn.received(ROOM, at(3, 0), "display");
        assertThat(received.isFor(nine)).isFalse();
        assertThat(POLICY.decide(nine, List.of(received), at(20, 0)).reason()).isEqualTo(Reason.NO_CHECK_IN);
    }
}
