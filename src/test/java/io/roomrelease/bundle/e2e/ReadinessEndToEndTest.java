package io.roomrelease.bundle.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.roomrelease.bundle.app.RoomReleaseApp;
import io.roomrelease.ews.simulator.EwsSimulator;
import io.roomrelease.ews.simulator.scenario.Scenario;

/**
 * Readiness and liveness at the management port, as an orchestrator probes them: ready is 200 while the store and
 * Exchange answer, 503 (naming Exchange) while the Exchange server is down, 200 again once it is back on the same
 * address; live stays 200 throughout (a restart would not bring Exchange back).
 */
class ReadinessEndToEndTest {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void readyFollowsExchangeWhileLiveStaysUp() throws Exception {
        Clock clock = Clock.systemUTC();
        Scenario scenario = SweepEndToEndTest.twoRooms().build();
        int ewsPort = BundleFixture.freePort();
        int management = BundleFixture.freePort();
        EwsSimulator sim = EwsSimulator.builder().scenario(scenario).clock(clock).httpPort(ewsPort).start();
        // plain http on loopback, explicitly allowed: the simulator comes back on the same address with the same
        // identity (over HTTPS a restarted simulator would present a new self-signed certificate)
        Map<String, String> p = settings(sim, management, "db", SweepEndToEndTest.A + "," + SweepEndToEndTest.B);
        p.put("roomrelease.health.exchange-timeout-ms", "3000");
        try (RoomReleaseApp app = RoomReleaseApp.builder().clock(clock).properties(p).start()) {
            awaitStatus(management, "/observe/health/ready", 200);
            HttpResponse<String> ready = get(management, "/observe/health/ready");
            assertThat(ready.body()).contains("UP");

            sim.close();
            HttpResponse<String> down = awaitStatus(management, "/observe/health/ready", 503);
            assertThat(down.body()).contains("DOWN").contains("\"exchange\"").doesNotContain("\"database\"");
            assertThat(get(management, "/observe/health/live").statusCode()).isEqualTo(200);

            sim = EwsSimulator.builder().scenario(scenario).clock(clock).httpPort(ewsPort).start();
            awaitStatus(management, "/observe/health/ready", 200);
            assertThat(get(management, "/observe/health/live").statusCode()).isEqualTo(200);
        } finally {
            sim.close();
        }
    }

    @Test
    void readyIsDownWhileTheStoreIsUnreachable() throws Exception {
        // the store's check: the application's own pool, closed under it, answers 503 while Exchange is fine
        Clock clock = Clock.systemUTC();
        int management = BundleFixture.freePort();
        try (EwsSimulator sim = EwsSimulator.builder().scenario(SweepEndToEndTest.twoRooms().build()).clock(clock)
                .httpPort(BundleFixture.freePort()).start()) {
            Map<String, String> p = settings(sim, management, "db2", SweepEndToEndTest.A);
            try (RoomReleaseApp app = RoomReleaseApp.builder().clock(clock).properties(p).start()) {
                awaitStatus(management, "/observe/health/ready", 200);
                ((com.zaxxer.hikari.HikariDataSource) app.context().getRegistry().lookupByNameAndType("dataSource",
                        javax.sql.DataSource.class)).close();
                HttpResponse<String> down = awaitStatus(management, "/observe/health/ready", 503);
                assertThat(down.body()).contains("DOWN").contains("\"database\"").doesNotContain("\"exchange\"");
            }
        }
    }

    /** The bundle on the simulator's plain-http port (explicitly allowed), its store in {@code dir/<db>}. */
    private Map<String, String> settings(EwsSimulator sim, int management, String db, String rooms) throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("camel.component.ews.url", sim.httpUrl().toString());
        p.put("camel.component.ews.allow-insecure-http", "true");
        p.put("camel.component.ews.username", BundleFixture.SERVICE);
        p.put("camel.component.ews.password", BundleFixture.PASSWORD);
        p.put("camel.component.quartz.auto-start-scheduler", "false");
        p.put("camel.server.port", String.valueOf(BundleFixture.freePort()));
        p.put("camel.management.port", String.valueOf(management));
        p.put("roomrelease.rooms", rooms);
        p.put("roomrelease.db.url", "jdbc:h2:file:" + dir.resolve(db + "/roomrelease").toAbsolutePath());
        p.put("roomrelease.audit.file", dir.resolve(db + "-audit").toString());
        p.put("roomrelease.cleanup.report-dir", dir.resolve(db + "-reports").toString());
        return p;
    }

    private HttpResponse<String> awaitStatus(int port, String path, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            last = get(port, path);
            if (last.statusCode() == status) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(path + " did not answer " + status + " within 30 s; last: "
                + (last == null ? "none" : last.statusCode() + " " + last.body()));
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
