package io.roomrelease.ews.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.roomrelease.ews.simulator.MutableClock;
import io.roomrelease.ews.simulator.model.CalendarEntry;
import io.roomrelease.ews.simulator.model.CalendarItemKind;
import io.roomrelease.ews.simulator.model.ExchangeStore;
import io.roomrelease.ews.simulator.model.PermissionLevel;
import io.roomrelease.ews.simulator.model.Recurrence;

class ScenarioLoaderTest {
    static final Instant NOW = Instant.parse("2025-03-10T09:00:00Z");
    final MutableClock clock = new MutableClock(NOW);

    @TempDir
    Path dir;

    Path write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void loadsYamlWithRelativeTimesRecurrenceAndRights() throws Exception {
        Scenario s = Scenario.load(write("s.yaml", """
                organisation: contoso.com
                throttling: {maxConcurrency: 5}
                defaultRoomPermission: LimitedDetails
                accounts:
                  - {logon: svc@contoso.com, password: pw, clientId: app, clientSecret: sec, impersonation: true, impersonationScope: [b1@contoso.com]}
                roomLists:
                  - {email: b1@contoso.com, name: Building 1, rooms: [room-1a@contoso.com]}
                rooms:
                  - {email: room-1a@contoso.com, name: Room 1A, capacity: 8, hasDisplay: false}
                users:
                  - {email: alice@contoso.com, name: Alice}
                meetings:
                  - subject: Weekly sync
                    organizer: alice@contoso.com
                    rooms: [room-1a@contoso.com]
                    start: "-PT20M"
                    duration: PT1H
                    created: "-P2D"
                    recurrence: {pattern: weekly, interval: 1, daysOfWeek: [MONDAY, WEDNESDAY], numberOfOccurrences: 10}
                    tags: [checked-in]
                """), clock);
        assertThat(s.throttling().maxConcurrency()).isEqualTo(5);
        assertThat(s.defaultRoomPermission()).isEqualTo(PermissionLevel.LIMITED_DETAILS);
        assertThat(s.rooms().get(0).building()).isEqualTo("Building 1");
        assertThat(s.rooms().get(0).hasDisplay()).isFalse();
        assertThat(s.accounts().get(0).mayImpersonate("room-1a@contoso.com")).isTrue();
        assertThat(s.accounts().get(0).mayImpersonate("alice@contoso.com")).isFalse();
        MeetingSpec m = s.meetings().get(0);
        assertThat(m.start()).isEqualTo(NOW.minus(Duration.ofMinutes(20)));
        assertThat(m.created()).isEqualTo(NOW.minus(Duration.ofDays(2)));
        assertThat(m.recurrence().kind()).isEqualTo(Recurrence.Kind.WEEKLY);
        assertThat(m.recurrence().numberOfOccurrences()).isEqualTo(10);
        assertThat(m.tags()).containsExactly("checked-in");
    }

    @Test
    void jsonWorksToo() throws Exception {
        Scenario s = Scenario.load(write("s.json", """
                {"rooms": [{"email": "r@contoso.com"}], "accounts": [{"logon": "a@contoso.com", "password": "p"}]}
                """), clock);
        assertThat(s.rooms()).hasSize(1);
    }

    @Test
    void unknownKeysNameTheFileTheKeyAndTheFix() throws Exception {
        Path file = write("bad.yaml", "rooms:\n  - {email: r@contoso.com, seats: 4}\n");
        assertThatThrownBy(() -> Scenario.load(file, clock)).hasMessageContaining("bad.yaml")
                .hasMessageContaining("unknown key 'seats'").hasMessageContaining("rooms[0]").hasMessageContaining("capacity");
    }

    @Test
    void badValuesNameTheKeyAndTheFix() throws Exception {
        assertThatThrownBy(() -> Scenario.load(write("d.yaml", """
                users: [{email: a@contoso.com}]
                meetings: [{organizer: a@contoso.com, start: "-PT20M", duration: "an hour"}]
                """), clock)).hasMessageContaining("meetings[0].duration").hasMessageContaining("PT45M");
        assertThatThrownBy(() -> Scenario.load(write("o.yaml", """
                meetings: [{organizer: a@contoso.com, start: "tomorrow"}]
                """), clock)).hasMessageContaining("meetings[0].start").hasMessageContaining("-PT20M");
        assertThatThrownBy(() -> Scenario.load(write("r.yaml", """
                meetings: [{organizer: a@contoso.com, start: "-PT1H", roomResponse: Maybe}]
                """), clock)).hasMessageContaining("meetings[0].roomResponse").hasMessageContaining("Accept");
        Scenario ghost = Scenario.load(write("g.yaml", """
                meetings: [{organizer: ghost@contoso.com, start: "2025-03-10T09:00:00Z"}]
                """), clock);
        assertThatThrownBy(() -> new ExchangeStore(ghost, clock)).hasMessageContaining("ghost@contoso.com")
                .hasMessageContaining("add it under users or rooms");
        assertThatThrownBy(() -> Scenario.load(dir.resolve("missing.yaml"), clock)).hasMessageContaining("missing.yaml");
    }

    @Test
    void theDemoTellsItsStory() {
        Scenario demo = Scenario.demo(clock);
        assertThat(demo.roomLists()).extracting(l -> l.name()).containsExactly("Building 1", "Building 2");
        assertThat(demo.rooms()).hasSize(8);
        assertThat(demo.rooms()).filteredOn(r -> !r.hasDisplay()).hasSize(1);
        assertThat(demo.accounts()).extracting(a -> a.logon())
                .contains("svc-roomrelease@contoso.com", "svc-limited@contoso.com", "alice@contoso.com");
        assertThat(demo.accounts().get(1).mayImpersonate("room-1a@contoso.com")).isTrue();
        assertThat(demo.accounts().get(1).mayImpersonate("room-2a@contoso.com")).isFalse();
        ExchangeStore store = new ExchangeStore(demo, clock);
        // an abandoned meeting in Room 1B started 20 minutes ago without a check-in
        CalendarEntry abandoned = store.calendar("room-1b@contoso.com", NOW.minus(Duration.ofHours(1)), NOW).get(0);
        assertThat(abandoned.start()).isEqualTo(NOW.minus(Duration.ofMinutes(20)));
        assertThat(abandoned.tags()).doesNotContain("checked-in");
        // the no-show series has three past occurrences plus today's
        assertThat(store.calendar("room-1c@contoso.com", NOW.minus(Duration.ofDays(30)), NOW))
                .hasSize(4).allSatisfy(o -> assertThat(o.type()).isEqualTo(CalendarItemKind.Occurrence))
                .allSatisfy(o -> assertThat(o.hasTag("no-show")).isTrue());
        assertThat(store.calendar("room-1d@contoso.com")).singleElement().satisfies(c -> assertThat(c.allDay()).isTrue());
    }
}
