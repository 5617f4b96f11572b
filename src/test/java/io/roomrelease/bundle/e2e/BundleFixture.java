package io.roomrelease.bundle.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import io.roomrelease.bundle.app.RoomReleaseApp;
import io.roomrelease.bundle.store.AuditStore;
import io.roomrelease.bundle.store.CheckInStore;
import io.roomrelease.ews.simulator.EwsSimulator;
import io.roomrelease.ews.simulator.scenario.Scenario;

/**
 * The bundle as users run it, in-process: the REAL {@code routes/} and {@code config/} of the repository, against an
 * EWS simulator over HTTPS. Tests add their settings; sweeps and cleanups are started by the test (quartz is off).
 */
final class BundleFixture implements AutoCloseable {

    static final String SERVICE = "svc-roomrelease@corp.example";
    static final String PASSWORD = "Simulated-Passw0rd";
    static final String CLIENT_ID = "room-release-e2e";
    static final String CLIENT_SECRET = "e2e-client-secret";

    /** The protocol the bundle speaks to the simulator: the routes are the same for both. */
    enum Api {
        /** EWS SOAP with Basic authentication and impersonation (Exchange Server). */
        EWS,
        /** Microsoft Graph with an app token (Exchange Online). */
        GRAPH
    }

    final Api api;
    final EwsSimulator simulator;
    final Path dir;
    final int httpPort;
    private final Clock clock;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private RoomReleaseApp app;

    BundleFixture(Scenario scenario, Clock clock, Path dir) throws IOException {
        this(Api.EWS, scenario, clock, dir);
    }

    BundleFixture(Api api, Scenario scenario, Clock clock, Path dir) throws IOException {
        this.api = api;
        this.clock = clock;
        this.dir = dir;
        Scenario served = api == Api.GRAPH && scenario.accounts().stream().anyMatch(a -> a.logon().equals(SERVICE))
                ? scenario.toBuilder().oauthClient(SERVICE, CLIENT_ID, CLIENT_SECRET).build() : scenario;
        this.simulator = EwsSimulator.builder().scenario(served).clock(clock).start();
        Path trust = dir.resolve("truststore.p12");
        simulator.writeTrustStore(trust, "changeit".toCharArray());
        this.httpPort = freePort();
        settings.put("camel.component.ews.trust-store", trust.toString());
        settings.put("camel.component.ews.trust-store-password", "changeit");
        settings.put("roomrelease.service-account", SERVICE);
        if (api == Api.GRAPH) {
            settings.put("camel.component.ews.api", "graph");
            settings.put("camel.component.ews.graph-url", simulator.graphUrl().toString());
            settings.put("camel.component.ews.token-url", simulator.tokenUrl().toString());
            settings.put("camel.component.ews.client-id", CLIENT_ID);
            settings.put("camel.component.ews.client-secret", CLIENT_SECRET);
        } else {
            settings.put("camel.component.ews.url", simulator.httpsUrl().toString());
            settings.put("camel.component.ews.username", SERVICE);
            settings.put("camel.component.ews.password", PASSWORD);
        }
        settings.put("camel.component.quartz.auto-start-scheduler", "false");
        settings.put("camel.server.port", String.valueOf(httpPort));
        settings.put("camel.management.enabled", "false");
        settings.put("roomrelease.db.url", "jdbc:h2:file:" + dir.resolve("db/roomrelease").toAbsolutePath());
        settings.put("roomrelease.audit.file", dir.resolve("audit").toString());
        settings.put("roomrelease.cleanup.report-dir", dir.resolve("reports").toString());
        settings.put("roomrelease.time-zone", "UTC");
    }

    /** Calendar reads the simulator served (EWS FindItem, or Graph calendarView and calendarView/delta). */
    long calendarReads() {
        if (api == Api.GRAPH) {
            Map<String, Long> g = simulator.graphStats().requestsPerEndpoint();
            return g.getOrDefault("calendarView", 0L) + g.getOrDefault("calendarView.delta", 0L);
        }
        return simulator.stats().requests("FindItem");
    }

    /** Single-item reads the simulator served (EWS GetItem, or Graph GET events/{id}). */
    long itemReads() {
        return api == Api.GRAPH ? simulator.graphStats().requestsPerEndpoint().getOrDefault("getEvent", 0L)
                : simulator.stats().requests("GetItem");
    }

    /** Reads of a room list's rooms (EWS GetRooms, or Graph places/{list}/microsoft.graph.roomlist/rooms). */
    long roomListReads() {
        return api == Api.GRAPH ? simulator.graphStats().requestsPerEndpoint().getOrDefault("roomListRooms", 0L)
                : simulator.stats().requests("GetRooms");
    }

    BundleFixture set(String key, String value) {
        settings.put(key, value);
        return this;
    }

    RoomReleaseApp start() throws Exception {
        app = RoomReleaseApp.builder().clock(clock).properties(settings).start();
        return app;
    }

    /** Another bundle instance with the same settings (same database, same simulator) on the given HTTP port. */
    RoomReleaseApp startAnotherInstance(int port) throws Exception {
        Map<String, String> copy = new LinkedHashMap<>(settings);
        copy.put("camel.server.port", String.valueOf(port));
        return RoomReleaseApp.builder().clock(clock).properties(copy).start();
    }

    RoomReleaseApp restart() throws Exception {
        app.close();
        return start();
    }

    RoomReleaseApp app() {
        return app;
    }

    AuditStore auditStore() {
        return app.context().getRegistry().lookupByNameAndType("auditStore", AuditStore.class);
    }

    /**
     * The transactional outbox's invariant on the bundle's database: every audit record has exactly one outbox row,
     * with the record as its JSON. Returns how many audit records were checked.
     */
    int assertEveryAuditRecordHasItsOutboxRow() throws java.sql.SQLException {
        return io.roomrelease.bundle.AuditOutboxInvariant.assertEveryAuditRecordHasItsOutboxRow(
                app.context().getRegistry().lookupByNameAndType("dataSource", javax.sql.DataSource.class));
    }

    CheckInStore checkInStore() {
        return app.context().getRegistry().lookupByNameAndType("checkInStore", CheckInStore.class);
    }

    HttpResponse<String> post(String path, String key) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()), key);
    }

    HttpResponse<String> get(String path, String key) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET(), key);
    }

    private HttpResponse<String> send(HttpRequest.Builder b, String key) throws IOException, InterruptedException {
        if (key != null) {
            b.header("X-Api-Key", key);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + httpPort + path);
    }

    @Override
    public void close() {
        if (app != null) {
            app.close();
        }
        simulator.close();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
