package io.roomrelease.camel.ews.retry;

import java.time.Duration;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How calls of one account are retried (in the spirit of exchangelib's retry policy): every attempt first waits for
 * the account's {@link BackOffGate}; a throttled attempt closes the gate for the wait the server asked for (or an
 * exponential default) and tries again; a dead reused keep-alive connection is retried on a fresh connection for
 * idempotent calls, and a request that provably did not leave is retried on a fresh connection for any call (both at
 * most {@link #MAX_FRESH_RETRIES} times; the classifier never calls a failure on a fresh connection stale, so in
 * practice one retry settles it); anything else fails at once. A wait longer than {@code maxBackOff}, or more than {@code maxThrottledRetries} throttled
 * attempts in a row, fails with the throttled exception so a route can decide.
 */
public final class RetryPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(RetryPolicy.class);

    /** Retries on a fresh connection per call (stale or unsent), a bound for the pathological case. */
    public static final int MAX_FRESH_RETRIES = 3;

    private final BackOffGate gate;
    private final Duration maxBackOff;
    private final Duration defaultBackOff;
    private final int maxThrottledRetries;

    /**
     * @param gate                the account's shared gate
     * @param maxBackOff          longest wait accepted before failing
     * @param defaultBackOff      first wait when the server asks to back off without saying how long (doubles)
     * @param maxThrottledRetries throttled attempts retried before giving up
     */
    public RetryPolicy(BackOffGate gate, Duration maxBackOff, Duration defaultBackOff, int maxThrottledRetries) {
        this.gate = Objects.requireNonNull(gate, "gate");
        this.maxBackOff = Objects.requireNonNull(maxBackOff, "maxBackOff");
        this.defaultBackOff = Objects.requireNonNull(defaultBackOff, "defaultBackOff");
        this.maxThrottledRetries = maxThrottledRetries;
    }

    public BackOffGate gate() {
        return gate;
    }

    public Duration maxBackOff() {
        return maxBackOff;
    }

    /** One attempt of a call. */
    @FunctionalInterface
    public interface Attempt<T> {
        T call(Try attempt) throws Exception;
    }

    /** The running attempt: its number, and a last check of the gate right before the request leaves. */
    public static final class Try {
        private final int number;
        private final BackOffGate.Clearance clearance;
        private final BackOffGate gate;
        private final boolean freshConnection;
        private volatile Duration earlyBackOff;

        Try(int number, BackOffGate.Clearance clearance, BackOffGate gate) {
            this(number, clearance, gate, false);
        }

        Try(int number, BackOffGate.Clearance clearance, BackOffGate gate, boolean freshConnection) {
            this.number = number;
            this.clearance = clearance;
            this.gate = gate;
            this.freshConnection = freshConnection;
        }

        /**
         * Whether this attempt must run on a new connection (the previous one failed on a dead or stale connection):
         * the caller closes whatever connection its pooled client holds before sending.
         */
        public boolean freshConnection() {
            return freshConnection;
        }

        /** The attempt number, from 1. */
        public int number() {
            return number;
        }

        /**
         * Call right before sending (e.g. after waiting for a pooled connection): if a back-off started meanwhile,
         * the attempt goes back to the gate instead of sending into it.
         */
        public void checkGate() throws GateClosedException {
            if (gate.generation() != clearance.generation()) {
                throw new GateClosedException();
            }
        }

        /**
         * Closes the account's gate the moment a busy reply of this attempt is read off the wire, before the client
         * library has parsed it into an exception, so that no other thread sends in the meantime. The policy does not
         * close the gate a second time for the same reply.
         */
        public void serverBusy(Duration backOff) {
            earlyBackOff = Objects.requireNonNull(backOff, "backOff");
            gate.backOff(backOff);
        }

        Duration earlyBackOff() {
            return earlyBackOff;
        }
    }

    /** Thrown by {@link Try#checkGate()}: the attempt is repeated after the new back-off, without counting it. */
    public static final class GateClosedException extends Exception {
        private static final long serialVersionUID = 1L;

        GateClosedException() {
            super("a back-off started before the request left", null, false, false);
        }
    }

    /** Turns failures into verdicts and into the component's exceptions. */
    public interface FailureHandler {
        Verdict classify(Throwable failure);

        /** The exception to throw for a failure that is not retried. */
        RuntimeException translate(Throwable failure);

        /** The exception to throw when the account must wait longer than allowed. */
        RuntimeException throttled(Throwable failure, Duration backOff, String reason);
    }

    /**
     * Runs {@code attempt} under this policy.
     *
     * @param description for logs, e.g. "findEvents room1@x"
     * @param idempotent  whether the call may be repeated after a dead connection
     */
    public <T> T execute(String description, boolean idempotent, FailureHandler handler, Attempt<T> attempt) {
        int throttled = 0;
        int freshRetries = 0;
        boolean fresh = false;
        int n = 0;
        while (true) {
            BackOffGate.Clearance clearance = awaitGate(handler);
            // only an answer that is not "busy" opens the gate fully after a probe; a probe that was not sent, was
            // interrupted, failed with an Error or met "busy" again leaves it half-open for the next probe
            boolean busyAgain = true;
            n++;
            Try current = new Try(n, clearance, gate, fresh);
            try {
                T value = attempt.call(current);
                busyAgain = false;
                return value;
            } catch (GateClosedException e) {
                n--; // nothing was sent (a fresh connection, if asked for, is still asked for)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw handler.translate(e);
            } catch (Exception e) {
                Verdict v = handler.classify(e);
                switch (v.kind()) {
                    case THROTTLED -> {
                        throttled++;
                        Duration wait = v.backOff() != null ? v.backOff()
                                : defaultBackOff.multipliedBy(1L << Math.min(throttled - 1, 10));
                        if (!wait.equals(current.earlyBackOff())) {
                            gate.backOff(wait);
                        }
                        if (wait.compareTo(maxBackOff) > 0) {
                            throw handler.throttled(e, wait, v.reason() + ", longer than maxBackOff " + maxBackOff);
                        }
                        if (throttled > maxThrottledRetries) {
                            throw handler.throttled(e, wait,
                                    v.reason() + " after " + maxThrottledRetries + " retries");
                        }
                        LOG.info("{}: {} - the account backs off {} (attempt {})", description, v.reason(), wait, n);
                        fresh = false;
                    }
                    case STALE_CONNECTION, NOT_SENT -> {
                        if ((v.kind() == Verdict.Kind.STALE_CONNECTION && !idempotent)
                                || freshRetries >= MAX_FRESH_RETRIES) {
                            throw handler.translate(e);
                        }
                        freshRetries++;
                        fresh = true;
                        LOG.debug("{}: {} (attempt {}), retrying on a fresh connection", description, v.reason(), n);
                    }
                    default -> {
                        busyAgain = false; // the server answered, and not "busy"
                        throw handler.translate(e);
                    }
                }
            } finally {
                if (clearance.probe()) {
                    gate.probeDone(clearance, busyAgain); // on every path, or the waiters would wait for nothing
                }
            }
        }
    }

    /**
     * Blocks until the account's back-off has passed and this thread may send.
     *
     * @throws RuntimeException the handler's throttled exception when the remaining back-off exceeds maxBackOff
     */
    private BackOffGate.Clearance awaitGate(FailureHandler handler) {
        try {
            BackOffGate.Clearance c = gate.awaitClearance(maxBackOff);
            if (c.isRefused()) {
                throw handler.throttled(null, c.refused(),
                        "the account is backing off, longer than maxBackOff " + maxBackOff);
            }
            return c;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw handler.translate(e);
        }
    }
}
