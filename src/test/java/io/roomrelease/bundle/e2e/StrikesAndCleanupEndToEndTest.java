package io.roomrelease.bundle.e2e;

import static io.roomrelease.bundle.e2e.SweepEndToEndTest.A;
import static io.roomrelease.bundle.e2e.SweepEndToEndTest.ANN;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import io.roomrelease.bundle.TestClock;
import io.roomrelease.ews.simulator.model.Recurrence;
import io.roomrelease.ews.simulator.model.SentMessage;
import io.roomrelease.ews.simulator.scenario.MeetingSpec;
import io.roomrelease.ews.simulator.scenario.Scenario;

/** The nightly cleanup: strikes on a recurring series, and the per-room report. */
class StrikesAndCleanupEndToEndTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @EnumSource(BundleFixture.Api.class)
    void afterThreeNoShowsTheRoomDeclinesTheSeriesAndTellsTheOrganizerWhy(BundleFixture.Api api) throws Exception {
        Instant day1 = Instant.parse("2026-03-02T09:00:00Z");
        Scenario scenario = Scenario.builder()
                .serviceAccount(BundleFixture.SERVICE, BundleFixture.PASSWORD)
                .room(A, "Room A").user(ANN, "Ann")
                .meeting(MeetingSpec.builder("Daily stand-up", ANN).rooms(A).start(day1)
                        .duration(Duration.ofMinutes(30)).created(day1.minus(Duration.ofDays(30)))
                        .recurrence(Recurrence.daily(1, LocalDate.of(2026, 3, 2)).withOccurrences(10)).build())
                .build();
        TestClock clock = new TestClock(day1.plus(Duration.ofMinutes(20)));
        try (BundleFixture f = new BundleFixture(api, scenario, clock, dir)) {
            f.set("roomrelease.rooms", A).set("roomrelease.guard-min-in-progress", "10").start();
            for (int day = 0; day < 3; day++) {
                clock.set(day1.plus(Duration.ofDays(day)).plus(Duration.ofMinutes(20)));
                f.app().sweepNow();
            }
            assertThat(f.simulator.store().sentMessages(ANN)).filteredOn(m -> m.kind() == SentMessage.Kind.DECLINE)
                    .hasSize(3);

            clock.set(day1.plus(Duration.ofDays(2)).plus(Duration.ofHours(17))); // 02:00 the next night
            f.app().cleanupNow();

            assertThat(f.simulator.store().sentMessages(ANN)).filteredOn(m -> m.kind() == SentMessage.Kind.DECLINE)
                    .filteredOn(m -> m.body().contains("declined the series")).hasSize(1);
            assertThat(f.auditStore().find(A, day1, clock.instant().plusSeconds(1), 100))
                    .filteredOn(r -> r.operation().equals("declineSeries")).singleElement()
                    .satisfies(r -> assertThat(r.reason()).isEqualTo("STRIKES"));
            // the rule acts once
            f.app().cleanupNow();
            assertThat(f.auditStore().find(A, day1, clock.instant().plusSeconds(1), 100))
                    .filteredOn(r -> r.operation().equals("declineSeries")).hasSize(1);

            Path csv = dir.resolve("reports").resolve("room-report-2026-03-05.csv");
            assertThat(csv).exists();
            assertThat(Files.readString(csv)).startsWith("room,meetings,no_shows,releases,no_show_rate")
                    .contains(A + ",1,1,1,1.000");
            assertThat(dir.resolve("reports").resolve("room-report-2026-03-05.json")).exists();
        }
    }

    @org.junit.jupiter.api.Test
    void theNightlyCleanupPurgesReleasedSlotsOnceNoReportWindowNeedsThem() throws Exception {
        TestClock clock = new TestClock(SweepEndToEndTest.NOW);
        try (BundleFixture f = new BundleFixture(SweepEndToEndTest.twoRooms().build(), clock, dir)) {
            f.set("roomrelease.rooms", A).set("roomrelease.guard-min-in-progress", "10").start();
            assertThat(f.app().sweepNow().count(io.roomrelease.bundle.sweep.SweepReport.Outcome.RELEASED)).isEqualTo(1);
            assertThat(releasedSlots(f)).isEqualTo(1);

            clock.advance(Duration.ofDays(89)); // the dashboard's longest window is 90 days
            f.app().cleanupNow();
            assertThat(releasedSlots(f)).as("still inside the 90-day report window").isEqualTo(1);

            clock.advance(Duration.ofDays(2));
            f.app().cleanupNow();
            assertThat(releasedSlots(f)).as("older than the release-key retention and every report window")
                    .isZero();
        }
    }

    private static long releasedSlots(BundleFixture f) throws java.sql.SQLException {
        javax.sql.DataSource db = f.app().context().getRegistry().lookupByNameAndType("dataSource",
                javax.sql.DataSource.class);
        try (java.sql.Connection c = db.getConnection(); java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM released_slot")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
