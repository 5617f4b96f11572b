package io.roomrelease.bundle.roompolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.roomrelease.bundle.policy.AbandonedMeetingPolicy;
import io.roomrelease.bundle.policy.Action;
import io.roomrelease.bundle.policy.Decision;
import io.roomrelease.bundle.policy.Meeting;
import io.roomrelease.bundle.policy.MessageTemplate;
import io.roomrelease.bundle.policy.PolicySettings;
import io.roomrelease.bundle.policy.Reason;
import io.roomrelease.bundle.policy.RoomPolicy;
import io.roomrelease.bundle.policy.RoomPolicy.Rule;
import io.roomrelease.bundle.settings.InvalidSettingsException;
import io.roomrelease.bundle.settings.RoomReleaseSettings;
import io.roomrelease.bundle.settings.SettingSource;
import io.roomrelease.camel.ews.model.RoomAddress;

/** Per-room policy: room wins over room list, room list over the defaults; the rooms file is checked line by line. */
class RoomPoliciesTest {

    static final String FLOOR2 = "floor2@corp.example";
    static final String FLOOR3 = "floor3@corp.example";
    static final String A = "room.a@corp.example";   // in floor2, no own overrides
    static final String B = "room.b@corp.example";   // in floor2, its own overrides
    static final String C = "room.c@corp.example";   // in floor3 (no overrides for the list)
    static final String D = "room.d@corp.example";   // in no list, its own overrides
    static final String E = "room.e@corp.example";   // in no list, nothing
    static final String LOBBY = "lobby@corp.example"; // in roomrelease.rooms-without-display

    static final PolicySettings DEFAULTS = new PolicySettings(Duration.ofMinutes(15), Duration.ofMinutes(15),
            Duration.ofMinutes(15), Duration.ofMinutes(10), Duration.ofHours(8), Set.of("ceo@corp.example"),
            Set.of(LOBBY), ZoneId.of("UTC"));

    static final String FILE = """
            # overrides of the integration team
            room-lists:
              floor2@corp.example:
                grace-minutes: 5
                checkin-opens-minutes: 10
                exempt-organizers: [cfo@corp.example, board@corp.example]
              floor3@corp.example:
            rooms:
              room.b@corp.example:
                grace-minutes: 20
                has-display: false
              room.d@corp.example:
                late-booking-minutes: 0
                max-duration-hours: 4
                checkin-closes-minutes: 5
            """;

    static RoomPolicies policies() {
        RoomsFile.Content c = RoomsFile.parse("rooms.yaml", new StringReader(FILE), List.of(FLOOR2, FLOOR3),
                List.of(D, E, LOBBY));
        RoomPolicies p = new RoomPolicies(DEFAULTS, c, Duration.ofMinutes(5));
        p.learnRoomList(FLOOR2, List.of(new RoomAddress(A, "Room A"), new RoomAddress(B, "Room B")));
        p.learnRoomList(FLOOR3, List.of(new RoomAddress(C, "Room C")));
        return p;
    }

    static Stream<Arguments> resolution() {
        String def = RoomPolicy.DEFAULT;
        String l2 = "room list " + FLOOR2;
        return Stream.of(
                // room, rule, value, origin
                Arguments.of(A, Rule.GRACE, Duration.ofMinutes(5), l2),
                Arguments.of(A, Rule.CHECK_IN_OPENS, Duration.ofMinutes(10), l2),
                Arguments.of(A, Rule.CHECK_IN_CLOSES, Duration.ofMinutes(15), def),
                Arguments.of(A, Rule.EXEMPT_ORGANIZERS, Set.of("cfo@corp.example", "board@corp.example"), l2),
                Arguments.of(A, Rule.HAS_DISPLAY, true, def),
                Arguments.of(B, Rule.GRACE, Duration.ofMinutes(20), "room " + B),       // room over list
                Arguments.of(B, Rule.CHECK_IN_OPENS, Duration.ofMinutes(10), l2),      // list where the room is silent
                Arguments.of(B, Rule.HAS_DISPLAY, false, "room " + B),
                Arguments.of(B, Rule.LATE_BOOKING, Duration.ofMinutes(10), def),       // default where both are
                Arguments.of(C, Rule.GRACE, Duration.ofMinutes(15), def),              // a list without overrides
                Arguments.of(D, Rule.LATE_BOOKING, Duration.ZERO, "room " + D),
                Arguments.of(D, Rule.MAX_DURATION, Duration.ofHours(4), "room " + D),
                Arguments.of(D, Rule.CHECK_IN_CLOSES, Duration.ofMinutes(5), "room " + D),
                Arguments.of(D, Rule.GRACE, Duration.ofMinutes(15), def),
                Arguments.of(D, Rule.EXEMPT_ORGANIZERS, Set.of("ceo@corp.example"), def),
                Arguments.of(E, Rule.GRACE, Duration.ofMinutes(15), def),
                Arguments.of(LOBBY, Rule.HAS_DISPLAY, false, "roomrelease.rooms-without-display"),
                Arguments.of("ROOM.A@Corp.Example", Rule.GRACE, Duration.ofMinutes(5), l2));
    }

