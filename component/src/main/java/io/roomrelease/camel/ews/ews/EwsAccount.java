package io.roomrelease.camel.ews.ews;

import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.roomrelease.camel.ews.AccessMode;
import io.roomrelease.camel.ews.ConnectingIdType;
import io.roomrelease.camel.ews.auth.AuthorizationSource;
import io.roomrelease.camel.ews.auth.BearerAuthorization;
import io.roomrelease.camel.ews.metrics.CalendarMetrics;
import io.roomrelease.camel.ews.retry.BackOffGate;
import io.roomrelease.camel.ews.retry.BoundedPool;
import io.roomrelease.camel.ews.retry.RetryPolicy;
import io.roomrelease.camel.ews.retry.Sleeper;
import io.roomrelease.camel.ews.retry.Verdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything shared by the threads that use one Exchange account: the cap on requests in flight, the bounded pool
 * of {@link ManagedExchangeService} (never shared, always closed), the back-off gate and the retry policy.
 * <p>
 * The cap ({@code maxConcurrentRequests}) counts what Exchange counts against EWSMaxConcurrency: a request is in
 * flight from the moment it may leave until its whole reply has been read off the wire. Building the request and
 * parsing the reply (ews-java-api's share of the CPU) happen outside that window, on a service of their own - so a
 * caller with more threads than the cap keeps the cap busy instead of idling it while it parses.
 */
public final class EwsAccount implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EwsAccount.class);

    /** Throttled attempts retried before {@code EwsThrottledException} (each one waits the server's back-off). */
    static final int MAX_THROTTLED_RETRIES = 8;
    /** First wait for a 503 without Retry-After; doubles on each consecutive one. */
    static final Duration DEFAULT_BACK_OFF = Duration.ofSeconds(1);

    private final EwsConnectionSettings settings;
    private final Clock clock;
    private final BoundedPool<ManagedExchangeService> pool;
    /** Places on the wire: requests in flight, from the moment one may leave until its reply has been read. */
    private final Semaphore wire;
    private final AtomicInteger onWire = new AtomicInteger();
    private final AtomicInteger maxOnWire = new AtomicInteger();
    private final AtomicInteger freshConnectionRetries = new AtomicInteger();
    // the client side of a throttle storm: busy replies read, requests then on the wire, sends inside a back-off
    private final AtomicLong busyRepliesRead = new AtomicLong();
    private final AtomicLong inFlightAtBusyRead = new AtomicLong();
    private final AtomicLong sentDuringBackOff = new AtomicLong();
    /** Requests sent (past the last gate check) whose reply has not been read yet; true once a busy reply was read meanwhile. */
    private final Map<Object, AtomicBoolean> sentNow = new ConcurrentHashMap<>();
    /** Until when the latest busy reply read asks this account to wait (epoch millis of the clock). */
    private final AtomicLong backOffUntilMillis = new AtomicLong(Long.MIN_VALUE);
    private final BackOffGate gate;
    private final RetryPolicy policy;
    private final CalendarMetrics metrics;
    private final AutoCloseable gauges;

    public EwsAccount(EwsConnectionSettings settings, Clock clock, Sleeper sleeper) {
        this(settings, clock, sleeper, CalendarMetrics.NONE);
    }

    /** An account whose calls, busy replies, wire and pool are reported to {@code metrics} (backend {@code ews}). */
    public EwsAccount(EwsConnectionSettings settings, Clock clock, Sleeper sleeper, CalendarMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
        this.gate = new BackOffGate(clock, sleeper);
        this.policy = new RetryPolicy(gate, settings.maxBackOff(), DEFAULT_BACK_OFF, MAX_THROTTLED_RETRIES);
        // the cap applies to the wire; twice as many services let threads build and parse outside it
        this.wire = new Semaphore(settings.maxConcurrentRequests(), true);
        this.pool = new BoundedPool<>(2 * settings.maxConcurrentRequests(), this::newService);
        String principal = settings.authorization().principal();
        gate.onBackOff(wait -> metrics.busyReply(BACKEND, principal, wait));
        if (settings.authorization() instanceof BearerAuthorization bearer) {
            bearer.tokenProvider().reportTo(metrics);
        }
        this.gauges = metrics.account(BACKEND, principal, onWire::get, settings.maxConcurrentRequests(),
                pool::leased, pool.capacity());
    }

    /** The {@code backend} tag of this account's meters. */
    static final String BACKEND = "ews";

    private ManagedExchangeService newService() {
        ManagedExchangeService s = new ManagedExchangeService(settings.sslContext(), settings.allowInsecureHttp(),
                settings.authorization(), settings.userAgent(), (int) settings.timeout().toMillis());
        s.setUrl(settings.url());
        return s;
    }

    /** One call against EWS on a pooled service. */
    @FunctionalInterface
    public interface ServiceCall<T> {
        T call(ManagedExchangeService service) throws Exception;
    }

    /** A value and the client-request-id of the last request that produced it. */
    public record Result<T>(T value, String requestId) {
    }

    /**
     * Runs {@code call} under the retry policy on a pooled service pointed at {@code mailbox}.
     *
     * @param operation  for logs and messages
     * @param mailbox    the target mailbox (null: the account itself)
     * @param itemId     the item acted on, for messages (may be null)
     * @param idempotent whether the call only reads: then a request that died on a reused keep-alive connection is
     *                   repeated on a fresh one; otherwise (a write) a request that may have reached Exchange is never
     *                   repeated and ends as {@link io.roomrelease.camel.ews.EwsOutcomeUnknownException} when its
     *                   reply is lost or unreadable
     */
    public <T> Result<T> call(String operation, String mailbox, String itemId, AccessMode mode, ConnectingIdType idType,
                              boolean idempotent, ServiceCall<T> call) {
        // what the last attempt left behind, captured on this thread while it still held its service
        AtomicReference<String> requestId = new AtomicReference<>();
        AtomicReference<String> retryAfter = new AtomicReference<>();
        EwsFailures failures = new EwsFailures(this, operation, mailbox, itemId, requestId::get, retryAfter::get,
                idempotent);
        String what = operation + (mailbox == null ? "" : " " + mailbox);
        long began = System.nanoTime(); // monitoring only: elapsed time, never a decision
        String outcome = CalendarMetrics.SUCCESS;
        try {
            return new Result<>(execute(what, idempotent, failures, requestId, retryAfter, mailbox, mode, idType, call),
                    requestId.get());
        } catch (RuntimeException e) {
            outcome = CalendarMetrics.outcomeOf(e);
            throw e;
        } finally {
            metrics.request(BACKEND, operation, outcome, Duration.ofNanos(System.nanoTime() - began));
        }
    }

    private <T> T execute(String what, boolean idempotent, EwsFailures failures, AtomicReference<String> requestId,
                          AtomicReference<String> retryAfter, String mailbox, AccessMode mode, ConnectingIdType idType,
                          ServiceCall<T> call) {
        return policy.execute(what, idempotent, failures, attempt -> {
            try (BoundedPool.Lease<ManagedExchangeService> lease = pool.acquire()) {
                // a back-off may have started while this thread waited for a free service
                attempt.checkGate();
                ManagedExchangeService s = lease.get();
                if (attempt.freshConnection()) {
                    freshConnectionRetries.incrementAndGet();
                    s.closeIdleConnection(Duration.ZERO); // the previous attempt met a dead connection: a new one
                } else if (!settings.connectionIdleTimeout().isZero()) {
                    // before the server's keep-alive timeout can close it under a request
                    s.closeIdleConnection(settings.connectionIdleTimeout());
                }
                s.beginAttempt(!idempotent);
                failures.attempt(null);
                s.target(mailbox, mode == AccessMode.impersonation,
                        microsoft.exchange.webservices.data.core.enumeration.misc.ConnectingIdType
                                .valueOf(idType.name()));
                s.hooks(new ManagedExchangeService.SendHooks() {
                    @Override
                    public void enterWire() throws java.io.IOException {
                        try {
                            wire.acquire();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new InterruptedIOException("interrupted while waiting for a place on the wire");
                        }
                        maxOnWire.accumulateAndGet(onWire.incrementAndGet(), Math::max);
                    }

                    @Override
                    public void leaveWire() {
                        AtomicBoolean caught = sentNow.remove(this);
                        if (caught != null && caught.get()) {
                            inFlightAtBusyRead.incrementAndGet(); // on the wire when some busy reply was read
                        }
                        onWire.decrementAndGet();
                        wire.release();
                    }

                    @Override
                    public void beforeSend() throws java.io.IOException {
                        try {
                            attempt.checkGate(); // the last moment: a back-off may have started since
                        } catch (RetryPolicy.GateClosedException closed) {
                            throw new SendVetoedException(closed);
                        }
                        if (clock.millis() < backOffUntilMillis.get()) {
                            sentDuringBackOff.incrementAndGet(); // a promise broken: counted, never expected
                        }
                        sentNow.putIfAbsent(this, new AtomicBoolean());
                    }

                    @Override
                    public void busyReply(Duration backOff) {
                        backOffUntilMillis.accumulateAndGet(clock.millis() + backOff.toMillis(), Math::max);
                        busyRepliesRead.incrementAndGet();
                        sentNow.forEach((request, caught) -> {
                            if (request != this) {
                                caught.set(true); // sent before this client could know: may arrive early
                            }
                        });
                        attempt.serverBusy(backOff);
                    }
                });
                try {
                    T v = call.call(s);
                    requestId.set(s.lastRequestId());
                    LOG.debug("{}: ok (client-request-id {})", what, s.lastRequestId());
                    return v;
                } catch (Exception e) {
                    requestId.set(s.lastRequestId());
                    retryAfter.set(s.lastResponseHeader("Retry-After"));
                    SendVetoedException vetoed = EwsFailures.find(e, SendVetoedException.class);
                    if (vetoed != null) {
                        throw vetoed.gateClosed(); // nothing was sent: back to the gate, uncounted
                    }
                    failures.attempt(s.attemptState());
                    Verdict v = failures.classify(e);
                    if (v.kind() == Verdict.Kind.STALE_CONNECTION || v.kind() == Verdict.Kind.NOT_SENT || isIo(e)) {
                        lease.discard(); // its connection is dead or in doubt: the service is closed, not reused
                    }
                    LOG.debug("{}: attempt {} failed (client-request-id {}): {}", what, attempt.number(), s.lastRequestId(),
                            e.toString());
                    throw e;
                } finally {
                    s.hooks(null);
                }
            }
        });
    }

    /** A request held back at the last moment because a back-off started: nothing went on the wire. */
    static final class SendVetoedException extends java.io.IOException {
        private static final long serialVersionUID = 1L;

        SendVetoedException(RetryPolicy.GateClosedException cause) {
            super("the account started backing off before the request left", cause);
        }

        RetryPolicy.GateClosedException gateClosed() {
            return (RetryPolicy.GateClosedException) getCause();
        }
    }

    private static boolean isIo(Throwable e) {
        return EwsFailures.find(e, java.io.IOException.class) != null;
    }

    public URI url() {
        return settings.url();
    }

    public String principal() {
        return settings.authorization().principal();
    }

    public AuthorizationSource authorization() {
        return settings.authorization();
    }

    public Clock clock() {
        return clock;
    }

    public BackOffGate gate() {
        return gate;
    }

    public BoundedPool<ManagedExchangeService> pool() {
        return pool;
    }

    /** The most requests this account had on the wire at once (never more than maxConcurrentRequests). */
    public int maxOnWire() {
        return maxOnWire.get();
    }

    /** ErrorServerBusy replies with BackOffMilliseconds read off the wire (each closed the gate at once). */
    public long busyRepliesRead() {
        return busyRepliesRead.get();
    }

    /**
     * Requests that were on the wire (sent, reply not yet read) when a busy reply of another request was read, each
     * counted once. They were sent before the client could know, so they may reach the server inside its back-off;
     * nothing else may.
     */
    public long inFlightAtBusyRead() {
        return inFlightAtBusyRead.get();
    }

    /** Requests put on the wire while a back-off read from a busy reply had not passed (the client's promise: 0). */
    public long sentDuringBackOff() {
        return sentDuringBackOff.get();
    }

    /** Attempts repeated on a fresh connection because the previous one met a dead or stale connection. */
    public int freshConnectionRetries() {
        return freshConnectionRetries.get();
    }

    public EwsConnectionSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        pool.close();
        try {
            gauges.close();
        } catch (Exception e) {
            LOG.debug("Removing the account's gauges failed", e);
        }
    }

    @Override
    public String toString() {
        return "EwsAccount[" + principal() + " @ " + url() + ", max " + settings.maxConcurrentRequests() + " in flight]";
    }
}
