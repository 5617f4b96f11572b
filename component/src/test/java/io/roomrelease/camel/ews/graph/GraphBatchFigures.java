package io.roomrelease.camel.ews.graph;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.roomrelease.camel.ews.retry.Sleeper;

/**
 * Figures, not a test: getAvailability for N rooms with and without JSON batching, over a link with a simulated 20 ms
 * round trip per HTTP request (sub-requests of a $batch cost none: Graph runs them server-side). Run from the IDE or
 * with the component test class path; it prints HTTP requests and wall time per case.
 */
public final class GraphBatchFigures {
    private GraphBatchFigures() {
    }

    public static void main(String[] args) throws Exception {
        Instant t0 = Instant.parse("2026-12-01T08:00:00Z");
        for (int n : new int[] { 100, 400, 2000 }) {
            for (boolean batching : new boolean[] { false, true }) {
                GraphStub stub = new GraphStub();
                stub.override = s -> {
                    if (!"true".equals(s.headers().get("x-batched"))) {
                        try { Thread.sleep(20); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
                    }
                    return null;
                };
                List<String> rooms = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    rooms.add("r" + i + "@x.com");
                    stub.addEvent("r" + i + "@x.com", "m", t0.plusSeconds(3600), t0.plusSeconds(7200), false, "o@x.com");
                }
                GraphClient base = GraphClients.create(GraphBackendTest.conf(stub), Clock.systemUTC(), Sleeper.THREAD_SLEEP, "b");
                GraphSettings s = base.settings();
                GraphClient c = new GraphClient(new GraphSettings(s.baseUrl(), s.sslContext(), s.authorization(), s.userAgent(),
                        s.timeout(), s.maxConcurrentRequests(), s.perMailbox(), s.maxBackOff(), s.pageSize(), batching),
                        Clock.systemUTC(), Sleeper.THREAD_SLEEP);
                GraphBackend b = new GraphBackend(c, 50, Clock.systemUTC());
                b.getAvailability(null, rooms.subList(0, 40), t0, t0.plus(Duration.ofHours(10))); // token + warm-up
                long r0 = c.requests();
                long w0 = System.nanoTime();
                var out = b.getAvailability(null, rooms, t0, t0.plus(Duration.ofHours(10))).value();
                long wall = System.nanoTime() - w0;
                if (out.stream().anyMatch(m -> m.getBusySlots().size() != 1)) throw new AssertionError();
                System.out.printf("rooms=%d batching=%s: %d HTTP requests, %.0f ms%n", n, batching, c.requests() - r0, wall / 1e6);
                stub.close();
            }
        }
        System.exit(0);
    }
}
