package io.roomrelease.camel.ews.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * {@link CalendarMetrics} as Micrometer meters (Prometheus names in brackets):
 * <ul>
 *   <li>{@code ews.requests} timer, tags backend, operation, outcome ({@code ews_requests_seconds_count/sum/max});</li>
 *   <li>{@code ews.busy.replies} counter, tags backend, account ({@code ews_busy_replies_total});</li>
 *   <li>{@code ews.backoff} timer of the back-off asked for, tags backend, account ({@code ews_backoff_seconds_*});</li>
 *   <li>{@code ews.wire.requests} / {@code ews.wire.limit} gauges: requests on the wire and their cap;</li>
 *   <li>{@code ews.pool.leased} / {@code ews.pool.capacity} gauges: pooled clients leased and the pool size;</li>
 *   <li>{@code ews.token.requests} counter, tags provider, outcome ({@code ews_token_requests_total}).</li>
 * </ul>
 * Only this class touches Micrometer; the component's dependency on it is optional.
 */
public final class MicrometerCalendarMetrics implements CalendarMetrics {

    private final MeterRegistry registry;

    public MicrometerCalendarMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public void request(String backend, String operation, String outcome, Duration elapsed) {
        Timer.builder("ews.requests").description("Calendar backend operations (retries included) by outcome")
                .tags("backend", backend, "operation", operation, "outcome", outcome)
                .register(registry).record(elapsed.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void busyReply(String backend, String account, Duration backOff) {
        busyReplies(backend, account).increment();
        backOffs(backend, account).record(backOff.toNanos(), TimeUnit.NANOSECONDS);
    }

    private Counter busyReplies(String backend, String account) {
        return Counter.builder("ews.busy.replies").description("Busy replies (ErrorServerBusy, HTTP 503/429)")
                .tags("backend", backend, "account", account).register(registry);
    }

    private Timer backOffs(String backend, String account) {
        return Timer.builder("ews.backoff")
                .description("Back-off the server asked for; the account's requests wait it out")
                .tags("backend", backend, "account", account).register(registry);
    }

    @Override
    public void tokenRequest(String provider, boolean success) {
        Counter.builder("ews.token.requests").description("OAuth token requests to the identity provider")
                .tags("provider", provider, "outcome", success ? SUCCESS : "error").register(registry).increment();
    }

    @Override
    public AutoCloseable account(String backend, String account, IntSupplier onWire, int wireLimit,
                                 IntSupplier leased, int poolCapacity) {
        List<Meter> meters = List.of(
                gauge("ews.wire.requests", "Requests on the wire (counted as Exchange counts concurrency)", backend,
                        account, onWire),
                gauge("ews.wire.limit", "Cap on requests on the wire (maxConcurrentRequests)", backend, account,
                        () -> wireLimit),
                gauge("ews.pool.leased", "Pooled clients leased", backend, account, leased),
                gauge("ews.pool.capacity", "Pooled clients at most", backend, account, () -> poolCapacity),
                // at zero from the start, so alerts and dashboards see the account before its first busy reply
                busyReplies(backend, account), backOffs(backend, account));
        return () -> meters.forEach(registry::remove);
    }

    private Meter gauge(String name, String description, String backend, String account, IntSupplier value) {
        return Gauge.builder(name, value, IntSupplier::getAsInt).description(description)
                .tags("backend", backend, "account", account).strongReference(true).register(registry);
    }
}
