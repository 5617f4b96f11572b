package io.roomrelease.ews.simulator.faults;

import java.net.URI;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Faults and latency the simulator injects on demand ({@code sim.faults()}): service time per operation,
 * dropped connections (before or after the operation is carried out), an idle keep-alive timeout that closes idle
 * connections server-side, HTTP 503, {@code ErrorServerBusy}, and malformed or hostile replies (after the operation
 * is carried out). Every "next N" fault is used up by the requests that meet it. Thread-safe.
 */
public final class FaultInjector {
    private final Map<String, LatencyModel> latencyPerOperation = new ConcurrentHashMap<>();
    private volatile LatencyModel latencyAll;
    private Random random = new Random(42);

    private final AtomicInteger dropConnections = new AtomicInteger();
    private final AtomicInteger http503 = new AtomicInteger();
    private volatile Duration retryAfter;
    private final AtomicInteger serverBusy = new AtomicInteger();
    private volatile Duration serverBusyBackOff;
    private final ConcurrentLinkedQueue<PendingReply> replyFaults = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<PendingReply> dropsAfterExecution = new ConcurrentLinkedQueue<>();
    private final Consumer<Duration> idleTimeoutSetter;
    private final Duration defaultIdleTimeout;

    /**
     * @param idleTimeoutSetter  applies an idle timeout to the server's connectors
     * @param defaultIdleTimeout the idle timeout {@link #reset()} restores
     */
    public FaultInjector(Consumer<Duration> idleTimeoutSetter, Duration defaultIdleTimeout) {
        this.idleTimeoutSetter = idleTimeoutSetter;
        this.defaultIdleTimeout = defaultIdleTimeout;
    }

    // ---- latency ----

    /** Every operation takes a log-normal time with this median and 99th percentile. */
    public FaultInjector latency(Duration median, Duration p99) {
        latencyAll = LatencyModel.logNormal(median, p99);
        return this;
    }

    /** One operation (e.g. {@code FindItem}) takes a log-normal time; overrides the all-operations latency. */
    public FaultInjector latency(String operation, Duration median, Duration p99) {
        latencyPerOperation.put(operation, LatencyModel.logNormal(median, p99));
        return this;
    }

    /** Every operation takes exactly this long. */
    public FaultInjector fixedLatency(Duration delay) {
        latencyAll = LatencyModel.fixed(delay);
        return this;
    }

    /** One operation takes exactly this long. */
    public FaultInjector fixedLatency(String operation, Duration delay) {
        latencyPerOperation.put(operation, LatencyModel.fixed(delay));
        return this;
    }

    /** Seeds the latency draws, for repeatable runs. */
    public synchronized FaultInjector seed(long seed) {
        random = new Random(seed);
        return this;
    }

    /** The delay for one request of {@code operation}. */
    public Duration drawLatency(String operation) {
        LatencyModel model = latencyPerOperation.getOrDefault(operation, latencyAll);
        if (model == null) {
            return Duration.ZERO;
        }
        synchronized (this) {
            return model.sample(random);
        }
    }

    // ---- connection-level ----

    /** Closes the next {@code count} EWS connections without any response. */
    public FaultInjector dropConnections(int count) {
        dropConnections.addAndGet(positive(count));
        return this;
    }

    /**
     * The server closes keep-alive connections idle for longer than this, as IIS does (its own side of the socket,
     * so a client that then reuses one sees NoHttpResponseException or a reset). Applies to the connections already
     * open and to those opened after the call.
     */
    public FaultInjector idleTimeout(Duration timeout) {
        idleTimeoutSetter.accept(Objects.requireNonNull(timeout, "timeout"));
        return this;
    }

    /** Answers the next {@code count} EWS requests with HTTP 503, with a {@code Retry-After} header when {@code retryAfter} is not null. */
    public FaultInjector serviceUnavailable(int count, Duration retryAfter) {
        this.retryAfter = retryAfter;
        http503.addAndGet(positive(count));
        return this;
    }

    // ---- EWS-level ----

    /** Answers the next {@code count} authenticated requests with ErrorServerBusy and this BackOffMilliseconds. */
    public FaultInjector serverBusy(int count, Duration backOff) {
        this.serverBusyBackOff = Objects.requireNonNull(backOff, "backOff");
        serverBusy.addAndGet(positive(count));
        return this;
    }

