package io.roomrelease.bundle.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.roomrelease.bundle.TestClock;
import io.roomrelease.bundle.security.ApiKeyHasher;
import io.roomrelease.bundle.sweep.SweepReport;
import io.roomrelease.ews.simulator.scenario.MeetingSpec;
import io.roomrelease.ews.simulator.scenario.Scenario;

/**
 * A server that closes idle keep-alive connections sooner than the sweep interval (as IIS and load balancers do after
 * their idle timeout): consecutive sweeps through the real routes still read every room, and display calls between
 * them still succeed, whether the component evicts idle connections first or has to retry on fresh ones.
 */
class StaleConnectionsEndToEndTest {

    private static final Instant NINE = Instant.parse("2026-03-02T09:00:00Z");
    private static final int ROOMS = 8;
    private static final String ADMIN = "display-admin-key-0123456789abcdef";
    private static final Duration SERVER_IDLE = Duration.ofMillis(300);
    private static final Duration SWEEP_GAP = Duration.ofMillis(700);

    @TempDir
    Path dir;

    private static Scenario scenario() {
        Scenario.Builder b = Scenario.builder().serviceAccount(BundleFixture.SERVICE, BundleFixture.PASSWORD)
                .user("ann@corp.example", "Ann");
        for (int i = 0; i < ROOMS; i++) {
            String room = "room" + i + "@corp.example";
            b.room(room, "Room " + i).meeting(MeetingSpec.builder("Planning " + i, "ann@corp.example").rooms(room)
                    .start(NINE).duration(Duration.ofHours(1)).build());
        }
        return b.build();
    }

    @Test
    void idleConnectionsAreEvictedBeforeTheServerDropsThem() throws Exception {
        tenSweepsReadEveryRoom("150ms");
    }

    @Test
    void withoutEvictionEveryStaleConnectionIsReplacedByAFreshOne() throws Exception {
        tenSweepsReadEveryRoom("0");
    }

    private void tenSweepsReadEveryRoom(String connectionIdleTimeout) throws Exception {
        // 09:05: every meeting is in progress and inside its grace period, so sweeps read and keep them
        TestClock clock = new TestClock(NINE.plus(Duration.ofMinutes(5)));
        try (BundleFixture f = new BundleFixture(scenario(), clock, dir)) {
            StringBuilder rooms = new StringBuilder();
            for (int i = 0; i < ROOMS; i++) {
                rooms.append(i == 0 ? "" : ",").append("room").append(i).append("@corp.example");
            }
            f.set("roomrelease.rooms", rooms.toString())
                    .set("roomrelease.sweep.concurrency", "4")
                    .set("camel.component.ews.max-concurrent-requests", "4")
                    .set("camel.component.ews.connection-idle-timeout", connectionIdleTimeout)
                    .set("roomrelease.display.admin-keys", ApiKeyHasher.hash(ADMIN));
            f.simulator.faults().idleTimeout(SERVER_IDLE);
            f.start();
            String window = "start=" + clock.instant() + "&end=" + clock.instant().plus(Duration.ofMinutes(30));
            for (int sweep = 1; sweep <= 10; sweep++) {
                SweepReport report = f.app().sweepNow();
                assertThat(report.roomsSkipped()).as("rooms not read in sweep %d", sweep).isEmpty();
                assertThat(report.roomsSwept()).as("sweep %d", sweep).isEqualTo(ROOMS);
                Thread.sleep(SWEEP_GAP.toMillis()); // every pooled connection outlives the server's idle timeout
                HttpResponse<String> display = f.get("/api/rooms/availability?" + window, ADMIN);
                assertThat(display.statusCode()).as("display call after sweep %d: %s", sweep, display.body())
                        .isEqualTo(200);
                Thread.sleep(SWEEP_GAP.toMillis());
            }
            f.simulator.assertNoSchemaViolations();
        }
    }
}
