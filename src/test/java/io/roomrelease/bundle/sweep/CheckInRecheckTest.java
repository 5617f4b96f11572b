package io.roomrelease.bundle.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import io.roomrelease.bundle.TestClock;
import io.roomrelease.bundle.policy.CheckIn;
import io.roomrelease.bundle.policy.Decision;
import io.roomrelease.bundle.policy.Meeting;
import io.roomrelease.bundle.settings.RoomReleaseSettings;
import io.roomrelease.bundle.settings.SettingSource;
import io.roomrelease.bundle.store.CheckInStore;
import io.roomrelease.bundle.store.Database;
import io.roomrelease.bundle.store.SeriesOutcomeStore;

/**
 * The re-check right before a release matches check-ins stored as received during the sweep to the room's meetings
 * the sweep read, as the snapshot does: back-to-back meetings, the closest start wins.
 */
class CheckInRecheckTest {

    private static final String ROOM = "room.a@corp.example";
    private static final Instant NINE = Instant.parse("2026-03-02T09:00:00Z");

    // back to back: 09:00-09:20, then a recurring 09:20-10:00
    private static final Meeting FIRST = new Meeting(ROOM, "first", "ck", null, "ann@corp.example", NINE,
            NINE.plus(Duration.ofMinutes(20)), false, NINE.minus(Duration.ofDays(1)), false, false, false, null);
    private static final Meeting SECOND = new Meeting(ROOM, "second", "ck", "series-2", "bob@corp.example",
            NINE.plus(Duration.ofMinutes(20)), NINE.plus(Duration.ofHours(1)), false, NINE.minus(Duration.ofDays(1)),
            false, false, false, null);

    private final TestClock clock = new TestClock(NINE.plus(Duration.ofMinutes(36)));
    private final DataSource ds = Database.dataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
            "sa", "");
    private final CheckInStore store = new CheckInStore(ds, clock);
    private final SeriesOutcomeStore outcomes = new SeriesOutcomeStore(ds, clock);
    private final RoomReleaseSettings settings = RoomReleaseSettings.load(SettingSource.withDefaults(Map.of("roomrelease.rooms",
            ROOM)));
    private final SweepSteps steps = new SweepSteps(settings, store, outcomes, clock);

    CheckInRecheckTest() {
        Database.migrate(ds);
    }

    /** A sweep that read both meetings and decided to release the second (nobody had checked in). */
    private Decision releaseOfSecond(Exchange sweep) {
        steps.begin(sweep);
        CheckInSnapshot snapshot = sweep.getProperty(SweepSteps.CHECK_INS, CheckInSnapshot.class);
        assertThat(snapshot.forRoom(ROOM, List.of(FIRST, SECOND))).isEmpty();
        Decision d = settings.abandonedMeetingPolicy().decide(SECOND, List.of(), clock.instant());
        assertThat(d.releases()).isTrue();
        return d;
    }

    @Test
    void aCheckInClosestToTheReleasedMeetingsStartStopsTheReleaseAndCountsAsAttended() {
        Exchange sweep = new DefaultExchange(new DefaultCamelContext());
        Decision release = releaseOfSecond(sweep);
        // 09:12 lies in both windows, closer to 09:20: it is the second meeting's
        store.receive(CheckIn.received(ROOM, NINE.plus(Duration.ofMinutes(12)), "badge-reader-1"));
        assertThat(steps.checkedInMeanwhile(release, sweep.getProperty(SweepSteps.CHECK_INS, CheckInSnapshot.class)))
                .isTrue();
        assertThat(outcomes.undeclinedSeries()).singleElement().satisfies(s -> {
            assertThat(s.seriesId()).isEqualTo("series-2");
            assertThat(s.outcomes()).singleElement().satisfies(o -> assertThat(o.showed()).isTrue());
        });
    }

    @Test
    void aCheckInClosestToTheOtherMeetingsStartDoesNotStopTheRelease() {
        Exchange sweep = new DefaultExchange(new DefaultCamelContext());
        Decision release = releaseOfSecond(sweep);
        // 09:08 lies in both windows, closer to 09:00: it is the first meeting's
        store.receive(CheckIn.received(ROOM, NINE.plus(Duration.ofMinutes(8)), "badge-reader-1"));
        assertThat(steps.checkedInMeanwhile(release, sweep.getProperty(SweepSteps.CHECK_INS, CheckInSnapshot.class)))
                .isFalse();
        assertThat(outcomes.undeclinedSeries()).isEmpty();
        // without the sweep's view of the room, the re-check can only judge the meeting alone (keeps it: safe side)
        assertThat(steps.checkedInMeanwhile(release, null)).isTrue();
    }
}
