package io.roomrelease.bundle.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.roomrelease.bundle.settings.RoomReleaseSettings;
import io.roomrelease.bundle.settings.SettingSource;
import io.roomrelease.camel.ews.model.RoomAddress;

class RoomDirectoryTest {

    /** A clock the test moves by hand. */
    static final class HandClock extends Clock {
        Instant now = Instant.parse("2026-03-02T08:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final HandClock clock = new HandClock();

    RoomDirectory directory(Map<String, String> settings) {
        return new RoomDirectory(RoomReleaseSettings.load(SettingSource.withDefaults(settings)), clock);
    }

    static List<List<RoomAddress>> answer(String... rooms) {
        return List.of(java.util.Arrays.stream(rooms).map(r -> new RoomAddress(r, r)).toList());
    }

    @Test
    void theRoomListsAreReadAgainOnlyAfterTheRefreshPeriod() {
        RoomDirectory d = directory(Map.of("roomrelease.rooms", "Extra@corp.example",
                "roomrelease.room-lists", "building-a@corp.example", "roomrelease.room-lists.refresh-minutes", "60"));
        assertThat(d.reusable()).as("nothing read yet").isNull();
        assertThat(d.merge(answer("Room-1@corp.example", "room-2@corp.example")))
                .containsExactly("extra@corp.example", "room-1@corp.example", "room-2@corp.example");

        clock.now = clock.now.plus(Duration.ofMinutes(59));
        assertThat(d.reusable()).containsExactly("extra@corp.example", "room-1@corp.example", "room-2@corp.example");

        clock.now = clock.now.plus(Duration.ofMinutes(1));
        assertThat(d.reusable()).as("60 minutes old: read the lists again").isNull();
        d.merge(answer("room-3@corp.example"));
        assertThat(d.reusable()).containsExactly("extra@corp.example", "room-3@corp.example");
    }

    @Test
    void zeroMeansEverySweepAndNoRoomListsMeansNothingToRead() {
        RoomDirectory everySweep = directory(Map.of("roomrelease.room-lists", "building-a@corp.example",
                "roomrelease.room-lists.refresh-minutes", "0"));
        everySweep.merge(answer("room-1@corp.example"));
        assertThat(everySweep.reusable()).isNull();

        RoomDirectory roomsOnly = directory(Map.of("roomrelease.rooms", "a@corp.example,b@corp.example"));
        assertThat(roomsOnly.reusable()).containsExactly("a@corp.example", "b@corp.example");
    }
}