    @ParameterizedTest(name = "{0} {1} = {2} from {3}")
    @MethodSource("resolution")
    void roomWinsOverListListWinsOverDefault(String room, Rule rule, Object value, String origin) {
        RoomPolicy p = policies().forRoom(room);
        Object actual = switch (rule) {
            case GRACE -> p.grace();
            case CHECK_IN_OPENS -> p.checkInOpensBefore();
            case CHECK_IN_CLOSES -> p.checkInClosesAfter();
            case LATE_BOOKING -> p.lateBooking();
            case MAX_DURATION -> p.maxDuration();
            case EXEMPT_ORGANIZERS -> p.exemptOrganizers();
            case HAS_DISPLAY -> p.hasDisplay();
        };
        assertThat(actual).isEqualTo(value);
        assertThat(p.origin(rule)).isEqualTo(origin);
    }

    @Test
    void aRoomWhoseListIsNotKnownYetHasTheDefaultsAndItsOwnOverrides() {
        RoomsFile.Content c = RoomsFile.parse("rooms.yaml", new StringReader(FILE), List.of(FLOOR2, FLOOR3), List.of());
        RoomPolicies p = new RoomPolicies(DEFAULTS, c, Duration.ofMinutes(5));
        assertThat(p.forRoom(A).grace()).isEqualTo(Duration.ofMinutes(15));
        assertThat(p.forRoom(B).grace()).isEqualTo(Duration.ofMinutes(20));
        p.learnRoomList(FLOOR2, List.of(new RoomAddress(A, "Room A")));
        assertThat(p.forRoom(A).grace()).isEqualTo(Duration.ofMinutes(5));
        assertThat(p.roomListOf(A)).contains(FLOOR2);
        // the list is read again without the room: its overrides no longer apply
        p.learnRoomList(FLOOR2, List.of());
        assertThat(p.forRoom(A).grace()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void theSweepsBoundsCoverTheWidestRoom() {
        RoomPolicies p = policies();
        assertThat(p.widestCheckInOpens()).isEqualTo(Duration.ofMinutes(15));
        assertThat(p.longestGrace()).isEqualTo(Duration.ofMinutes(20));
        assertThat(p.longestMaxDuration()).isEqualTo(Duration.ofHours(8));
        Instant nine = Instant.parse("2026-03-02T09:00:00Z");
        assertThat(p.warnAt(A, nine)).contains(nine);                         // 09:00 + 5 - 5
        assertThat(p.warnAt(B, nine)).contains(nine.plusSeconds(15 * 60));    // 09:00 + 20 - 5
        assertThat(new RoomPolicies(DEFAULTS, RoomsFile.Content.empty("-"), Duration.ZERO).warnAt(A, nine)).isEmpty();
    }

    @Test
    void theDecisionNamesTheRuleThatAppliedAndWhereItCameFrom() {
        AbandonedMeetingPolicy policy = new AbandonedMeetingPolicy(DEFAULTS, policies());
        Instant nine = Instant.parse("2026-03-02T09:00:00Z");
        Decision a = policy.decide(meeting(A, "ann@corp.example", nine), List.of(), nine.plusSeconds(5 * 60));
        assertThat(a.action()).isEqualTo(Action.DECLINE);
        assertThat(a.text()).isEqualTo("nobody checked in by 09:05 (start 09:00 + grace 5 min from room list "
                + FLOOR2 + ")");
        Decision c = policy.decide(meeting(C, "ann@corp.example", nine), List.of(), nine.plusSeconds(5 * 60));
        assertThat(c.reason()).isEqualTo(Reason.IN_GRACE_PERIOD);
        assertThat(c.text()).contains("until 09:15 (grace 15 min by default)");
        Decision b = policy.decide(meeting(B, "ann@corp.example", nine), List.of(), nine.plusSeconds(30 * 60));
        assertThat(b.reason()).isEqualTo(Reason.ROOM_WITHOUT_DISPLAY);
        assertThat(b.text()).contains("no display from room " + B);
        Decision exempt = policy.decide(meeting(A, "CFO@corp.example", nine), List.of(), nine.plusSeconds(30 * 60));
        assertThat(exempt.reason()).isEqualTo(Reason.EXEMPT_ORGANIZER);
        assertThat(exempt.text()).contains("from room list " + FLOOR2);
        // the default exemption does not apply where the list replaced the exemptions
        assertThat(policy.decide(meeting(A, "ceo@corp.example", nine), List.of(), nine.plusSeconds(30 * 60)).action())
                .isEqualTo(Action.DECLINE);
        // the warning comes at start + grace - warn: 09:00 for room A (grace 5), 09:10 for room C (grace 15)
        Decision early = policy.decide(meeting(A, "ann@corp.example", nine), List.of(), nine.minusSeconds(60));
        assertThat(policy.warnAt(early, Duration.ofMinutes(5))).contains(nine);
        assertThat(policy.warnAt(c, Duration.ofMinutes(5))).contains(nine.plusSeconds(10 * 60));
        assertThat(policy.warnAt(c, Duration.ZERO)).isEmpty();
        assertThat(policy.warnAt(a, Duration.ofMinutes(5))).as("released, not warned").isEmpty();
    }

    private static Meeting meeting(String room, String organizer, Instant start) {
        return new Meeting(room, "item-" + room, "ck", null, organizer, start, start.plusSeconds(3600), false,
                start.minusSeconds(86_400), false, false, false, "Sync");
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
                Arguments.of("room-lists:\n  floor2@corp.example:\n    grace-minute: 5\n",
                        "rooms.yaml:3:5: room-lists.floor2@corp.example: unknown key 'grace-minute' (did you mean "
                                + "grace-minutes?)"),
                Arguments.of("room-lists:\n  floor2@corp.example:\n    grace-minutes: five\n",
                        "rooms.yaml:3:20: room-lists.floor2@corp.example.grace-minutes must be a whole number between 0 "
                                + "and 240, was 'five'"),
                Arguments.of("room-lists:\n  floor2@corp.example:\n    grace-minutes: 241\n",
                        "rooms.yaml:3:20: room-lists.floor2@corp.example.grace-minutes must be a whole number between 0 "
                                + "and 240, was '241'"),
                Arguments.of("room-lists:\n  floor2@corp.example:\n    has-display: yes\n",
                        "rooms.yaml:3:18: room-lists.floor2@corp.example.has-display must be true or false, was 'yes'"),
                Arguments.of("room-lists:\n  flor2@corp.example:\n    grace-minutes: 5\n",
                        "rooms.yaml:2:3: room list flor2@corp.example is not swept: add it to roomrelease.room-lists "
                                + "or remove it here (did you mean floor2@corp.example?)"),
                Arguments.of("room:\n  room.d@corp.example: {}\n",
                        "rooms.yaml:1:1: unknown key 'room' (did you mean rooms?)"),
                Arguments.of("rooms:\n  room.d@corp.example:\n    exempt-organizers: [boss]\n",
                        "rooms.yaml:3:25: rooms.room.d@corp.example.exempt-organizers: each entry must be an SMTP "
                                + "address, was 'boss'"),
                Arguments.of("rooms:\n  room.d@corp.example:\n    grace-minutes: 5\n  ROOM.D@corp.example:\n",
                        "rooms.yaml:4:3: rooms: room.d@corp.example appears twice (first at rooms.yaml:2:3)"),
                Arguments.of("rooms:\n  room.d@corp.example:\n    grace-minutes: [5\n",
                        "rooms.yaml:4:1: not valid YAML"),
                Arguments.of("- just a list\n", "rooms.yaml:1:1: the file must be a mapping of keys to values"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badFiles")
    void aBadFileIsRefusedWithFileLineAndColumn(String text, String problem) {
        assertThatThrownBy(() -> RoomsFile.parse("rooms.yaml", new StringReader(text), List.of(FLOOR2),
                List.of(D)))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageStartingWith("Room Release cannot start, fix the rooms file rooms.yaml")
                .hasMessageContaining(problem);
    }

    @Test
    void everyProblemIsNamedAtOnce() {
        String text = "room-lists:\n  floor2@corp.example:\n    grace-minutes: -1\n    checkin-opens: 5\n";
        assertThatThrownBy(() -> RoomsFile.parse("rooms.yaml", new StringReader(text), List.of(FLOOR2), List.of()))
                .isInstanceOfSatisfying(InvalidSettingsException.class, e -> assertThat(e.problems())
                        .hasSize(2).anyMatch(p -> p.startsWith("rooms.yaml:3:"))
                        .anyMatch(p -> p.startsWith("rooms.yaml:4:")));
    }

    @Test
    void withRoomListsARoomIsCheckedOnceTheListsWereRead(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rooms.yaml");
        Files.writeString(file, "rooms:\n  room.z@corp.example:\n    grace-minutes: 5\n");
        // a room list is swept: the room may be one of its rooms, which is only known once the list is read
        RoomsFile.Content c = RoomsFile.read(file, List.of(FLOOR2), List.of());
        assertThat(c.rooms()).containsKey("room.z@corp.example");
        assertThat(c.rooms().get("room.z@corp.example").where()).isEqualTo(file + ":2:3");
        // without room lists, a room must be one of roomrelease.rooms
        Files.writeString(file, "rooms:\n  room.dd@corp.example:\n    grace-minutes: 5\n");
        assertThatThrownBy(() -> RoomsFile.read(file, List.of(), List.of(D)))
                .hasMessageContaining(file + ":2:3: room room.dd@corp.example is not swept: add it to roomrelease.rooms")
                .hasMessageContaining("(did you mean " + D + "?)");
        // an absent file means defaults only
        assertThat(RoomsFile.read(dir.resolve("absent.yaml"), List.of(), List.of()).rooms()).isEmpty();
    }

    @Test
    void messagePlaceholdersAreCheckedAndFilled() {
        assertThat(MessageTemplate.problems("within {graceMinutes} minutes", MessageTemplate.DECLINE)).isEmpty();
        assertThat(MessageTemplate.problems("within {graceMinute} minutes", MessageTemplate.DECLINE))
                .singleElement().asString().contains("unknown placeholder {graceMinute}")
                .contains("did you mean {graceMinutes}?");
        assertThat(MessageTemplate.problems("the last {strikes} meetings, {graceMinutes}", MessageTemplate.STRIKES))
                .singleElement().asString().contains("{graceMinutes}").contains("it may use {strikes}");
        assertThat(MessageTemplate.of("the last {strikes} meetings").render(Map.of("strikes", 4)))
                .isEqualTo("the last 4 meetings");
    }

    @Test
    void theShippedMessagesUsePlaceholdersAndAWrongOneStopsStartUpNamingTheSetting() {
        Map<String, String> settings = new HashMap<>(
                SettingSource.defaults());
        settings.put("roomrelease.rooms", A);
        RoomReleaseSettings ok = RoomReleaseSettings
                .load(SettingSource.of(settings));
        assertThat(ok.declineMessage()).contains("{graceMinutes}").doesNotContain("15");
        assertThat(ok.strikesMessage()).contains("{strikes}").doesNotContain("3 meetings");
        assertThat(ok.roomPolicy().warnBefore()).isEqualTo(Duration.ofMinutes(5));
        settings.put("roomrelease.decline-message", "Nobody came within {grace} minutes.");
        settings.put("roomrelease.policy.warn-minutes", "241");
        assertThat(RoomReleaseSettings.problems(
                SettingSource.of(settings)))
                .anySatisfy(p -> assertThat(p).contains("ROOMRELEASE_DECLINE_MESSAGE")
                        .contains("unknown placeholder {grace}").contains("did you mean {graceMinutes}?"))
                .anySatisfy(p -> assertThat(p).contains("ROOMRELEASE_POLICY_WARN_MINUTES")
                        .contains("between 0 and 240"))
                .hasSize(2);
    }
}
