package io.roomrelease.bundle.e2e;

import static io.roomrelease.bundle.e2e.SweepEndToEndTest.A;
import static io.roomrelease.bundle.e2e.SweepEndToEndTest.ANN;
import static io.roomrelease.bundle.e2e.SweepEndToEndTest.NINE;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.roomrelease.bundle.TestClock;
import io.roomrelease.bundle.app.RoomReleaseApp;
import io.roomrelease.bundle.audit.AuditRecord;
import io.roomrelease.bundle.security.ApiKeyHasher;
import io.roomrelease.ews.simulator.model.CalendarEntry;
import io.roomrelease.ews.simulator.scenario.MeetingSpec;
import io.roomrelease.ews.simulator.scenario.Scenario;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Display actions under concurrency, through the real routes: 50 parallel book-now / extend / end on one room, on one
 * instance (H2) and on two instances sharing one PostgreSQL; out-of-range dates; error bodies without internal URLs;
 * the per-client limit of failed authentications.
 */
class DisplayConcurrencyEndToEndTest {

    private static final String KEY_A = ApiKeyHasher.newKey();
    private static final String ADMIN = ApiKeyHasher.newKey();
    private static final String GHOST = "ghost.room@corp.example";
    private static final String KEY_GHOST = ApiKeyHasher.newKey();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PARALLEL = 50;

    @TempDir
    Path dir;

    private static Scenario scenario(boolean meetingInProgress) {
        Scenario.Builder b = Scenario.builder().serviceAccount(BundleFixture.SERVICE, BundleFixture.PASSWORD)
                .room(A, "Room A").user(ANN, "Ann");
        if (meetingInProgress) {
            b.meeting(MeetingSpec.builder("Planning", ANN).rooms(A).start(NINE).duration(Duration.ofHours(1)).build());
        }
        return b.build();
    }

    private BundleFixture fixture(Scenario scenario, TestClock clock) throws Exception {
        return new BundleFixture(scenario, clock, dir)
                .set("roomrelease.rooms", A)
                .set("roomrelease.display.api-keys", A + "=" + ApiKeyHasher.hash(KEY_A) + "," + GHOST + "="
                        + ApiKeyHasher.hash(KEY_GHOST))
                .set("roomrelease.display.admin-keys", ApiKeyHasher.hash(ADMIN));
    }

    @Test
    @Timeout(90)
    void fiftyParallelBookingsOfOneFreeRoomMakeExactlyOneMeeting() throws Exception {
        TestClock clock = new TestClock(NINE.plus(Duration.ofMinutes(5)));
        try (BundleFixture f = fixture(scenario(false), clock)) {
            f.start();
            Map<Integer, Integer> statuses = parallel(PARALLEL, i -> post(f.httpPort, "/api/rooms/" + A
                    + "/book?minutes=20", KEY_A));

            assertThat(statuses).containsExactlyInAnyOrderEntriesOf(Map.of(201, 1, 409, PARALLEL - 1));
            assertThat(f.simulator.store().calendar(A)).singleElement()
                    .satisfies(e -> assertThat(e.isOrganizer()).isTrue());
            assertThat(operations(f)).containsExactly("createEvent");
        }
    }

    @Test
    @Timeout(90)
    void fiftyParallelExtendsExtendOnceAndAuditOnce() throws Exception {
        TestClock clock = new TestClock(NINE.plus(Duration.ofMinutes(5)));
        try (BundleFixture f = fixture(scenario(true), clock)) {
            f.start();
            Map<Integer, Integer> extended = parallel(PARALLEL, i -> post(f.httpPort, "/api/rooms/" + A
                    + "/meetings/current/extend?minutes=15", KEY_A));

            assertThat(extended).containsExactlyInAnyOrderEntriesOf(Map.of(200, 1, 409, PARALLEL - 1));
            assertThat(planning(f).end()).isEqualTo(NINE.plus(Duration.ofMinutes(75)));
            assertThat(operations(f)).containsExactly("updateEvent");
        }
    }

    @Test
    @Timeout(90)
    void fiftyParallelEndsEndOnceAndNeverAnswer502() throws Exception {
        TestClock clock = new TestClock(NINE.plus(Duration.ofMinutes(30)));
        try (BundleFixture f = fixture(scenario(true), clock)) {
            f.start();
            Map<Integer, Integer> ended = parallel(PARALLEL, i -> post(f.httpPort, "/api/rooms/" + A
                    + "/meetings/current/end", KEY_A));

            assertThat(ended).containsExactlyInAnyOrderEntriesOf(Map.of(200, 1, 409, PARALLEL - 1));
            assertThat(planning(f).end()).isEqualTo(NINE.plus(Duration.ofMinutes(30)));
            assertThat(operations(f)).containsExactly("endEarly");
        }
    }

