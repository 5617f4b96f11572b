package io.roomrelease.bundle.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.micrometer.core.instrument.MeterRegistry;
import io.roomrelease.bundle.TestClock;
import io.roomrelease.bundle.metrics.RoomReleaseMetrics;
import io.roomrelease.bundle.security.ApiKeyHasher;
import io.roomrelease.bundle.sweep.SweepReport;

/**
 * The business meters through the real routes: check-ins by source (ESB and display), dead letters, and a sweep the
 * safety guard stops (a guard trip; its releases counted as stopped, none as released).
 */
class BusinessMetersEndToEndTest {

    private static final String KEY_A = "display-key-room-a-0123456789";

    @TempDir
    Path dir;

    @Test
    void checkInsDeadLettersAndGuardTripsAreCounted() throws Exception {
        TestClock clock = new TestClock(SweepEndToEndTest.NINE.plusSeconds(60));
        try (BundleFixture f = new BundleFixture(SweepEndToEndTest.twoRooms().build(), clock, dir)) {
            f.set("roomrelease.rooms", SweepEndToEndTest.A + "," + SweepEndToEndTest.B)
                    .set("roomrelease.guard-min-in-progress", "2").set("roomrelease.max-release-ratio", "0.4")
                    .set("roomrelease.display.api-keys", SweepEndToEndTest.A + "=" + ApiKeyHasher.hash(KEY_A));
            f.start();
            MeterRegistry meters = f.app().context().getRegistry().lookupByNameAndType("metrics",
                    RoomReleaseMetrics.class).registry();

            var template = f.app().context().createProducerTemplate();
            template.sendBody("seda:checkins", "{\"room\":\"room.c@corp.example\",\"source\":\"badge-reader-7\"}");
            template.sendBody("seda:checkins", "this is not JSON");
            assertThat(f.post("/api/rooms/" + SweepEndToEndTest.A + "/checkin", KEY_A).statusCode()).isLessThan(300);
            awaitCount(meters, "roomrelease.checkins", "source", "esb", 1);
            awaitCount(meters, "roomrelease.dead.letters", "queue", "checkins", 1);
            assertThat(meters.get("roomrelease.checkins").tag("source", "display").counter().count()).isEqualTo(1);

            // 09:20: both meetings abandoned (room A's check-in at 09:01 is in its window, so A is kept: 1 of 2)
            clock.set(SweepEndToEndTest.NOW);
            SweepReport report = f.app().sweepNow();
            assertThat(report.plan().isGuardTripped()).isTrue();
            assertThat(meters.get("roomrelease.guard.trips").counter().count()).isEqualTo(1);
            assertThat(meters.get("roomrelease.releases").tag("outcome", "stopped_by_guard").counter().count())
                    .isEqualTo(report.plan().releases().size()).isPositive();
            assertThat(meters.find("roomrelease.releases").tag("outcome", "released").counter()).isNull();
        }
    }

    private static void awaitCount(MeterRegistry meters, String name, String tag, String value, double expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        double seen = 0;
        while (System.nanoTime() < deadline) {
            var c = meters.find(name).tag(tag, value).counter();
            seen = c == null ? 0 : c.count();
            if (seen == expected) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(name + "{" + tag + "=" + value + "} was " + seen + ", expected " + expected);
    }
}
