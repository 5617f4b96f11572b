package io.roomrelease.camel.ews.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.roomrelease.camel.ews.EwsConstants;
import io.roomrelease.camel.ews.graph.GraphAccessDeniedException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Graph's throttling as the simulator applies it (per app and mailbox: 4 requests at once, N requests per window,
 * 429 with Retry-After), token expiry, access denied - and what the component reports about them to its meters.
 */
class GraphThrottlingSimTest extends GraphSimSupport {

    private final MeterRegistry meters = new SimpleMeterRegistry();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext ctx = super.createCamelContext();
        ctx.getRegistry().bind("metricsRegistry", meters);
        return ctx;
    }

    @BeforeEach
    void freshCounters() {
        sim.graphStats().reset();
    }

    private Exchange find(String mailbox) {
        return call(uri("findEvents"), e -> {
            e.getIn().setHeader(EwsConstants.MAILBOX, mailbox);
            e.getIn().setHeader(EwsConstants.WINDOW_START, BASE.minus(Duration.ofMinutes(30)));
            e.getIn().setHeader(EwsConstants.WINDOW_END, BASE.plus(Duration.ofHours(8)));
        });
    }

    private double requests(String operation, String outcome) {
        var t = meters.find("ews.requests").tags("backend", "graph", "operation", operation, "outcome", outcome)
                .timer();
        return t == null ? 0 : t.count();
    }

    private List<Exchange> parallel(int callers, int callsEach, String mailbox) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<Exchange>> futures = new ArrayList<>();
            for (int i = 0; i < callers * callsEach; i++) {
                futures.add(pool.submit((Callable<Exchange>) () -> find(mailbox)));
            }
            List<Exchange> out = new ArrayList<>();
            for (Future<Exchange> f : futures) {
                out.add(f.get(120, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRetryAfterIsWaitedOutBeforeTheMailboxIsAskedAgainAndEveryCallSucceeds() {
        // 3 requests per app and mailbox per 2 s: calls 4.. of the same window get 429 with the window's rest
        sim.graphThrottling(4, 3, Duration.ofSeconds(2));
        for (int i = 0; i < 7; i++) {
            assertThat(find(room(2)).getException()).isNull();
        }
        long throttled = sim.graphStats().throttledReplies();
        assertThat(throttled).as(sim.graphStats().toMap().toString()).isPositive();
        // one caller: after it has read a 429 it sends nothing to that mailbox until the Retry-After passed
        assertThat(sim.graphStats().requestsDuringRetryAfter()).as(sim.graphStats().toMap().toString()).isZero();
        // the 429s are busy replies of the app, with the back-off they asked for; one call each, whatever it took
        assertThat(meters.get("ews.busy.replies").tags("backend", "graph", "account", CLIENT_ID).counter().count())
                .isEqualTo(throttled);
        assertThat(meters.get("ews.backoff").tags("backend", "graph", "account", CLIENT_ID).timer().count())
                .isEqualTo(throttled);
        assertThat(requests("findEvents", "success")).isEqualTo(7);
        // another room was never held back by this one's 429s
        long before = System.nanoTime();
        assertThat(find(room(3)).getException()).isNull();
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void parallelCallersOnOneMailboxNeverSendMoreThanFourAtOnceAndRequestsInFlightAreTheOnlyEarlyOnes()
            throws Exception {
        sim.faults().fixedLatency("Graph:calendarView", Duration.ofMillis(60));
        List<Exchange> all = parallel(16, 2, room(2));
        assertThat(all).allSatisfy(e -> assertThat(e.getException()).isNull());
        assertThat(sim.graphStats().maxConcurrentPerMailbox()).as(sim.graphStats().toMap().toString())
                .isLessThanOrEqualTo(4).isGreaterThan(1);
        assertThat(sim.graphStats().throttledByLimit()).doesNotContainKey("MailboxConcurrency");
        assertThat(graphClient().maxInFlight(room(2))).isLessThanOrEqualTo(4);

        // now with a request limit too: 16 callers, 429s; requests already on the wire when a 429 was written cannot
        // be recalled (at most 3 others of that mailbox), but nothing new is sent until its Retry-After passed
        sim.graphStats().reset();
        sim.graphThrottling(4, 10, Duration.ofSeconds(2));
        List<Exchange> throttledRun = parallel(16, 2, room(2));
        assertThat(throttledRun).allSatisfy(e -> assertThat(e.getException()).isNull());
        long throttled = sim.graphStats().throttledReplies();
        assertThat(throttled).isPositive();
        assertThat(sim.graphStats().requestsDuringRetryAfter()).as(sim.graphStats().toMap().toString())
                .isLessThanOrEqualTo(3 * throttled);
        assertThat(sim.graphStats().maxConcurrentPerMailbox()).isLessThanOrEqualTo(4);
    }

    @Test
    void anExpiredTokenIsRefreshedTransparentlyAndTokenRequestsAreCounted() {
        assertThat(find(room(1)).getException()).isNull();
        long refreshes = graphClient().tokenRefreshes();
        sim.expireTokens();
        assertThat(find(room(1)).getException()).isNull();
        assertThat(graphClient().tokenRefreshes() - refreshes).isEqualTo(1);
        assertThat(sim.graphStats().unauthorizedReplies()).isEqualTo(1);
        assertThat(meters.get("ews.token.requests").tags("provider", "client-credentials", "outcome", "success")
                .counter().count()).isEqualTo(2);
        assertThat(requests("findEvents", "success")).isEqualTo(2);
    }

    @Test
    void outOfScopeIsCountedAsAccessDeniedAndTheWireGaugesShowTheApp() {
        assertThat(find(room(1)).getException()).isNull();
        assertThat(find(ALICE).getException()).isInstanceOf(GraphAccessDeniedException.class);
        assertThat(sim.graphStats().forbiddenReplies()).isEqualTo(1);
        assertThat(requests("findEvents", "success")).isEqualTo(1);
        assertThat(requests("findEvents", "access_denied")).isEqualTo(1);
        assertThat(meters.get("ews.wire.limit").tags("backend", "graph", "account", CLIENT_ID).gauge().value())
                .isEqualTo(10);
        assertThat(meters.get("ews.wire.requests").tags("backend", "graph", "account", CLIENT_ID).gauge().value())
                .isZero();
        assertThat(meters.get("ews.busy.replies").tags("backend", "graph", "account", CLIENT_ID).counter().count())
                .isZero();
    }
}
