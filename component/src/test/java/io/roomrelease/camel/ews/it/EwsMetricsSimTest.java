package io.roomrelease.camel.ews.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.roomrelease.camel.ews.EwsConstants;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

/**
 * The component's meters, found through the {@code MeterRegistry} of Camel's registry, against the simulator: calls
 * by operation and outcome, busy replies and the back-off they asked for (as many as the simulator sent), requests
 * on the wire and pooled services (back to zero, with their caps), and token requests (one; later calls use the
 * cached token).
 */
class EwsMetricsSimTest extends SimulatorSupport {

    private final MeterRegistry meters = new SimpleMeterRegistry();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext ctx = super.createCamelContext();
        ctx.getRegistry().bind("metricsRegistry", meters);
        return ctx;
    }

    private Exchange find(String auth, String mailbox) {
        return call("ews:rooms?operation=findEvents&" + auth, e -> {
            e.getIn().setHeader(EwsConstants.MAILBOX, mailbox);
            e.getIn().setHeader(EwsConstants.WINDOW_START, BASE.minus(Duration.ofMinutes(30)));
            e.getIn().setHeader(EwsConstants.WINDOW_END, BASE.plus(Duration.ofHours(2)));
        });
    }

    private double requests(String operation, String outcome) {
        var t = meters.find("ews.requests").tags("backend", "ews", "operation", operation, "outcome", outcome).timer();
        return t == null ? 0 : t.count();
    }

    @Test
    void busyRepliesAndTheirBackOffAreCountedAsTheServerSentThem() {
        sim.faults().serverBusy(2, Duration.ofMillis(300));
        assertThat(find(basic(), ROOM1).getException()).isNull();

        long busy = sim.stats().serverBusyReplies();
        assertThat(busy).isEqualTo(2);
        assertThat(meters.get("ews.busy.replies").tags("account", SVC).counter().count()).isEqualTo(busy);
        var backOff = meters.get("ews.backoff").tags("account", SVC).timer();
        assertThat(backOff.count()).isEqualTo(busy);
        assertThat(backOff.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(600.0);
        // one call, however many attempts it took
        assertThat(requests("findEvents", "success")).isEqualTo(1);
    }

    @Test
    void failedCallsAreCountedByOutcomeAndTheWireAndPoolGaugesShowTheAccount() {
        assertThat(find(basic(), ROOM1).getException()).isNull();
        assertThat(find(basic(), "nobody@example.com").getException()).isNotNull();

        assertThat(requests("findEvents", "success")).isEqualTo(1);
        assertThat(requests("findEvents", "mailbox_not_found")).isEqualTo(1);
        assertThat(meters.get("ews.wire.limit").tags("account", SVC).gauge().value()).isEqualTo(10);
        assertThat(meters.get("ews.wire.requests").tags("account", SVC).gauge().value()).isZero();
        assertThat(meters.get("ews.pool.capacity").tags("account", SVC).gauge().value()).isEqualTo(20);
        assertThat(meters.get("ews.pool.leased").tags("account", SVC).gauge().value()).isZero();
        assertThat(meters.get("ews.busy.replies").tags("account", SVC).counter().count()).isZero();
    }

    @Test
    void tokenRequestsAreCountedNotCacheHits() {
        assertThat(find(oauth(), ROOM1).getException()).isNull();
        assertThat(find(oauth(), ROOM2).getException()).isNull();

        assertThat(meters.get("ews.token.requests").tags("provider", "client-credentials", "outcome", "success")
                .counter().count()).isEqualTo(1);
        assertThat(requests("findEvents", "success")).isEqualTo(2);
    }
}
