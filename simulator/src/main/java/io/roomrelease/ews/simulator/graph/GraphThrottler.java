package io.roomrelease.ews.simulator.graph;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Graph's throttling of Outlook resources, per app and mailbox: at most {@link GraphSettings#maxConcurrent()}
 * requests in flight (429 {@code ApplicationThrottled}, "MailboxConcurrency") and at most
 * {@link GraphSettings#requestsPerWindow()} requests per {@link GraphSettings#window()} (fixed windows on the
 * simulator clock; 429 with the time left in the window as Retry-After). A request that arrives for an app and mailbox
 * after a 429 for it had been written and before its Retry-After passed is counted
 * ({@link GraphStats#requestsDuringRetryAfter()}); requests already on the wire when the 429 left are not. Thread-safe.
 */
final class GraphThrottler {
    private final GraphSettings settings;
    private final Clock clock;
    private final GraphStats stats;
    private final Map<String, State> states = new ConcurrentHashMap<>();

    GraphThrottler(GraphSettings settings, Clock clock, GraphStats stats) {
        this.settings = settings;
        this.clock = clock;
        this.stats = stats;
    }

    /** A granted slot; close it when the request is done. */
    interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    private static final class State {
        int inFlight;
        Instant windowStart;
        int count;
        Instant retryUntil;
        /** When the latest 429 finished going out; requests arriving after it (and before retryUntil) are impatient. */
        long throttledAtNanos = Long.MAX_VALUE;
    }

    /**
     * Admits one request of {@code app} on {@code mailbox}, or throws a 429 {@link GraphError}.
     *
     * @param arrivalNanos when the request's first bytes arrived ({@link System#nanoTime()} scale)
     */
    Permit acquire(String app, String mailbox, long arrivalNanos) {
        String key = GraphStats.key(app) + "|" + GraphStats.key(mailbox);
        State s = states.computeIfAbsent(key, k -> new State());
        Instant now = clock.instant();
        synchronized (s) {
            if (s.retryUntil != null && now.isBefore(s.retryUntil) && s.throttledAtNanos != Long.MAX_VALUE
                    && arrivalNanos - s.throttledAtNanos > 0) {
                stats.requestDuringRetryAfter();
            }
            Duration window = settings.window();
            if (s.windowStart == null || !now.isBefore(s.windowStart.plus(window))) {
                s.windowStart = now;
                s.count = 0;
            }
            if (s.count >= settings.requestsPerWindow()) {
                Duration wait = Duration.between(now, s.windowStart.plus(window));
                throw throttle(s, now, wait, "MailboxRequests",
                        "Application is over its MailboxRequests limit (" + settings.requestsPerWindow() + " requests per "
                                + window.toSeconds() + " s for one mailbox).");
            }
            if (s.inFlight >= settings.maxConcurrent()) {
                throw throttle(s, now, settings.concurrencyRetryAfter(), "MailboxConcurrency",
                        "Application is over its MailboxConcurrency limit.");
            }
            s.count++;
            s.inFlight++;
            stats.concurrent(s.inFlight);
        }
        return () -> {
            synchronized (s) {
                s.inFlight--;
            }
        };
    }

    private GraphError throttle(State s, Instant now, Duration wait, String limit, String message) {
        Instant until = now.plus(wait);
        if (s.retryUntil == null || until.isAfter(s.retryUntil)) {
            s.retryUntil = until;
        }
        stats.throttled(limit);
        Runnable sent = () -> {
            synchronized (s) {
                // the client can know of the 429 only once it has been written
                long nanos = System.nanoTime();
                if (s.throttledAtNanos == Long.MAX_VALUE || nanos - s.throttledAtNanos > 0) {
                    s.throttledAtNanos = nanos;
                }
            }
        };
        return new GraphError(429, "ApplicationThrottled", message, Map.of("Retry-After", settings.retryAfterHeader(wait)), sent);
    }

    /** Forgets every window, in-flight count and Retry-After (after the limits changed). */
    void reset() {
        states.clear();
    }
}
