package io.roomrelease.ews.simulator.graph;

import static io.roomrelease.ews.simulator.graph.GraphFixture.NOW;
import static io.roomrelease.ews.simulator.graph.GraphFixture.ROOM_A;
import static io.roomrelease.ews.simulator.graph.GraphFixture.ROOM_B;
import static io.roomrelease.ews.simulator.graph.GraphFixture.window;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** Graph's Outlook throttling (per app and mailbox) and JSON batching, over real HTTPS. */
class GraphThrottlingTest {
    GraphFixture f;

    @BeforeEach
    void start() {
        f = new GraphFixture();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    static String view(String mailbox) {
        return "/users/" + mailbox + "/calendarView?" + window(NOW, NOW.plus(Duration.ofHours(1)));
    }

    @Test
    void tenParallelCallersOnOneMailboxNeverGetMoreThanFourServed() throws Exception {
        f.sim.faults().fixedLatency("Graph:calendarView", Duration.ofMillis(1500));
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<GraphFixture.Reply>> replies = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                replies.add(pool.submit(() -> {
                    go.await();
                    return f.get(view(ROOM_A));
                }));
            }
            go.countDown();
            int ok = 0;
            int throttled = 0;
            for (Future<GraphFixture.Reply> r : replies) {
                GraphFixture.Reply reply = r.get();
                if (reply.status() == 200) {
                    ok++;
                } else {
                    assertThat(reply.status()).as(reply.toString()).isEqualTo(429);
                    assertThat(reply.errorCode()).isEqualTo("ApplicationThrottled");
                    assertThat(reply.json().at("/error/message").asText()).contains("MailboxConcurrency");
                    assertThat(Double.parseDouble(reply.header("Retry-After"))).isPositive();
                    throttled++;
                }
            }
            // a request that arrives after another finished may be served too, so ok can exceed 4; in flight never does
            assertThat(ok + throttled).isEqualTo(10);
            assertThat(throttled).isPositive();
            assertThat(f.sim.graphStats().maxConcurrentPerMailbox()).isEqualTo(4);
            assertThat(f.sim.graphStats().throttledReplies()).isEqualTo(throttled);
            assertThat(f.sim.graphStats().throttledByLimit()).containsEntry("MailboxConcurrency", (long) throttled);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theRequestBudgetAnswers429WithRetryAfterAndCountsImpatientCallers() throws Exception {
        f.sim.graphThrottling(4, 3, Duration.ofSeconds(90));
        for (int i = 0; i < 3; i++) {
            assertThat(f.get(view(ROOM_A)).status()).isEqualTo(200);
        }
        GraphFixture.Reply throttled = f.get(view(ROOM_A));
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.header("Retry-After")).isEqualTo("90");
        assertThat(throttled.json().at("/error/innerError/request-id").asText()).isEqualTo(throttled.header("request-id"));
        assertThat(f.get(view(ROOM_B)).status()).as("another mailbox has its own budget").isEqualTo(200);
        assertThat(f.sim.graphStats().requestsDuringRetryAfter()).isZero();

        assertThat(f.get(view(ROOM_A)).status()).isEqualTo(429); // before Retry-After passed
        assertThat(f.sim.graphStats().requestsDuringRetryAfter()).isEqualTo(1);
        f.clock.advance(Duration.ofSeconds(91));
        f.token = f.token(GraphFixture.CLIENT_ID, GraphFixture.SECRET, GraphFixture.GRAPH_SCOPE);
        assertThat(f.get(view(ROOM_A)).status()).isEqualTo(200);
        assertThat(f.sim.graphStats().requestsDuringRetryAfter()).isEqualTo(1);
        assertThat(f.sim.graphStats().throttledReplies()).isEqualTo(2);
    }

    @Test
    void retryAfterMayCarryAFraction() throws Exception {
        f.sim.graphThrottling(4, 1, Duration.ofMillis(1500));
        f.sim.graphSettings().fractionalRetryAfter(true);
        assertThat(f.get(view(ROOM_A)).status()).isEqualTo(200);
        f.clock.advance(Duration.ofMillis(250));
        assertThat(f.get(view(ROOM_A)).header("Retry-After")).isEqualTo("1.25");
    }

    @Test
    void theDefaultsThrottleNothingAtOrdinaryRates() throws Exception {
        for (int i = 0; i < 30; i++) {
            assertThat(f.get(view(i % 2 == 0 ? ROOM_A : ROOM_B)).status()).isEqualTo(200);
        }
        assertThat(f.sim.graphStats().throttledReplies()).isZero();
        assertThat(f.sim.graphStats().requestsDuringRetryAfter()).isZero();
    }

    static Map<String, Object> sub(String id, String method, String url, Object body, String... dependsOn) {
        Map<String, Object> r = new HashMap<>();
        r.put("id", id);
        r.put("method", method);
        r.put("url", url);
        if (body != null) {
            r.put("body", body);
            r.put("headers", Map.of("Content-Type", "application/json"));
        }
        if (dependsOn.length > 0) {
            r.put("dependsOn", List.of(dependsOn));
        }
        return r;
    }

