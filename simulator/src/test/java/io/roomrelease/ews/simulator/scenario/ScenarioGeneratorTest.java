package io.roomrelease.ews.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.roomrelease.ews.simulator.MutableClock;
import io.roomrelease.ews.simulator.model.CalendarEntry;
import io.roomrelease.ews.simulator.model.ExchangeStore;
import io.roomrelease.ews.simulator.model.RoomList;

class ScenarioGeneratorTest {
    static final Instant NOW = Instant.parse("2025-03-11T10:30:00Z");

    @Test
    void twentyThousandRoomsInBuildingsOfFiftyWithAboutFivePercentInTheWindow() {
        MutableClock clock = new MutableClock(NOW);
        Scenario scenario = ScenarioGenerator.generate(20_000, 42L, clock);
        assertThat(scenario.rooms()).hasSize(20_000);
        assertThat(scenario.roomLists()).hasSize(400).allSatisfy(l -> assertThat(l.rooms()).hasSize(50));
        assertThat(scenario.accounts()).extracting(a -> a.logon()).containsExactly("svc-roomrelease@contoso.com");

        ExchangeStore store = new ExchangeStore(scenario, clock);
        List<MeetingSpec> inWindow = scenario.meetings().stream()
                .filter(m -> m.tags().contains(ScenarioGenerator.IN_WINDOW_TAG)).toList();
        assertThat(inWindow.size()).isBetween(850, 1150); // 5% of 20,000 = 1,000
        assertThat(inWindow).allSatisfy(m -> assertThat(m.start())
                .isBetween(NOW.minus(Duration.ofMinutes(20)), NOW.minus(Duration.ofMinutes(15))));

        // several meetings per room on the working day, each room's day without double bookings
        RoomList first = scenario.roomLists().get(0);
        int total = 0;
        for (String room : first.rooms()) {
            List<CalendarEntry> day = store.calendar(room, Instant.parse("2025-03-11T00:00:00Z"), Instant.parse("2025-03-12T00:00:00Z"));
            total += day.size();
            for (int i = 1; i < day.size(); i++) {
                assertThat(day.get(i).start()).isAfterOrEqualTo(day.get(i - 1).end());
            }
        }
        assertThat(total).isGreaterThan(50 * 2);
        long recurring = scenario.meetings().stream().filter(m -> m.recurrence() != null).count();
        assertThat(recurring).isPositive();
    }

    @Test
    void theWindowAndFractionAreParameters() {
        MutableClock clock = new MutableClock(NOW);
        Scenario all = ScenarioGenerator.generate(200, 7L, clock, ScenarioGenerator.Options.defaults()
                .withInWindow(1.0, Duration.ofMinutes(40), Duration.ofMinutes(30)).withMeetingsPerRoom(0));
        assertThat(all.meetings()).hasSize(200).allSatisfy(m -> assertThat(m.start())
                .isBetween(NOW.minus(Duration.ofMinutes(40)), NOW.minus(Duration.ofMinutes(30))));
    }

    @Test
    void theSameSeedGivesTheSameOrganisation() {
        MutableClock clock = new MutableClock(NOW);
        Scenario a = ScenarioGenerator.generate(300, 99L, clock);
        Scenario b = ScenarioGenerator.generate(300, 99L, clock);
        assertThat(a.meetings()).isEqualTo(b.meetings());
    }
}
