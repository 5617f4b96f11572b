package io.roomrelease.bundle.panel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.roomrelease.bundle.TestClock;
import io.roomrelease.bundle.policy.CheckIn;
import io.roomrelease.bundle.policy.PolicySettings;
import io.roomrelease.bundle.store.CheckInStore;
import io.roomrelease.bundle.store.Database;
import io.roomrelease.camel.ews.model.EwsEvent;

/**
 * What a display shows, as a table: the room's grace comes from the {@link RoomPolicyLookup} (here 5 minutes for one
 * room, 15 for the others), so a per-room policy changes the countdown without touching the display.
 */
class RoomStatusStepsTest {

    private static final Instant NINE = Instant.parse("2026-03-02T09:00:00Z");
    private static final String SHORT = "short.grace@corp.example";
    private static final String ROOM = "room@corp.example";
    private static final RoomPolicyLookup LOOKUP = room -> SHORT.equals(room) ? Duration.ofMinutes(5)
            : Duration.ofMinutes(15);

    @ParameterizedTest(name = "{0} at 09:00 + {1} min, check-in {2}, organizer {3}: {4}")
    @CsvSource({
            // room, minutes after 09:00, checked in at (minutes, empty = no), organizer, status, seconds to release
            ROOM + ",  -30, , ann@corp.example, free, ",
            ROOM + ",  -10, , ann@corp.example, starting-soon, ",
            ROOM + ",    3, , ann@corp.example, about-to-be-released, 720",
            SHORT + ",   3, , ann@corp.example, about-to-be-released, 120",
            SHORT + ",   7, , ann@corp.example, about-to-be-released, 0",
            ROOM + ",    3, 2, ann@corp.example, checked-in, ",
            ROOM + ",    3, -5, ann@corp.example, checked-in, ",
            ROOM + ",    3, , boss@corp.example, busy, ",
            ROOM + ",   61, , ann@corp.example, free, ",
    })
    void statusTable(String room, int minutes, Integer checkedInAt, String organizer, String status,
                     Long secondsToRelease) {
        TestClock clock = new TestClock(NINE.plus(Duration.ofMinutes(minutes)));
        DataSource ds = Database.dataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        Database.migrate(ds);
        CheckInStore checkIns = new CheckInStore(ds, clock);
        if (checkedInAt != null) {
            checkIns.receive(CheckIn.received(room, NINE.plus(Duration.ofMinutes(checkedInAt)), "display"));
        }
        PolicySettings defaults = new PolicySettings(Duration.ofMinutes(15), Duration.ofMinutes(15),
                Duration.ofMinutes(15), Duration.ofMinutes(10), Duration.ofHours(8), Set.of("boss@corp.example"),
                Set.of(), null);
        RoomStatusSteps steps = new RoomStatusSteps(defaults, LOOKUP, checkIns, clock);
        EwsEvent meeting = EwsEvent.builder().itemId("m1").changeKey("c1").mailbox(room).organizer(organizer)
                .start(NINE).end(NINE.plus(Duration.ofHours(1))).created(NINE.minus(Duration.ofDays(1))).build();

        Map<String, Object> out = steps.status(room, List.of(meeting));

        assertThat(out.get("status")).isEqualTo(status);
        assertThat(out.get("secondsToRelease")).isEqualTo(secondsToRelease);
        if (secondsToRelease != null) {
            assertThat(out.get("releaseAt")).isEqualTo(NINE.plus(LOOKUP.graceFor(room)));
        }
        Database.close(ds);
    }
}
