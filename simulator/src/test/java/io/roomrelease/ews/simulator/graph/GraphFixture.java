package io.roomrelease.ews.simulator.graph;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Set;
import java.util.function.Consumer;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

import io.roomrelease.ews.simulator.EwsSimulator;
import io.roomrelease.ews.simulator.MutableClock;
import io.roomrelease.ews.simulator.model.Account;
import io.roomrelease.ews.simulator.model.Recurrence;
import io.roomrelease.ews.simulator.scenario.MeetingSpec;
import io.roomrelease.ews.simulator.scenario.Scenario;
import io.roomrelease.ews.simulator.schema.SchemaValidator;

/** A small organisation served over HTTPS, and a Graph client on the JDK HttpClient with Jackson. */
final class GraphFixture implements AutoCloseable {
    static final String APP = "svc-graph@contoso.com";
    static final String CLIENT_ID = "graph-app";
    static final String SECRET = "graph-secret-never-logged";
    static final String PW = "Svc-Passw0rd!";
    static final String ALICE = "alice@contoso.com";
    static final String BOB = "bob@contoso.com";
    static final String ROOM_A = "room-a@contoso.com";
    static final String ROOM_B = "room-b@contoso.com";
    static final String ROOM_C = "room-c@contoso.com";
    static final String BUILDING = "building1@contoso.com";
    static final String GRAPH_SCOPE = "https://graph.microsoft.com/.default";
    /** Monday 2025-03-10 09:00 UTC. */
    static final Instant NOW = Instant.parse("2025-03-10T09:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();

    final MutableClock clock = new MutableClock(NOW);
    final EwsSimulator sim;
    final HttpClient http;
    String token;

    GraphFixture() {
        this(b -> { });
    }

    GraphFixture(Consumer<EwsSimulator.Builder> configure) {
        Scenario scenario = Scenario.builder()
                .room(ROOM_A, "Room A").room(ROOM_B, "Room B").room(ROOM_C, "Room C")
                .roomList(BUILDING, "Building 1", ROOM_A, ROOM_B)
                .user(ALICE, "Alice").user(BOB, "Bob")
                .account(new Account(APP, PW, CLIENT_ID, SECRET, true, Set.of(), Set.of()))
                .meeting(MeetingSpec.builder("Standup", ALICE).rooms(ROOM_A).attendees(BOB)
                        .start(NOW.minus(Duration.ofMinutes(20))).duration(Duration.ofMinutes(30)).build())
                .meeting(MeetingSpec.builder("Weekly", BOB).rooms(ROOM_A)
                        .start(Instant.parse("2025-02-24T13:00:00Z")).duration(Duration.ofHours(1))
                        .recurrence(Recurrence.weekly(1, Set.of(DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY), LocalDate.of(2025, 2, 24))
                                .withOccurrences(10))
                        .build())
                .meeting(MeetingSpec.builder("Secret project", ALICE).rooms(ROOM_B)
                        .start(NOW.plus(Duration.ofHours(1))).duration(Duration.ofHours(1)).build())
                .meeting(MeetingSpec.builder("Booked on the display", ROOM_C).attendees(BOB)
                        .start(NOW.plus(Duration.ofHours(2))).duration(Duration.ofMinutes(30)).build())
                .build();
        EwsSimulator.Builder b = EwsSimulator.builder().scenario(scenario).clock(clock)
                .schemaValidation(SchemaValidator.fromSystemProperties()).graphSchema(GraphSchema.fromSystemProperties());
        configure.accept(b);
        sim = b.start();
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(sim.trustStore());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            http = HttpClient.newBuilder().sslContext(ctx).build();
            token = token(CLIENT_ID, SECRET, GRAPH_SCOPE);
        } catch (Exception e) {
            sim.close();
            throw new IllegalStateException(e);
        }
    }

    /** A client-credentials token from the simulator's HTTPS token endpoint. */
    String token(String clientId, String secret, String scope) throws Exception {
        String form = "grant_type=client_credentials&client_id=" + enc(clientId) + "&client_secret=" + enc(secret)
                + (scope == null ? "" : "&scope=" + enc(scope));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(sim.tokenUrl())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("token endpoint answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body()).get("access_token").asText();
    }

    /** A Graph reply. */
    record Reply(int status, HttpResponse<String> raw, JsonNode json) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        String errorCode() {
            return json.path("error").path("code").asText(null);
        }

        @Override
        public String toString() {
            return status + " " + raw.body();
        }
    }

    Reply send(String method, String pathOrUrl, Object body, String... headers) throws Exception {
        URI uri = pathOrUrl.startsWith("http") ? URI.create(pathOrUrl) : URI.create(sim.graphUrl() + pathOrUrl);
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        if (token != null) {
            rb.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            rb.header(headers[i], headers[i + 1]);
        }
        if (body != null) {
            rb.header("Content-Type", "application/json");
            String text = body instanceof String s ? s : JSON.writeValueAsString(body);
            rb.method(method, HttpRequest.BodyPublishers.ofString(text));
        } else {
            rb.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> r = http.send(rb.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = r.body().isEmpty() ? NullNode.getInstance() : JSON.readTree(r.body());
        return new Reply(r.statusCode(), r, json);
    }

    Reply get(String path, String... headers) throws Exception {
        return send("GET", path, null, headers);
    }

    Reply post(String path, Object body, String... headers) throws Exception {
        return send("POST", path, body, headers);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String window(Instant from, Instant to) {
        return "startDateTime=" + enc(from.toString()) + "&endDateTime=" + enc(to.toString());
    }

    static JsonNode claims(String jwt) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    @Override
    public void close() {
        try {
            sim.assertNoSchemaViolations();
        } finally {
            sim.close();
        }
    }
}
