package io.roomrelease.camel.ews.retry;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.roomrelease.camel.ews.TestClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Liveness of the probe rule: every path releases the waiters, and no wait outlasts maxBackOff. */
class BackOffGateTest {

    static final class Busy extends Exception {
    }

    static final RetryPolicy.FailureHandler HANDLER = new RetryPolicy.FailureHandler() {
        @Override
        public Verdict classify(Throwable failure) {
            return failure instanceof Busy ? Verdict.throttled(Duration.ofMillis(500), "ErrorServerBusy") : Verdict.fatal();
        }

        @Override
        public RuntimeException translate(Throwable failure) {
            return new IllegalStateException("translated", failure);
        }

        @Override
        public RuntimeException throttled(Throwable failure, Duration backOff, String reason) {
            return new IllegalStateException("throttled: " + reason);
        }
    };

    final TestClock clock = new TestClock(Instant.parse("2026-03-02T09:00:00Z"));
    final BackOffGate gate = new BackOffGate(clock, clock.sleeper());
    final RetryPolicy policy = new RetryPolicy(gate, Duration.ofSeconds(5), Duration.ofSeconds(1), 3);

    CompletableFuture<BackOffGate.Clearance> waiter() {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return gate.awaitClearance(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void aProbeThatThrowsReleasesTheWaitersWhichThenSendAProbeOfTheirOwn() throws Exception {
        gate.backOff(Duration.ofMillis(100));
        AtomicInteger sent = new AtomicInteger();
        // the probe fails with something that is not "busy" (the server answered): the gate opens
        assertThatThrownBy(() -> policy.execute("probe", true, HANDLER, t -> {
            sent.incrementAndGet();
            throw new IllegalArgumentException("ErrorItemNotFound");
        })).isInstanceOf(IllegalStateException.class).hasMessage("translated");
        assertThat(gate.probeInFlight()).isFalse();
        assertThat(gate.awaitClearance(Duration.ofSeconds(5)).probe()).as("fully open").isFalse();
    }

    @Test
    void aProbeFailingWithAnErrorLeavesTheGateHalfOpenForTheNextProbe() throws Exception {
        gate.backOff(Duration.ofMillis(100));
        assertThatThrownBy(() -> policy.execute("probe", true, HANDLER, t -> {
            throw new AssertionError("boom");
        })).isInstanceOf(AssertionError.class);
        assertThat(gate.probeInFlight()).as("the probe reported on the error path").isFalse();
        BackOffGate.Clearance next = gate.awaitClearance(Duration.ofSeconds(5));
        assertThat(next.probe()).as("no answer came: the next request probes again").isTrue();
    }

    @Test
    void aProbeMeetingBusyAgainClosesTheGateAndReleasesTheWaiters() throws Exception {
        gate.backOff(Duration.ofMillis(100));
        BackOffGate.Clearance probe = gate.awaitClearance(Duration.ofSeconds(5));
        assertThat(probe.probe()).isTrue();
        CompletableFuture<BackOffGate.Clearance> other = waiter();
        gate.backOff(Duration.ofMillis(500)); // the probe met ErrorServerBusy again
        gate.probeDone(probe, true);
        BackOffGate.Clearance c = other.get(10, TimeUnit.SECONDS);
        assertThat(c.probe()).as("the waiter waits the new back-off and probes").isTrue();
        assertThat(gate.remaining()).isZero();
        assertThat(c.generation()).isEqualTo(gate.generation());
    }

    @Test
    void aProbeThatIsInterruptedBeforeSendingReleasesTheWaiters() throws Exception {
        gate.backOff(Duration.ofMillis(100));
        assertThatThrownBy(() -> policy.execute("probe", true, HANDLER, t -> {
            throw new InterruptedException("stopping");
        })).isInstanceOf(IllegalStateException.class).hasRootCauseInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).as("interrupt status restored").isTrue();
        assertThat(gate.probeInFlight()).isFalse();
        assertThat(gate.awaitClearance(Duration.ofSeconds(5)).probe()).as("nothing was answered: probe again").isTrue();
    }

    @Test
    void aProbeSentBackToTheGateDoesNotOpenItPastANewBackOff() throws Exception {
        gate.backOff(Duration.ofMillis(100));
        AtomicInteger attempts = new AtomicInteger();
        String r = policy.execute("probe", true, HANDLER, t -> {
            if (attempts.incrementAndGet() == 1) {
                gate.backOff(Duration.ofMillis(300)); // another thread met "busy" while this probe waited for a service
                t.checkGate();
            }
            return "ok";
        });
        assertThat(r).isEqualTo("ok");
        assertThat(attempts).hasValue(2);
        assertThat(gate.awaitClearance(Duration.ofSeconds(5)).probe()).as("the second, sent probe succeeded").isFalse();
    }

    @Test
    void aProbeThatNeverReportsIsReplacedAfterMaxWait() throws Exception {
        gate.backOff(Duration.ofMillis(100));
        BackOffGate.Clearance lost = gate.awaitClearance(Duration.ofSeconds(5));
        assertThat(lost.probe()).isTrue();
        CompletableFuture<BackOffGate.Clearance> other = waiter();
        Thread.sleep(100);
        assertThat(other).as("waits for the probe").isNotDone();
        clock.advance(Duration.ofSeconds(5)); // the probe has been silent for maxWait
        BackOffGate.Clearance takeOver = other.get(10, TimeUnit.SECONDS);
        assertThat(takeOver.probe()).as("a waiter takes the lost probe's place").isTrue();
        gate.probeDone(lost, false); // the lost probe's late report changes nothing
        assertThat(gate.probeInFlight()).isTrue();
        gate.probeDone(takeOver, false);
        assertThat(gate.probeInFlight()).isFalse();
        assertThat(gate.awaitClearance(Duration.ofSeconds(5)).probe()).isFalse();
    }

    @Test
    void waitingForAProbeIsBoundedByMaxWait() throws Exception {
        gate.backOff(Duration.ofMillis(100));
        BackOffGate.Clearance probe = gate.awaitClearance(Duration.ofSeconds(60));
        assertThat(probe.probe()).isTrue();
        CompletableFuture<BackOffGate.Clearance> other = CompletableFuture.supplyAsync(() -> {
            try {
                return gate.awaitClearance(Duration.ofSeconds(1));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        assertThat(other).isNotDone();
        clock.advance(Duration.ofMillis(999));
        Thread.sleep(100);
        assertThat(other).isNotDone();
        clock.advance(Duration.ofMillis(1));
        BackOffGate.Clearance c = other.get(10, TimeUnit.SECONDS);
        // the probe was out for exactly this waiter's maxWait: presumed lost, the waiter probes
        assertThat(c.probe()).isTrue();
        assertThat(c.isRefused()).isFalse();
    }

    @Test
    void backOffsThatKeepGrowingAreBoundedByMaxWaitInAll() throws Exception {
        AtomicInteger sleeps = new AtomicInteger();
        BackOffGate g = new BackOffGate(clock, d -> {
            clock.advance(d);
            if (sleeps.incrementAndGet() < 10) {
                // another thread keeps meeting "busy" while this one sleeps
                g2(d);
            }
        });
        holder[0] = g;
        g.backOff(Duration.ofSeconds(2));
        BackOffGate.Clearance c = g.awaitClearance(Duration.ofSeconds(5));
        assertThat(c.isRefused()).as("2 s + 2 s + 2 s would exceed 5 s in all").isTrue();
        assertThat(sleeps.get()).isEqualTo(2);
    }

    private final BackOffGate[] holder = new BackOffGate[1];

    private void g2(Duration d) {
        holder[0].backOff(Duration.ofSeconds(2));
    }
}
