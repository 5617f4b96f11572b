package io.roomrelease.ews.simulator.graph;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the Graph side saw: requests (HTTP and $batch sub-requests) per endpoint, 429s by code, requests that arrived
 * for a mailbox before its Retry-After had passed, the most requests of one app on one mailbox at once, 401s, 403s,
 * and schema violations. Live counters, thread-safe.
 */
public final class GraphStats {
    /** A JSON body that failed the Graph metadata check. */
    public record Violation(String endpoint, String direction, String message) {
        @Override
        public String toString() {
            return direction + " " + endpoint + ": " + message;
        }
    }

    private final AtomicLong httpRequests = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final ConcurrentMap<String, AtomicLong> perEndpoint = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AtomicLong> throttled = new ConcurrentHashMap<>();
    private final AtomicLong duringRetryAfter = new AtomicLong();
    private final AtomicInteger maxConcurrentPerMailbox = new AtomicInteger();
    private final AtomicLong unauthorized = new AtomicLong();
    private final AtomicLong forbidden = new AtomicLong();
    private final AtomicLong badRequests = new AtomicLong();
    private final List<Violation> violations = new CopyOnWriteArrayList<>();

    void httpRequest() {
        httpRequests.incrementAndGet();
    }

    void batch() {
        batches.incrementAndGet();
    }

    void endpoint(String name) {
        perEndpoint.computeIfAbsent(name, k -> new AtomicLong()).incrementAndGet();
    }

    void throttled(String code) {
        throttled.computeIfAbsent(code, k -> new AtomicLong()).incrementAndGet();
    }

    void requestDuringRetryAfter() {
        duringRetryAfter.incrementAndGet();
    }

    void concurrent(int n) {
        maxConcurrentPerMailbox.accumulateAndGet(n, Math::max);
    }

    void unauthorized() {
        unauthorized.incrementAndGet();
    }

    void forbidden() {
        forbidden.incrementAndGet();
    }

    void badRequest() {
        badRequests.incrementAndGet();
    }

    void violation(Violation v) {
        violations.add(v);
    }

    /** HTTP requests under /v1.0 (a $batch is one). */
    public long httpRequests() {
        return httpRequests.get();
    }

    /** $batch requests. */
    public long batches() {
        return batches.get();
    }

    /** Requests per endpoint (HTTP and $batch sub-requests), e.g. {@code calendarView}. */
    public Map<String, Long> requestsPerEndpoint() {
        Map<String, Long> out = new TreeMap<>();
        perEndpoint.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** Every 429 answered (HTTP and sub-requests). */
    public long throttledReplies() {
        return throttled.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** 429s by the limit that answered them ({@code MailboxConcurrency}, {@code MailboxRequests}). */
    public Map<String, Long> throttledByLimit() {
        Map<String, Long> out = new TreeMap<>();
        throttled.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** Requests for an app and mailbox that arrived after a 429 had been sent for it and before its Retry-After passed. */
    public long requestsDuringRetryAfter() {
        return duringRetryAfter.get();
    }

    /** The most requests of one app on one mailbox served at once. */
    public int maxConcurrentPerMailbox() {
        return maxConcurrentPerMailbox.get();
    }

    /** 401 replies. */
    public long unauthorizedReplies() {
        return unauthorized.get();
    }

    /** 403 replies (missing role, mailbox outside the app's scope). */
    public long forbiddenReplies() {
        return forbidden.get();
    }

    /** 400 replies. */
    public long badRequestReplies() {
        return badRequests.get();
    }

    /** Schema violations: requests the simulator refused with 400, and responses it sent (a simulator bug). */
    public List<Violation> schemaViolations() {
        return List.copyOf(violations);
    }

    /** Only the response violations: JSON the simulator sent that is not valid Graph. */
    public List<Violation> responseViolations() {
        return violations.stream().filter(v -> "RESPONSE".equals(v.direction())).toList();
    }

    /** Forgets recorded schema violations. */
    public void clearSchemaViolations() {
        violations.clear();
    }

    /** Zeroes everything. */
    public void reset() {
        httpRequests.set(0);
        batches.set(0);
        perEndpoint.clear();
        throttled.clear();
        duringRetryAfter.set(0);
        maxConcurrentPerMailbox.set(0);
        unauthorized.set(0);
        forbidden.set(0);
        badRequests.set(0);
        violations.clear();
    }

    /** The counters as a JSON-friendly map (for the admin endpoint). */
    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("requests", httpRequests());
        out.put("batches", batches());
        out.put("requestsPerEndpoint", requestsPerEndpoint());
        out.put("throttled429", throttledReplies());
        out.put("throttledByLimit", throttledByLimit());
        out.put("requestsDuringRetryAfter", requestsDuringRetryAfter());
        out.put("maxConcurrentPerMailbox", maxConcurrentPerMailbox());
        out.put("unauthorized401", unauthorizedReplies());
        out.put("forbidden403", forbiddenReplies());
        out.put("badRequest400", badRequestReplies());
        out.put("schemaViolations", schemaViolations().size());
        out.put("responseSchemaViolations", responseViolations().size());
        return out;
    }

    static String key(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
