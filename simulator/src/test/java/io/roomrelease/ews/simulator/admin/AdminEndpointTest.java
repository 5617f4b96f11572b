package io.roomrelease.ews.simulator.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.roomrelease.ews.simulator.EwsSimulator;
import io.roomrelease.ews.simulator.model.ResponseType;
import io.roomrelease.ews.simulator.model.Access;
import io.roomrelease.ews.simulator.scenario.Scenario;
import io.roomrelease.ews.simulator.scenario.ScenarioGenerator;

/** The admin endpoint: loopback only, sent messages, calendars and fault injection as JSON. */
class AdminEndpointTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-03-02T09:20:00Z"), ZoneOffset.UTC);
    private final EwsSimulator sim = EwsSimulator.builder().scenario(ScenarioGenerator.generate(4, 7, clock))
            .clock(clock).start();
    private final AdminEndpoint admin;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    AdminEndpointTest() throws Exception {
        admin = AdminEndpoint.start(sim, 0);
    }

    @AfterEach
    void close() {
        admin.close();
        sim.close();
    }

    @Test
    void bindsToLoopbackOnly() {
        assertThat(admin.uri().getHost()).isEqualTo("127.0.0.1");
        assertThat(admin.uri().getPath()).isEqualTo("/admin");
    }

    @Test
    void listsCalendarsAndTheMessagesRoomsSent() throws Exception {
        String room = sim.store().rooms().get(0).email();
        JsonNode calendar = get("/calendar?mailbox=" + room);
        assertThat(calendar.isArray()).isTrue();
        assertThat(calendar.size()).isEqualTo(sim.store().calendar(room).size()).isPositive();
        assertThat(calendar.get(0).get("mailbox").asText()).isEqualToIgnoringCase(room);

        assertThat(get("/sent?kind=DECLINE").size()).isZero();
        var item = sim.store().calendar(room).stream().filter(e -> !e.isOrganizer() && e.meeting()
                && !e.isRecurring()).findFirst().orElseThrow();
        sim.store().respond(Access.impersonating(sim.store().scenario().accounts().get(0).logon(), room),
                item.id(), ResponseType.Decline, "nobody came", true);
        JsonNode declines = get("/sent?kind=DECLINE");
        assertThat(declines.size()).isEqualTo(1);
        assertThat(declines.get(0).get("from").asText()).isEqualToIgnoringCase(room);
        assertThat(get("/sent?kind=DECLINE&from=nobody@example.com").size()).isZero();
        assertThat(get("/stats").get("declinesSent").asInt()).isEqualTo(1);
    }

    @Test
    void injectsAndResetsFaults() throws Exception {
        assertThat(post("/faults/latency", "{\"operation\":\"FindItem\",\"fixedMillis\":120}").statusCode())
                .isEqualTo(200);
        assertThat(sim.faults().drawLatency("FindItem")).isEqualTo(Duration.ofMillis(120));
        assertThat(sim.faults().drawLatency("GetItem")).isEqualTo(Duration.ZERO);
        assertThat(post("/faults/unreadable-reply", "{\"operation\":\"DeclineItem\",\"count\":2}").statusCode())
                .isEqualTo(200);
        assertThat(sim.faults().takeReplyFault("DeclineItem")).isPresent();
        assertThat(post("/faults/drop-connections", "{\"count\":1}").statusCode()).isEqualTo(200);
        assertThat(post("/faults/reset", "").statusCode()).isEqualTo(200);
        assertThat(sim.faults().drawLatency("FindItem")).isEqualTo(Duration.ZERO);
        assertThat(sim.faults().takeDrop()).isFalse();
        assertThat(sim.faults().takeReplyFault("DeclineItem")).isEmpty();
    }

    @Test
    void answersBadRequestsClearly() throws Exception {
        HttpResponse<String> unknown = post("/faults/earthquake", "{}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("unknown fault");
        assertThat(post("/faults/latency", "not json").statusCode()).isEqualTo(400);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(admin.uri() + "/nothing")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(admin.uri() + "/calendar?mailbox=x@y")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(400);
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(admin.uri() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(admin.uri() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
