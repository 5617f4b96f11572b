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
 * fully; a new "busy" closes it again.
 * <p>
 * Liveness: the probe must report with {@link #probeDone(Clearance, boolean)} on every path (callers use
 * try/finally). A probe that has not reported within {@code maxWait} of a waiter is presumed lost and a waiter takes
 * its place (the lost probe's late report is then ignored); no thread waits in {@link #awaitClearance} longer than
 * its {@code maxWait} in total - it is refused instead. Time comes from the injected clock; back-off waits use the
 * injected sleeper; waiting for a probe uses this object's monitor, woken by the probe's report.
 */
public final class BackOffGate {

    /** How long a thread waits for a probe's report before looking again. */
    private static final long PROBE_POLL_MILLIS = 50;

    private final Clock clock;
    private final Sleeper sleeper;
    private long backOffs;
    private long generation;
    private Instant notBefore = Instant.MIN;
    private boolean needProbe;
    /** The probe in flight (0: none); each probe gets a fresh id so a stale report cannot release a newer probe. */
    private long probeId;
    private long probeSeq;
    private Instant probeSince;
    private volatile java.util.function.Consumer<Duration> listener = d -> {
    };

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
     * @param probeId    identifies the probe (0 when not a probe)
     */
    public record Clearance(boolean probe, long generation, Duration refused, long probeId) {

        public Clearance(boolean probe, long generation, Duration refused) {
            this(probe, generation, refused, 0);
        }

        /** Whether the request must not be sent. */
        public boolean isRefused() {
            return refused != null;
        }
    }

    /** Told of every back-off as it starts (the server's busy replies), e.g. to count them; one listener. */
    public void onBackOff(java.util.function.Consumer<Duration> listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Closes the gate for at least {@code duration} from now (never shortens a back-off already in place). */
    public synchronized void backOff(Duration duration) {
        listener.accept(duration);
        Instant until = clock.instant().plus(duration);
        if (until.isAfter(notBefore)) {
            notBefore = until;
        }
        backOffs++;
        generation++;
        needProbe = true;
        notifyAll();
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

    /** Whether a probe is out and has not reported. */
    public synchronized boolean probeInFlight() {
        return probeId != 0;
    }

    /**
     * Blocks until this thread may send: the back-off has passed and either the gate is fully open or this thread is
     * the probe. Never blocks longer than {@code maxWait} in all (back-off and waiting for a probe together).
     *
     * @param  maxWait              the longest acceptable wait
     * @return                      the clearance, refused when the wait would exceed maxWait
     * @throws InterruptedException when interrupted while waiting
     */
    public Clearance awaitClearance(Duration maxWait) throws InterruptedException {
        Instant deadline = clock.instant().plus(maxWait);
        while (true) {
            Duration remaining;
            synchronized (this) {
                Instant now = clock.instant();
                remaining = remaining();
                if (remaining.isZero()) {
                    if (!needProbe) {
                        return new Clearance(false, generation, null);
                    }
                    if (probeId != 0 && !now.isBefore(probeSince.plus(maxWait))) {
                        probeId = 0; // presumed lost: it has not reported for maxWait; this thread takes over
                    }
                    if (probeId == 0) {
                        probeId = ++probeSeq;
                        probeSince = now;
                        return new Clearance(true, generation, null, probeId);
                    }
                    if (!now.isBefore(deadline)) {
                        return new Clearance(false, generation, maxWait);
                    }
                    wait(PROBE_POLL_MILLIS);
                    continue;
                }
                if (remaining.compareTo(maxWait) > 0 || now.plus(remaining).isAfter(deadline)) {
                    return new Clearance(false, generation, remaining);
                }
            }
            sleeper.sleep(remaining);
        }
    }

    /**
     * Reports the outcome of a probe; call it exactly once per probe clearance, on every path (finally).
     *
     * @param clearance the probe's clearance (a report for a probe that was presumed lost is ignored)
     * @param throttled whether the server answered "busy" again (the caller has already called {@link #backOff}),
     *                  or the probe was not sent at all - either way the gate does not open fully
     */
    public synchronized void probeDone(Clearance clearance, boolean throttled) {
        if (!clearance.probe() || clearance.probeId() != probeId) {
            return;
        }
        probeId = 0;
        probeSince = null;
        if (!throttled && clearance.generation() == generation) {
            needProbe = false;
        }
        notifyAll();
    }

    /**
     * Reports the outcome of the current probe, whichever it is.
     *
     * @param      throttled whether the server answered "busy" again
     * @deprecated           use {@link #probeDone(Clearance, boolean)}, which cannot release another thread's probe
     */
    @Deprecated
    public synchronized void probeDone(boolean throttled) {
        if (probeId == 0) {
            return;
        }
        probeDone(new Clearance(true, generation, null, probeId), throttled);
    }
}
