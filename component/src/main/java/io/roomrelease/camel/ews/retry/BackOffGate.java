package io.roomrelease.camel.ews.retry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The back-off shared by every thread that uses one Exchange account. When the server says "busy" (ErrorServerBusy
 * with BackOffMilliseconds, HTTP 503, Retry-After), {@link #backOff(Duration)} closes the gate: no request of the
 * account leaves before the back-off has passed ({@link #awaitClearance(Duration)}).
 * <p>
 * When a back-off has passed the gate re-opens half-way: a single <em>probe</em> request goes first and the other
 * threads wait for its outcome. Were they all released at once, the first of them to meet an empty budget would
 * start a new back-off that the others, already on the wire, would run into. The probe's success opens the gate
 * fully; a new "busy" closes it again. Time comes from the injected clock; waits use the injected sleeper.
 */
public final class BackOffGate {

    /** How long a thread waits for a probe before looking again (a probe that never reports is not waited forever). */
    private static final long PROBE_POLL_MILLIS = 50;

    private final Clock clock;
    private final Sleeper sleeper;
    private long backOffs;
    private long generation;
    private Instant notBefore = Instant.MIN;
    private boolean needProbe;
    private boolean probeInFlight;

    public BackOffGate(Clock clock, Sleeper sleeper) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /**
     * The answer of {@link #awaitClearance}.
     *
     * @param probe      this thread is the single probe after a back-off: report with {@link #probeDone}
     * @param generation the gate's generation when cleared
     * @param refused    when not null: the back-off still to wait, longer than allowed; nothing may be sent
     */
    public record Clearance(boolean probe, long generation, Duration refused) {

        /** Whether the request must not be sent. */
        public boolean isRefused() {
            return refused != null;
        }
    }

    /** Closes the gate for at least {@code duration} from now (never shortens a back-off already in place). */
    public synchronized void backOff(Duration duration) {
        Instant until = clock.instant().plus(duration);
        if (until.isAfter(notBefore)) {
            notBefore = until;
        }
        backOffs++;
        generation++;
        needProbe = true;
    }

    /** How long requests must still wait (zero when the back-off has passed). */
    public synchronized Duration remaining() {
        Instant now = clock.instant();
        if (!notBefore.isAfter(now)) {
            return Duration.ZERO;
        }
        return Duration.between(now, notBefore);
    }

    /** How many back-offs were recorded. */
    public synchronized long backOffCount() {
        return backOffs;
    }

    /** Changes whenever a back-off starts: a clearance from an older generation is stale. */
    public synchronized long generation() {
        return generation;
    }

    /**
     * Blocks until this thread may send: the back-off has passed and either the gate is fully open or this thread is
     * the probe.
     *
     * @param  maxWait              the longest acceptable back-off
     * @return                      the clearance, refused when the back-off exceeds maxWait
     * @throws InterruptedException when interrupted while waiting
     */
    public Clearance awaitClearance(Duration maxWait) throws InterruptedException {
        while (true) {
            Duration remaining;
            synchronized (this) {
                remaining = remaining();
                if (remaining.isZero()) {
                    if (!needProbe) {
                        return new Clearance(false, generation, null);
                    }
                    if (!probeInFlight) {
                        probeInFlight = true;
                        return new Clearance(true, generation, null);
                    }
                    wait(PROBE_POLL_MILLIS);
                    continue;
                }
                if (remaining.compareTo(maxWait) > 0) {
                    return new Clearance(false, generation, remaining);
                }
            }
            sleeper.sleep(remaining);
        }
    }

    /**
     * Reports the outcome of a probe.
     *
     * @param throttled whether the server answered "busy" again (the caller has already called {@link #backOff})
     */
    public synchronized void probeDone(boolean throttled) {
        probeInFlight = false;
        if (!throttled) {
            needProbe = false;
        }
        notifyAll();
    }
}
