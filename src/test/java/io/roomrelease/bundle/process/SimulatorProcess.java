package io.roomrelease.bundle.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The standalone EWS simulator ({@code simulator/target/ews-simulator.jar}) as a child process: HTTPS on an
 * ephemeral port, its self-signed certificate written to a trust store in the test's folder, a scenario file, and
 * the loopback admin endpoint for reading what the rooms sent and injecting faults.
 *
 * <pre>{@code
 * try (SimulatorProcess sim = SimulatorProcess.start(scenarioFile, tmp)) {
 *     sim.fault("latency", "{\"operation\":\"CreateItem\",\"fixedMillis\":20}");
 *     ... sim.ewsUrl(), sim.trustStore(), sim.declines() ...
 * }
 * }</pre>
 */
public final class SimulatorProcess implements AutoCloseable {

    /** The trust store's password. */
    public static final String TRUST_STORE_PASSWORD = "changeit";

    private final ChildProcess process;
    private final URI ewsUrl;
    private final URI admin;
    private final Path trustStore;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    private SimulatorProcess(ChildProcess process, URI ewsUrl, URI admin, Path trustStore) {
        this.process = process;
        this.ewsUrl = ewsUrl;
        this.admin = admin;
        this.trustStore = trustStore;
    }

    /** The jar {@code mvn package} builds in the simulator module. */
    public static Path jar() {
        return ChildProcess.repositoryRoot().resolve("simulator/target/ews-simulator.jar");
    }

    /** Starts the simulator on a scenario file; its output goes to {@code dir/simulator.log}. */
    public static SimulatorProcess start(Path scenario, Path dir) {
        Path trustStore = dir.resolve("simulator-trust.p12");
        List<String> cmd = new ArrayList<>(List.of(ChildProcess.java(), "-Xmx512m",
                "-Dsun.net.httpserver.nodelay=true", "-jar", jar().toString(),
                "--scenario", scenario.toString(), "--port", "0", "--admin-port", "0",
                "--trust-store", trustStore.toString(), "--trust-store-password", TRUST_STORE_PASSWORD));
        ChildProcess p = ChildProcess.start("ews-simulator", cmd, Map.of(), dir, dir.resolve("simulator.log"));
        Duration timeout = Duration.ofSeconds(30);
        URI ews = URI.create(p.awaitLine("EWS \\(HTTPS\\):\\s+(\\S+)", timeout).group(1));
        URI admin = URI.create(p.awaitLine("Admin \\(tests\\):\\s+(\\S+)", timeout).group(1));
        return new SimulatorProcess(p, ews, admin, trustStore);
    }

    /** The EWS endpoint (HTTPS). */
    public URI ewsUrl() {
        return ewsUrl;
    }

    /** The PKCS12 trust store holding the simulator's certificate (password {@link #TRUST_STORE_PASSWORD}). */
    public Path trustStore() {
        return trustStore;
    }

    /** The admin endpoint's base, e.g. {@code http://127.0.0.1:40123/admin}. */
    public URI adminUri() {
        return admin;
    }

    /** The child process. */
    public ChildProcess process() {
        return process;
    }

    /** Messages the mailboxes sent, optionally of one kind ({@code DECLINE}, {@code CANCELLATION}, ...). */
    public JsonNode sent(String kind) {
        return get("/sent" + (kind == null ? "" : "?kind=" + kind));
    }

    /** The declines the rooms sent. */
    public JsonNode declines() {
        return sent("DECLINE");
    }

    /** Counters: sentMessages, declinesSent, cancellationsSent, calendarItems. */
    public JsonNode stats() {
        return get("/stats");
    }

    /** A mailbox's calendar items. */
    public JsonNode calendar(String mailbox) {
        return get("/calendar?mailbox=" + java.net.URLEncoder.encode(mailbox, java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Injects a fault, e.g. {@code fault("latency", "{\"operation\":\"CreateItem\",\"fixedMillis\":20}")}. */
    public void fault(String name, String jsonBody) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(admin + "/faults/" + name))
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody == null ? "" : jsonBody))
                .header("Content-Type", "application/json").build());
        if (r.statusCode() != 200) {
            throw new AssertionError("fault " + name + " was refused: " + r.statusCode() + " " + r.body());
        }
    }

    private JsonNode get(String path) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(admin + path)).build());
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + path + ": " + r.statusCode() + " " + r.body());
        }
        try {
            return json.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