    /**
     * Carries out the next {@code count} requests for {@code operation} (null: any) and then closes the connection
     * without any reply: the client cannot know whether the operation happened. {@code operation} is an EWS
     * operation ({@code CreateItem}) or, for CreateItem, the kind of item created ({@code DeclineItem},
     * {@code CancelCalendarItem}, {@code AcceptItem}, {@code CalendarItem}...), or a Graph endpoint
     * ({@code Graph:decline}, {@code Graph:cancel}, ...: a request answered 2xx, outside a {@code $batch}).
     */
    public FaultInjector dropConnectionAfterExecution(String operation, int count) {
        dropsAfterExecution.add(new PendingReply(operation, null, new AtomicInteger(positive(count))));
        return this;
    }

    /**
     * Carries out the next {@code count} requests for {@code operation} (null: any) and answers HTTP 200 with the
     * real reply cut in half (not well-formed XML). Same as {@link #malformedReply}; {@code operation} may also be
     * the kind of item a CreateItem creates, e.g. {@code DeclineItem}.
     */
    public FaultInjector unreadableReplyAfterExecution(String operation, int count) {
        return malformedReply(operation, count);
    }

    /**
     * Replaces the next {@code count} responses to {@code operation} (null: any) with a truncated, not well-formed
     * reply; the operation itself is carried out first.
     */
    public FaultInjector malformedReply(String operation, int count) {
        return reply(operation, count, new ReplyFault.Malformed());
    }

    /** Replaces the next {@code count} responses to {@code operation} (null: any) with one that declares an external entity at {@code systemId}. */
    public FaultInjector externalEntityReply(String operation, URI systemId, int count) {
        return reply(operation, count, new ReplyFault.ExternalEntity(Objects.requireNonNull(systemId, "systemId")));
    }

    /** Replaces the next {@code count} responses to {@code operation} (null: any) with a "billion laughs" entity expansion. */
    public FaultInjector entityExpansionReply(String operation, int count) {
        return reply(operation, count, new ReplyFault.EntityExpansion());
    }

    /** Replaces the next {@code count} responses to {@code operation} (null: any) with a reply of one's own making. */
    public FaultInjector reply(String operation, int count, ReplyFault fault) {
        replyFaults.add(new PendingReply(operation, fault, new AtomicInteger(positive(count))));
        return this;
    }

    /** Removes every fault and latency and restores the default idle timeout. */
    public FaultInjector reset() {
        latencyAll = null;
        latencyPerOperation.clear();
        dropConnections.set(0);
        http503.set(0);
        serverBusy.set(0);
        replyFaults.clear();
        dropsAfterExecution.clear();
        idleTimeoutSetter.accept(defaultIdleTimeout);
        return this;
    }

    // ---- used by the server ----

    /** Whether this connection is to be dropped (uses up one). */
    public boolean takeDrop() {
        return takeOne(dropConnections);
    }

    /** Whether to answer 503 (uses up one); the Retry-After to send, or empty for none. */
    public Optional<Optional<Duration>> take503() {
        return takeOne(http503) ? Optional.of(Optional.ofNullable(retryAfter)) : Optional.empty();
    }

    /** The BackOffMilliseconds of an injected ErrorServerBusy (uses up one). */
    public Optional<Duration> takeServerBusy() {
        return takeOne(serverBusy) ? Optional.of(serverBusyBackOff) : Optional.empty();
    }

    /** The reply fault for this response to {@code operation}, if one is pending (uses up one). */
    public Optional<ReplyFault> takeReplyFault(String operation) {
        return takeReplyFault(operation, null);
    }

    /**
     * The reply fault for this response to {@code operation}, or to its {@code kind} (e.g. DeclineItem for a
     * CreateItem; may be null), if one is pending (uses up one).
     */
    public Optional<ReplyFault> takeReplyFault(String operation, String kind) {
        return take(replyFaults, operation, kind).map(PendingReply::fault);
    }

    /** Whether to drop the connection after carrying out this request (uses up one). */
    public boolean takeDropAfterExecution(String operation, String kind) {
        return take(dropsAfterExecution, operation, kind).isPresent();
    }

    private static Optional<PendingReply> take(ConcurrentLinkedQueue<PendingReply> queue, String operation, String kind) {
        for (Iterator<PendingReply> it = queue.iterator(); it.hasNext(); ) {
            PendingReply p = it.next();
            if (p.operation == null || p.operation.equals(operation) || (kind != null && p.operation.equals(kind))) {
                if (takeOne(p.remaining)) {
                    return Optional.of(p);
                }
                it.remove();
            }
        }
        return Optional.empty();
    }

    private static boolean takeOne(AtomicInteger counter) {
        return counter.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    private static int positive(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + count);
        }
        return count;
    }

    private record PendingReply(String operation, ReplyFault fault, AtomicInteger remaining) {
    }
}
