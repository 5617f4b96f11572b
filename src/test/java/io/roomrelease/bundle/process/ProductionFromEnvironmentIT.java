package io.roomrelease.bundle.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar run as an operator runs it: a child JVM with the production profile and settings from environment
 * variables only (the README's names), against a standalone simulator process over HTTPS.
 */
class ProductionFromEnvironmentIT {

    private static final String PASSWORD = "demo-Passw0rd!";

    @TempDir
    static Path dir;
    private static SimulatorProcess simulator;

    @BeforeAll
    static void startSimulator() {
        simulator = SimulatorProcess.start(Path.of("demo"), dir); // the built-in demo scenario
    }

    /** {@code java -jar target/room-release.jar --profile production} in {@code work}, with exactly {@code env}. */
    private static ChildProcess bundle(Path work, Map<String, String> env) throws IOException {
        Files.createDirectories(work);
        Path jar = ChildProcess.repositoryRoot().resolve("src/target/room-release.jar");
        return ChildProcess.start("room-release", List.of(ChildProcess.java(), "-Xmx512m", "-jar", jar.toString(),
                "--profile", "production"), env, work, work.resolve("room-release.log"));
    }

    @AfterAll
    static void stopSimulator() throws Exception {
        if (simulator != null) {
            simulator.close();
        }
    }

    private static Map<String, String> productionEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CAMEL_COMPONENT_EWS_URL", simulator.ewsUrl().toString());
        env.put("CAMEL_COMPONENT_EWS_USERNAME", "svc-roomrelease@contoso.com");
        env.put("CAMEL_COMPONENT_EWS_PASSWORD", PASSWORD);
        env.put("CAMEL_COMPONENT_EWS_TRUST_STORE", simulator.trustStore().toString());
        env.put("CAMEL_COMPONENT_EWS_TRUST_STORE_PASSWORD", SimulatorProcess.TRUST_STORE_PASSWORD);
        env.put("ROOMRELEASE_ROOM_LISTS", "building1@contoso.com");
        return env;
    }

    @Test
    void theProductionProfileStartsFromEnvironmentVariablesAloneAndSweeps() throws Exception {
        int port = ChildProcess.freePort();
        int management = ChildProcess.freePort();
        Map<String, String> env = productionEnvironment();
        env.put("CAMEL_SERVER_PORT", String.valueOf(port));
        env.put("CAMEL_MANAGEMENT_PORT", String.valueOf(management));
        env.put("ROOMRELEASE_SWEEP_ON_STARTUP", "true");
        env.put("ROOMRELEASE_SWEEP_ON_STARTUP_DELAY_MS", "200");
        env.put("CAMEL_COMPONENT_EWS_FREE_BUSY_VIEW", "FreeBusy"); // an option of the component, bound from its variable
        Path work = dir.resolve("bundle");
        try (ChildProcess bundle = bundle(work, env)) {
            bundle.awaitLine("Room Release is running", Duration.ofSeconds(60));
            bundle.awaitLine("Sweep at \\d\\d:\\d\\d: 4 room\\(s\\) swept", Duration.ofSeconds(60));
            // the ports of the environment, bound and printed
            assertThat(bundle.output()).contains("Display API:  http://localhost:" + port + "/")
                    .contains("Health:       http://localhost:" + management + "/")
                    .contains("camel.server.port = " + port + "   (environment CAMEL_SERVER_PORT)")
                    .contains("camel.component.ews.free-busy-view = FreeBusy   (environment "
                            + "CAMEL_COMPONENT_EWS_FREE_BUSY_VIEW)");
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + management + "/observe/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("UP");
            HttpResponse<String> display = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/rooms/room-1a@contoso.com/checkin"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(display.statusCode()).isEqualTo(401);
            // the demo scenario's three abandoned meetings in building 1 were declined and audited
            Path audit = work.resolve("data/audit/audit.jsonl");
            bundle.awaitLine("\"result\":\"OK\"[\\s\\S]*\"result\":\"OK\"[\\s\\S]*\"result\":\"OK\"", Duration.ofSeconds(30));
            // the log line comes before the file's line: wait for the file's three whole lines
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline && !(Files.exists(audit) && Files.readString(audit).endsWith("\n")
                    && Files.readAllLines(audit).stream().filter(l -> l.contains("\"result\":\"OK\"")).count() >= 3)) {
                Thread.sleep(50);
            }
            assertThat(Files.readAllLines(audit)).filteredOn(l -> l.contains("\"result\":\"OK\"")).hasSize(3);
            // the password stays secret: not in the output, not in the process list
            assertThat(bundle.output()).doesNotContain(PASSWORD);
            assertThat(bundle.commandLine()).doesNotContain(PASSWORD);
        }
    }

    @Test
    void theProductionProfileSpeaksGraphFromEnvironmentVariablesAlone() throws Exception {
        String secret = "demo-client-secret"; // the demo scenario's app registration
        URI base = simulator.ewsUrl();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CAMEL_COMPONENT_EWS_API", "graph");
        env.put("CAMEL_COMPONENT_EWS_GRAPH_URL", base.resolve("/v1.0").toString());
        env.put("CAMEL_COMPONENT_EWS_TOKEN_URL", base.resolve("/oauth2/token").toString());
        env.put("CAMEL_COMPONENT_EWS_CLIENT_ID", "room-release");
        env.put("CAMEL_COMPONENT_EWS_CLIENT_SECRET", secret);
        env.put("CAMEL_COMPONENT_EWS_TRUST_STORE", simulator.trustStore().toString());
        env.put("CAMEL_COMPONENT_EWS_TRUST_STORE_PASSWORD", SimulatorProcess.TRUST_STORE_PASSWORD);
        env.put("ROOMRELEASE_ROOM_LISTS", "building2@contoso.com"); // the EWS test sweeps building 1
        env.put("ROOMRELEASE_SWEEP_ON_STARTUP", "true");
        env.put("ROOMRELEASE_SWEEP_ON_STARTUP_DELAY_MS", "200");
        env.put("CAMEL_SERVER_PORT", String.valueOf(ChildProcess.freePort()));
        env.put("CAMEL_MANAGEMENT_PORT", String.valueOf(ChildProcess.freePort()));
        Path work = dir.resolve("graph");
        try (ChildProcess bundle = bundle(work, env)) {
            bundle.awaitLine("Room Release is running", Duration.ofSeconds(60));
            bundle.awaitLine("Sweep at \\d\\d:\\d\\d: 4 room\\(s\\) swept", Duration.ofSeconds(60));
            bundle.awaitLine("\"mailbox\":\"room-2[^\\n]*\"operation\":\"declineEvent\"", Duration.ofSeconds(30));
            assertThat(simulator.stats().path("graph").path("requests").asLong()).as("spoke Graph").isPositive();
            assertThat(simulator.declines().toString()).contains("room-2");
            assertThat(bundle.output()).doesNotContain(secret).doesNotContain("NOT swept");
            assertThat(bundle.commandLine()).doesNotContain(secret);
        }
        // without the app's secret, start-up names what is missing instead of trying
        env.remove("CAMEL_COMPONENT_EWS_CLIENT_SECRET");
        try (ChildProcess bundle = bundle(dir.resolve("graph-bad"), env)) {
            assertThat(bundle.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
            assertThat(bundle.output()).contains("clientSecret").doesNotContain("\tat ");
        }
    }

    @Test
    void badSettingsStopStartUpWithOneMessageNamingEachAndItsVariable() throws Exception {
        Map<String, String> env = productionEnvironment();
        env.remove("CAMEL_COMPONENT_EWS_PASSWORD");
        env.put("ROOMRELEASE_SWEEP_RATE_PER_SECOND", "0");
        env.put("ROOMRELEASE_SWEEP_CONCURRENCY", "-1");
        env.put("ROOMRELEASE_SWEEP_CRON", "every minute");
        env.put("ROOMRELEASE_POLICY_GRACE_MINUTE", "5");
        try (ServerSocket taken = new ServerSocket(0)) {
            env.put("CAMEL_MANAGEMENT_PORT", String.valueOf(taken.getLocalPort()));
            try (ChildProcess bundle = bundle(dir.resolve("bad"), env)) {
                assertThat(bundle.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
                String out = bundle.output();
                assertThat(out).contains("Room Release cannot start")
                        .contains("roomrelease.sweep.rate-per-second (environment ROOMRELEASE_SWEEP_RATE_PER_SECOND)")
                        .contains("roomrelease.sweep.concurrency (environment ROOMRELEASE_SWEEP_CONCURRENCY)")
                        .contains("roomrelease.sweep.cron (environment ROOMRELEASE_SWEEP_CRON)")
                        .contains("ROOMRELEASE_POLICY_GRACE_MINUTE matches no setting (did you mean"
                                + " ROOMRELEASE_POLICY_GRACE_MINUTES")
                        .contains("camel.component.ews.")
                        .doesNotContain("\tat "); // one message, no stack trace
                // one line per problem (the port is checked once the rest is right)
                List<String> problems = out.lines().filter(l -> l.startsWith("  - ")).toList();
                assertThat(problems).hasSize(5);
            }
            env.put("CAMEL_COMPONENT_EWS_PASSWORD", PASSWORD);
            List.of("ROOMRELEASE_SWEEP_RATE_PER_SECOND", "ROOMRELEASE_SWEEP_CONCURRENCY", "ROOMRELEASE_SWEEP_CRON",
                    "ROOMRELEASE_POLICY_GRACE_MINUTE").forEach(env::remove);
            try (ChildProcess bundle = bundle(dir.resolve("port"), env)) {
                assertThat(bundle.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
                assertThat(bundle.output()).contains("camel.management.port (environment CAMEL_MANAGEMENT_PORT) port "
                        + taken.getLocalPort());
            }
        }
    }
}
