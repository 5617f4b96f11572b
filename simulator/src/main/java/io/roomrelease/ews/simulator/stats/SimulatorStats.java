package io.roomrelease.ews.simulator.stats;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the simulator saw, as the server saw it: requests per operation, requests in flight per account
 * (current and maximum), throttling replies, 401s by reason, anchor mismatches and User-Agents. Live
 * counters, thread-safe; {@link #reset()} zeroes everything except the current in-flight counts.
 */
public final class SimulatorStats {

    /** Why a request got HTTP 401. */
    public enum UnauthorizedReason {
        /** No Authorization header (the Basic challenge). */
        MISSING_CREDENTIALS,
        /** Basic credentials with an unknown logon or a wrong password. */
        BAD_CREDENTIALS,
        /** A Bearer token that the token endpoint never issued. */
        UNKNOWN_TOKEN,
        /** A Bearer token past its expiry on the simulator clock. */
        EXPIRED_TOKEN,
        /** An Authorization scheme other than Basic or Bearer. */
        UNSUPPORTED_SCHEME
    }

    private final AtomicLong totalRequests = new AtomicLong();
    private final ConcurrentMap<String, AtomicLong> perOperation = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AtomicInteger> maxInFlight = new ConcurrentHashMap<>();
    private final AtomicLong serverBusy = new AtomicLong();
    private final AtomicLong requestsDuringBackOff = new AtomicLong();
    private final AtomicLong concurrencyRejections = new AtomicLong();
    private final AtomicLong serviceUnavailable = new AtomicLong();
    private final AtomicLong droppedConnections = new AtomicLong();
    private final AtomicLong faults = new AtomicLong();
    private final AtomicLong rejectedXml = new AtomicLong();
    private final ConcurrentMap<UnauthorizedReason, AtomicLong> unauthorized = new ConcurrentHashMap<>();
    private final List<AnchorMismatch> anchorMismatches = new CopyOnWriteArrayList<>();
    private final Set<String> userAgents = ConcurrentHashMap.newKeySet();
    private final AtomicLong tokensIssued = new AtomicLong();

    // ---- recording (server side) ----

    public void request(String userAgent) {
        totalRequests.incrementAndGet();
        if (userAgent != null) {
            userAgents.add(userAgent);
        }
    }

    public void operation(String operation) {
        perOperation.computeIfAbsent(operation, k -> new AtomicLong()).incrementAndGet();
    }

    /** Marks a request of {@code account} as being served; returns the new in-flight count. */
    public int enter(String account) {
        String key = key(account);
        int now = inFlight.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        maxInFlight.computeIfAbsent(key, k -> new AtomicInteger()).accumulateAndGet(now, Math::max);
        return now;
    }

    /** Marks a request of {@code account} as done. */
    public void exit(String account) {
        inFlight.get(key(account)).decrementAndGet();
    }

    public void serverBusy() {
        serverBusy.incrementAndGet();
    }

    public void requestDuringBackOff() {
        requestsDuringBackOff.incrementAndGet();
    }

    public void concurrencyRejection() {
        concurrencyRejections.incrementAndGet();
    }

    public void serviceUnavailable() {
        serviceUnavailable.incrementAndGet();
    }

    public void droppedConnection() {
        droppedConnections.incrementAndGet();
    }

    public void fault() {
        faults.incrementAndGet();
    }

    public void countRejectedXml() {
        rejectedXml.incrementAndGet();
    }

    public void countUnauthorized(UnauthorizedReason reason) {
        unauthorized.computeIfAbsent(reason, k -> new AtomicLong()).incrementAndGet();
    }

    public void anchorMismatch(AnchorMismatch mismatch) {
        anchorMismatches.add(mismatch);
    }

    public void tokenIssued() {
        tokensIssued.incrementAndGet();
    }

    // ---- reading ----

    /** Requests received at the EWS endpoint (including rejected ones). */
    public long totalRequests() {
        return totalRequests.get();
    }

    /** Requests per EWS operation that passed authentication and parsing. */
    public Map<String, Long> requestsPerOperation() {
        Map<String, Long> out = new TreeMap<>();
        perOperation.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** Requests of one operation. */
    public long requests(String operation) {
        AtomicLong n = perOperation.get(operation);
        return n == null ? 0 : n.get();
    }

    /** Requests of the account being served right now. */
    public int inFlight(String account) {
        AtomicInteger n = inFlight.get(key(account));
        return n == null ? 0 : n.get();
    }

    /** The most requests of the account served at once since start or {@link #reset()}. */
    public int maxInFlight(String account) {
        AtomicInteger n = maxInFlight.get(key(account));
        return n == null ? 0 : n.get();
    }

    /** ErrorServerBusy faults sent (budget, concurrency and injected). */
    public long serverBusyReplies() {
        return serverBusy.get();
    }

    /**
     * Requests that arrived after a busy reply with BackOffMilliseconds had been sent to their account and before
     * that back-off had passed (requests already on their way when the reply left are not counted).
     */
    public long requestsDuringBackOff() {
        return requestsDuringBackOff.get();
    }

    /** Requests rejected because the account already had EWSMaxConcurrency requests in flight. */
    public long concurrencyRejections() {
        return concurrencyRejections.get();
    }

    /** HTTP 503 replies sent. */
    public long serviceUnavailableReplies() {
        return serviceUnavailable.get();
    }

    /** Connections closed without a response (fault injection). */
    public long droppedConnections() {
        return droppedConnections.get();
    }

    /** SOAP faults sent, of any code. */
    public long faults() {
        return faults.get();
    }

    /** Requests refused because their XML was not well-formed, too big or carried a DOCTYPE. */
    public long rejectedXml() {
        return rejectedXml.get();
    }

    /** HTTP 401 replies by reason. */
    public Map<UnauthorizedReason, Long> unauthorized() {
        Map<UnauthorizedReason, Long> out = new TreeMap<>();
        unauthorized.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** HTTP 401 replies for one reason. */
    public long unauthorized(UnauthorizedReason reason) {
        AtomicLong n = unauthorized.get(reason);
        return n == null ? 0 : n.get();
    }

    /** Requests whose X-AnchorMailbox differed from the impersonated mailbox. */
    public List<AnchorMismatch> anchorMismatches() {
        return List.copyOf(anchorMismatches);
    }

    /** Every distinct User-Agent seen. */
    public Set<String> userAgents() {
        return Set.copyOf(userAgents);
    }

    /** Access tokens issued by the token endpoint. */
    public long tokensIssued() {
        return tokensIssued.get();
    }

    /** Zeroes every counter and list; in-flight counts stay (requests are still being served), their maxima restart from them. */
    public void reset() {
        totalRequests.set(0);
        perOperation.clear();
        inFlight.forEach((k, v) -> maxInFlight.computeIfAbsent(k, x -> new AtomicInteger()).set(v.get()));
        maxInFlight.keySet().retainAll(inFlight.keySet());
        serverBusy.set(0);
        requestsDuringBackOff.set(0);
        concurrencyRejections.set(0);
        serviceUnavailable.set(0);
        droppedConnections.set(0);
        faults.set(0);
        rejectedXml.set(0);
        unauthorized.clear();
        anchorMismatches.clear();
        userAgents.clear();
        tokensIssued.set(0);
    }

    @Override
    public String toString() {
        return "SimulatorStats[requests=" + totalRequests + ", perOperation=" + requestsPerOperation()
                + ", serverBusy=" + serverBusy + ", requestsDuringBackOff=" + requestsDuringBackOff
                + ", concurrencyRejections=" + concurrencyRejections + ", 503s=" + serviceUnavailable
                + ", dropped=" + droppedConnections + ", 401s=" + unauthorized() + "]";
    }

    private static String key(String account) {
        return account.toLowerCase(Locale.ROOT);
    }
}