    @Test
    void aBatchAnswersEachRequestOnItsOwnAndHonoursDependsOn() throws Exception {
        GraphFixture.Reply standupPage = f.get(view(ROOM_A));
        String standup = standupPage.json().get("value").get(0).get("id").asText();
        GraphFixture.Reply batch = f.post("/$batch", Map.of("requests", List.of(
                sub("1", "GET", view(ROOM_A), null),
                sub("2", "POST", "/users/" + ROOM_A + "/events/" + standup + "/decline", Map.of("comment", "released"), "1"),
                sub("3", "GET", "/users/" + ROOM_A + "/events/" + standup, null, "2"),
                sub("4", "GET", "/users/alice@contoso.com/calendarView?" + window(NOW, NOW.plusSeconds(60)), null),
                sub("5", "GET", view(ROOM_B), null, "4"))), "client-request-id", "batch-1");
        assertThat(batch.status()).as(batch.toString()).isEqualTo(200);
        Map<String, JsonNode> byId = new HashMap<>();
        batch.json().get("responses").forEach(r -> byId.put(r.get("id").asText(), r));
        assertThat(byId.get("1").get("status").asInt()).isEqualTo(200);
        assertThat(byId.get("1").at("/body/value")).hasSize(1);
        assertThat(byId.get("2").get("status").asInt()).isEqualTo(202);
        assertThat(byId.get("2").has("body")).isFalse();
        assertThat(byId.get("3").get("status").asInt()).as("declined: gone from the room's calendar").isEqualTo(404);
        assertThat(byId.get("4").get("status").asInt()).isEqualTo(403);
        assertThat(byId.get("4").at("/body/error/code").asText()).isEqualTo("ErrorAccessDenied");
        assertThat(byId.get("5").get("status").asInt()).isEqualTo(424);
        assertThat(f.sim.graphStats().requestsPerEndpoint()).as("5 never ran").containsEntry("calendarView", 3L);
    }

    @Test
    void aThrottledSubRequestCarriesItsOwnRetryAfter() throws Exception {
        f.sim.graphThrottling(4, 2, Duration.ofSeconds(30));
        GraphFixture.Reply batch = f.post("/$batch", Map.of("requests", List.of(
                sub("a", "GET", view(ROOM_A), null), sub("b", "GET", view(ROOM_A), null), sub("c", "GET", view(ROOM_A), null),
                sub("d", "GET", view(ROOM_B), null))));
        assertThat(batch.status()).isEqualTo(200);
        Map<String, JsonNode> byId = new HashMap<>();
        batch.json().get("responses").forEach(r -> byId.put(r.get("id").asText(), r));
        // a, b and c run in parallel: which one the budget refuses is up to the race
        List<JsonNode> onA = List.of(byId.get("a"), byId.get("b"), byId.get("c"));
        assertThat(onA).filteredOn(r -> r.get("status").asInt() == 200).hasSize(2);
        assertThat(onA).filteredOn(r -> r.get("status").asInt() == 429).singleElement().satisfies(r -> {
            assertThat(r.at("/headers/Retry-After").asText()).isEqualTo("30");
            assertThat(r.at("/body/error/code").asText()).isEqualTo("ApplicationThrottled");
        });
        assertThat(byId.get("d").get("status").asInt()).isEqualTo(200);
        assertThat(batch.header("Retry-After")).isNull();
        assertThat(f.sim.graphStats().throttledReplies()).isEqualTo(1);
    }

    @Test
    void aBatchDispatchesUpToFourRequestsAtOnce() throws Exception {
        f.sim.faults().fixedLatency("Graph:calendarView", Duration.ofMillis(300));
        List<Map<String, Object>> requests = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            requests.add(sub(Integer.toString(i), "GET", view(ROOM_A), null));
        }
        GraphFixture.Reply batch = f.post("/$batch", Map.of("requests", requests));
        assertThat(batch.json().get("responses")).hasSize(8).allSatisfy(r -> assertThat(r.get("status").asInt()).isEqualTo(200));
        assertThat(f.sim.graphStats().maxConcurrentPerMailbox()).isEqualTo(4);
        assertThat(f.sim.graphStats().throttledReplies()).isZero();
    }

    @Test
    void aBatchHoldsAtMostTwentyRequests() throws Exception {
        List<Map<String, Object>> requests = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            requests.add(sub(Integer.toString(i), "GET", view(ROOM_A), null));
        }
        GraphFixture.Reply r = f.post("/$batch", Map.of("requests", requests));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().at("/error/message").asText()).contains("20");
        assertThat(f.sim.graphStats().requestsPerEndpoint()).doesNotContainKey("calendarView");
    }
}