    @Test
    @Timeout(120)
    void twoInstancesOnOnePostgresShareFiftyBookingsAndMakeExactlyOneMeeting() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
            String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
            try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
                st.execute("CREATE SCHEMA " + schema);
            }
            TestClock clock = new TestClock(NINE.plus(Duration.ofMinutes(5)));
            try (BundleFixture f = fixture(scenario(false), clock)) {
                f.set("roomrelease.db.url", "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres"
                                + "?currentSchema=" + schema)
                        .set("roomrelease.db.user", "postgres")
                        .set("roomrelease.db.password", "postgres");
                f.start();
                int secondPort = BundleFixture.freePort();
                try (RoomReleaseApp second = f.startAnotherInstance(secondPort)) {
                    Map<Integer, Integer> statuses = parallel(PARALLEL, i -> post(i % 2 == 0 ? f.httpPort
                            : secondPort, "/api/rooms/" + A + "/book?minutes=20", KEY_A));

                    assertThat(statuses).containsExactlyInAnyOrderEntriesOf(Map.of(201, 1, 409, PARALLEL - 1));
                    assertThat(f.simulator.store().calendar(A)).hasSize(1);
                    assertThat(operations(f)).containsExactly("createEvent");
                }
            }
        }
    }

    @Test
    @Timeout(60)
    void datesOutOfRangeAnswer400AndExchangeErrorsDoNotShowInternalUrls() throws Exception {
        TestClock clock = new TestClock(NINE);
        try (BundleFixture f = fixture(scenario(false), clock)) {
            f.start();
            HttpResponse<String> extreme = f.get("/api/rooms/availability?start=-999999999-01-01T00:00:00Z&end="
                    + NINE, ADMIN);
            assertThat(extreme.statusCode()).as(extreme.body()).isEqualTo(400);
            assertThat(JSON.readValue(extreme.body(), Map.class).get("field")).isEqualTo("start");
            HttpResponse<String> far = f.get("/api/rooms/availability?start=" + NINE + "&end=2999-01-01T00:00:00Z",
                    ADMIN);
            assertThat(far.statusCode()).as(far.body()).isEqualTo(400);
            assertThat(JSON.readValue(far.body(), Map.class).get("field")).isEqualTo("end");
            assertThat(f.get("/api/audit?from=-999999999-01-01T00:00:00Z", ADMIN).statusCode()).isEqualTo(400);

            // a room Exchange does not know: the component's error names the server; the answer must not
            HttpResponse<String> failed = f.post("/api/rooms/" + GHOST + "/book?minutes=20", KEY_GHOST);
            assertThat(failed.statusCode()).as(failed.body()).isBetween(400, 599);
            assertThat(failed.body()).doesNotContain("https://", "http://", f.simulator.httpsUrl().getHost() + ":",
                    String.valueOf(f.simulator.httpsUrl().getPort()), BundleFixture.PASSWORD);
            assertThat(JSON.readValue(failed.body(), Map.class)).containsKeys("status", "error");
        }
    }

    @Test
    @Timeout(60)
    void unknownKeysAreLimitedPerClientWith429AndRetryAfter() throws Exception {
        TestClock clock = new TestClock(NINE);
        try (BundleFixture f = fixture(scenario(false), clock)) {
            f.set("roomrelease.display.auth-failures-per-client", "5")
                    .set("roomrelease.display.auth-failure-window-seconds", "60");
            f.start();
            String audit = "/api/audit?from=" + NINE.minusSeconds(3600) + "&to=" + NINE.plusSeconds(60);
            for (int i = 0; i < 5; i++) {
                assertThat(rawGet(f.httpPort, "127.0.0.1", audit, "wrong-" + i).status()).isEqualTo(401);
            }
            Raw limited = rawGet(f.httpPort, "127.0.0.1", audit, "wrong-again");
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.headers()).containsEntry("retry-after", "60");
            assertThat(limited.body()).contains("\"status\":429");
            // the limited client is refused even with a good key; another client is not affected
            assertThat(rawGet(f.httpPort, "127.0.0.1", audit, ADMIN).status()).isEqualTo(429);
            assertThat(rawGet(f.httpPort, "127.0.0.2", audit, ADMIN).status()).isEqualTo(200);
            clock.set(NINE.plusSeconds(61));
            assertThat(rawGet(f.httpPort, "127.0.0.1", audit, ADMIN).status()).isEqualTo(200);
        }
    }

    // --- helpers -----------------------------------------------------------------------------------------------------

    private interface Call {
        int status(int i) throws Exception;
    }

    /** Sends {@code n} calls at once (released together by a latch); returns how many got each status. */
    private static Map<Integer, Integer> parallel(int n, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                answers.add(pool.submit((Callable<Integer>) () -> {
                    go.await();
                    return call.status(index);
                }));
            }
            go.countDown();
            Map<Integer, Integer> counts = new TreeMap<>();
            for (Future<Integer> a : answers) {
                counts.merge(a.get(60, TimeUnit.SECONDS), 1, Integer::sum);
            }
            return counts;
        } finally {
            pool.shutdownNow();
        }
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private static int post(int port, String path, String key) throws Exception {
        HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("X-Api-Key", key).timeout(Duration.ofSeconds(50))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 && r.statusCode() != 201 && r.statusCode() != 409) {
            System.err.println("Unexpected answer " + r.statusCode() + ": " + r.body());
        }
        return r.statusCode();
    }

    private record Raw(int status, Map<String, String> headers, String body) {
    }

    /** A GET over a socket bound to the given local address, so that the server sees that client address. */
    private static Raw rawGet(int port, String from, String path, String key) throws Exception {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(from, 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nX-Api-Key: " + key
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            String statusLine = in.readLine();
            Map<String, String> headers = new TreeMap<>();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(), line.substring(colon + 1).trim());
            }
            StringBuilder body = new StringBuilder();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                body.append(line);
            }
            return new Raw(Integer.parseInt(statusLine.split(" ")[1]), headers, body.toString());
        }
    }

    private static List<String> operations(BundleFixture f) {
        return f.auditStore().find(A, NINE.minus(Duration.ofDays(1)), NINE.plus(Duration.ofDays(1)), 1000).stream()
                .map(AuditRecord::operation).toList();
    }

    private static CalendarEntry planning(BundleFixture f) {
        return f.simulator.store().calendar(A).stream().filter(e -> e.start().equals(NINE)).findFirst().orElseThrow();
    }
}
