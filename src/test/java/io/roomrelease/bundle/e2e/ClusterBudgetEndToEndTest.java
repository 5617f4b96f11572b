package io.roomrelease.bundle.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.roomrelease.bundle.TestClock;
import io.roomrelease.bundle.security.ApiKeyHasher;
import io.roomrelease.bundle.settings.InvalidSettingsException;
import io.roomrelease.ews.simulator.scenario.MeetingSpec;
import io.roomrelease.ews.simulator.scenario.Scenario;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The Exchange budget of an instance in a cluster (issue 12, item 1), through the real routes on PostgreSQL: display
 * calls are held to roomrelease.cluster.display-share at once, while the sweep uses the instance's whole
 * camel.component.ews.max-concurrent-requests; a cluster on H2 is refused with a clear message.
 */
class ClusterBudgetEndToEndTest {

    static final Instant NINE = Instant.parse("2026-03-02T09:00:00Z");
    static final int ROOMS = 12;
    static final String KEY = ApiKeyHasher.newKey();

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void displayCallsKeepTheirShareWhileTheSweepUsesTheInstancesBudget() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
            String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
            try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
                st.execute("CREATE SCHEMA " + schema);
            }
            TestClock clock = new TestClock(NINE.plus(Duration.ofMinutes(5)));
            try (BundleFixture f = new BundleFixture(scenario(), clock, dir)) {
                f.set("roomrelease.db.url", "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres"
                                + "?currentSchema=" + schema)
                        .set("roomrelease.db.user", "postgres").set("roomrelease.db.password", "postgres")
                        .set("roomrelease.cluster.enabled", "true")
                        .set("roomrelease.cluster.display-share", "2")
                        .set("camel.component.ews.max-concurrent-requests", "8")
                        .set("roomrelease.sweep.concurrency", "8")
                        .set("roomrelease.dry-run", "true")
                        .set("roomrelease.rooms", String.join(",", rooms()))
                        .set("roomrelease.display.api-keys", room(1) + "=" + ApiKeyHasher.hash(KEY));
                f.start();
                f.simulator.faults().latency("FindItem", Duration.ofMillis(300), Duration.ofMillis(300));

                List<Integer> statuses = checkInsInParallel(f.httpPort, 10);
                assertThat(statuses).as("every display call answered").hasSize(10)
                        .allSatisfy(s -> assertThat(s).isEqualTo(200));
                int displayPeak = f.simulator.stats().maxInFlight(BundleFixture.SERVICE);
                System.out.printf("[budget] 10 parallel display check-ins: at most %d request(s) in flight%n",
                        displayPeak);
                assertThat(displayPeak).as("display calls held to the display share").isEqualTo(2);

                clock.set(NINE.plus(Duration.ofMinutes(20)));
                f.app().sweepNow();
                int sweepPeak = f.simulator.stats().maxInFlight(BundleFixture.SERVICE);
                System.out.printf("[budget] a sweep of %d rooms: at most %d request(s) in flight%n", ROOMS, sweepPeak);
                assertThat(sweepPeak).as("the sweep uses the instance's budget").isGreaterThan(2)
                        .isLessThanOrEqualTo(8);
            }
        }
    }

    @Test
    void aClusterOnH2IsRefusedNamingTheFix() throws Exception {
        TestClock clock = new TestClock(NINE);
        try (BundleFixture f = new BundleFixture(scenario(), clock, dir)) {
            f.set("roomrelease.cluster.enabled", "true").set("roomrelease.rooms", room(1));
            Throwable error = null;
            try {
                f.start();
            } catch (Exception e) {
                error = e;
            }
            assertThat(error).isNotNull();
            Throwable cause = error;
            while (cause != null && !(cause instanceof InvalidSettingsException)) {
                cause = cause.getCause();
            }
            assertThat(cause).as("the start-up error").isNotNull();
            assertThat(cause.getMessage()).contains("roomrelease.cluster.enabled")
                    .contains("is not PostgreSQL").contains("ROOMRELEASE_DB_URL")
                    .contains("ROOMRELEASE_CLUSTER_ENABLED=false");
        }
    }

    private static List<Integer> checkInsInParallel(int port, int n) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/rooms/"
                                    + room(1) + "/checkin")).header("X-Api-Key", KEY).timeout(Duration.ofSeconds(60))
                            .POST(HttpRequest.BodyPublishers.noBody()).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode();
                }));
            }
            go.countDown();
            List<Integer> out = new ArrayList<>();
            for (Future<Integer> a : answers) {
                out.add(a.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Scenario scenario() {
        Scenario.Builder b = Scenario.builder().serviceAccount(BundleFixture.SERVICE, BundleFixture.PASSWORD)
                .user("ann@corp.example", "Ann");
        for (int i = 1; i <= ROOMS; i++) {
            b.room(room(i), "Room " + i).meeting(MeetingSpec.builder("Sync " + i, "ann@corp.example").rooms(room(i))
                    .start(NINE).duration(Duration.ofHours(1)).build());
        }
        return b.build();
    }

    private static List<String> rooms() {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= ROOMS; i++) {
            out.add(room(i));
        }
        return out;
    }

    private static String room(int i) {
        return String.format("room-%02d@corp.example", i);
    }
}
