package io.roomrelease.camel.ews.retry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.roomrelease.camel.ews.TestClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryPolicyTest {

    static final class Busy extends Exception {
        final Duration backOff;

        Busy(Duration backOff) {
            this.backOff = backOff;
        }
    }

    static final class Stale extends Exception {
    }

    static final class Throttled extends RuntimeException {
        final Duration backOff;

        Throttled(Duration backOff, String reason) {
            super(reason);
            this.backOff = backOff;
        }
    }

    static final class Translated extends RuntimeException {
        Translated(Throwable cause) {
            super(cause);
        }
    }

    static final RetryPolicy.FailureHandler HANDLER = new RetryPolicy.FailureHandler() {
        @Override
        public Verdict classify(Throwable failure) {
            if (failure instanceof Busy b) {
                return Verdict.throttled(b.backOff, "ErrorServerBusy");
            }
            if (failure instanceof Stale) {
                return Verdict.staleConnection();
            }
            return Verdict.fatal();
        }

        @Override
        public RuntimeException translate(Throwable failure) {
            return new Translated(failure);
        }

        @Override
        public RuntimeException throttled(Throwable failure, Duration backOff, String reason) {
            return new Throttled(backOff, reason);
        }
    };

    final TestClock clock = new TestClock(Instant.parse("2026-03-02T09:00:00Z"));
    final List<Instant> attemptsAt = new ArrayList<>();

    RetryPolicy policy(Duration maxBackOff) {
        return new RetryPolicy(new BackOffGate(clock, clock.sleeper()), maxBackOff, Duration.ofSeconds(1), 3);
    }

    @Test
    void serverBusyWaitsTheBackOffThenRetries() {
        RetryPolicy p = policy(Duration.ofSeconds(60));
        String r = p.execute("t", true, HANDLER, t -> {
            int n = t.number();
            attemptsAt.add(clock.instant());
            if (n == 1) {
                throw new Busy(Duration.ofMillis(2500));
            }
            return "ok";
        });
        assertThat(r).isEqualTo("ok");
        assertThat(attemptsAt).hasSize(2);
        assertThat(Duration.between(attemptsAt.get(0), attemptsAt.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void backOffLongerThanMaxFailsWithTheBackOffAndStillClosesTheGate() {
        RetryPolicy p = policy(Duration.ofSeconds(5));
        assertThatThrownBy(() -> p.execute("t", true, HANDLER, t -> {
            int n = t.number();
            throw new Busy(Duration.ofSeconds(30));
        })).isInstanceOfSatisfying(Throttled.class, t -> {
            assertThat(t.backOff).isEqualTo(Duration.ofSeconds(30));
            assertThat(t.getMessage()).contains("maxBackOff");
        });
        // another caller of the same account is refused at once instead of sending into the back-off
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> p.execute("t2", true, HANDLER, t -> calls.incrementAndGet()))
                .isInstanceOf(Throttled.class);
        assertThat(calls).hasValue(0);
    }

    @Test
    void throttledWithoutSaidBackOffDoublesAndGivesUpAfterTheBudget() {
        RetryPolicy p = policy(Duration.ofSeconds(60));
        assertThatThrownBy(() -> p.execute("t", true, HANDLER, t -> {
            int n = t.number();
            attemptsAt.add(clock.instant());
            throw new Busy(null);
        })).isInstanceOf(Throttled.class).hasMessageContaining("after 3 retries");
        assertThat(attemptsAt).hasSize(4);
        assertThat(Duration.between(attemptsAt.get(0), attemptsAt.get(1))).isEqualTo(Duration.ofSeconds(1));
        assertThat(Duration.between(attemptsAt.get(1), attemptsAt.get(2))).isEqualTo(Duration.ofSeconds(2));
        assertThat(Duration.between(attemptsAt.get(2), attemptsAt.get(3))).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void staleConnectionIsRetriedOnAFreshConnectionForIdempotentCallsOnlyAndBounded() {
        RetryPolicy p = policy(Duration.ofSeconds(60));
        AtomicInteger idempotent = new AtomicInteger();
        java.util.List<Boolean> fresh = new java.util.ArrayList<>();
        assertThatThrownBy(() -> p.execute("t", true, HANDLER, t -> {
            fresh.add(t.freshConnection());
            idempotent.incrementAndGet();
            throw new Stale();
        })).isInstanceOf(Translated.class);
        // the first attempt may reuse a pooled connection; every retry asks for a fresh one; bounded
        assertThat(idempotent).hasValue(1 + RetryPolicy.MAX_FRESH_RETRIES);
        assertThat(fresh).containsExactly(false, true, true, true);

        AtomicInteger write = new AtomicInteger();
        assertThatThrownBy(() -> p.execute("t", false, HANDLER, t -> {
            int n = t.number();
            write.incrementAndGet();
            throw new Stale();
        })).isInstanceOf(Translated.class);
        assertThat(write).hasValue(1);

        assertThat(p.<String> execute("t", true, HANDLER, t -> {
            int n = t.number();
            if (n == 1) {
                throw new Stale();
            }
            return "second";
        })).isEqualTo("second");
    }

    @Test
    void aRequestThatProvablyDidNotLeaveIsRetriedEvenForWrites() {
        RetryPolicy p = policy(Duration.ofSeconds(60));
        RetryPolicy.FailureHandler notSent = new RetryPolicy.FailureHandler() {
            @Override
            public Verdict classify(Throwable failure) {
                return failure instanceof Stale ? Verdict.notSent("closed before sending") : Verdict.fatal();
            }

            @Override
            public RuntimeException translate(Throwable failure) {
                return HANDLER.translate(failure);
            }

            @Override
            public RuntimeException throttled(Throwable failure, Duration backOff, String reason) {
                return HANDLER.throttled(failure, backOff, reason);
            }
        };
        java.util.List<Boolean> fresh = new java.util.ArrayList<>();
        assertThat(p.<String> execute("t", false, notSent, t -> {
            fresh.add(t.freshConnection());
            if (t.number() == 1) {
                throw new Stale();
            }
            return "sent once";
        })).isEqualTo("sent once");
        assertThat(fresh).containsExactly(false, true);
    }

    @Test
    void fatalFailuresAreNotRetried() {
        RetryPolicy p = policy(Duration.ofSeconds(60));
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> p.execute("t", true, HANDLER, t -> {
            int n = t.number();
            calls.incrementAndGet();
            throw new IllegalStateException("401");
        })).isInstanceOf(Translated.class).hasRootCauseMessage("401");
        assertThat(calls).hasValue(1);
    }

    @Test
    void gateIsSharedAndNeverShortened() {
        BackOffGate gate = new BackOffGate(clock, clock.sleeper());
        gate.backOff(Duration.ofSeconds(10));
        gate.backOff(Duration.ofSeconds(2));
        assertThat(gate.remaining()).isEqualTo(Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(4));
        assertThat(gate.remaining()).isEqualTo(Duration.ofSeconds(6));
        assertThat(gate.backOffCount()).isEqualTo(2);
    }

    @Test
    void afterABackOffOnlyTheProbeGoesUntilItReports() throws Exception {
        BackOffGate gate = new BackOffGate(clock, clock.sleeper());
        gate.backOff(Duration.ofMillis(100));
        BackOffGate.Clearance probe = gate.awaitClearance(Duration.ofSeconds(5));
        assertThat(probe.probe()).isTrue();
        java.util.concurrent.CompletableFuture<BackOffGate.Clearance> other = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> {
                    try {
                        return gate.awaitClearance(Duration.ofSeconds(5));
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
        Thread.sleep(200);
        assertThat(other).as("waits for the probe").isNotDone();
        gate.probeDone(false);
        assertThat(other.get(5, java.util.concurrent.TimeUnit.SECONDS).probe()).isFalse();
    }

    @Test
    void aBackOffDuringTheAttemptSendsItBackToTheGateUncounted() {
        RetryPolicy p = policy(Duration.ofSeconds(60));
        AtomicInteger sent = new AtomicInteger();
        String r = p.execute("t", true, HANDLER, t -> {
            if (sent.get() == 0 && t.number() == 1) {
                p.gate().backOff(Duration.ofSeconds(2)); // another thread met ErrorServerBusy meanwhile
                sent.incrementAndGet();
                t.checkGate();
            }
            attemptsAt.add(clock.instant());
            return "ok after " + t.number();
        });
        assertThat(r).isEqualTo("ok after 1");
        assertThat(attemptsAt).hasSize(1);
    }

    @Test
    void anOpenGateNeverSleepsEvenWithAMovingClock() throws Exception {
        java.time.Clock ticking = java.time.Clock.tick(java.time.Clock.systemUTC(), Duration.ofNanos(1));
        AtomicInteger sleeps = new AtomicInteger();
        BackOffGate gate = new BackOffGate(ticking, d -> sleeps.incrementAndGet());
        BackOffGate.Clearance c = gate.awaitClearance(Duration.ofSeconds(1));
        assertThat(c.isRefused()).isFalse();
        assertThat(c.probe()).isFalse();
        assertThat(gate.remaining()).isZero();
        assertThat(sleeps).hasValue(0);
    }

    @Test
    void awaitClearanceSleepsUntilTheGateOpens() throws Exception {
        BackOffGate gate = new BackOffGate(clock, clock.sleeper());
        Instant start = clock.instant();
        gate.backOff(Duration.ofMillis(1500));
        BackOffGate.Clearance probe = gate.awaitClearance(Duration.ofSeconds(5));
        assertThat(probe.isRefused()).isFalse();
        assertThat(probe.probe()).as("first request after a back-off is the probe").isTrue();
        assertThat(clock.instant()).isAfterOrEqualTo(start.plusMillis(1500));
        gate.probeDone(false);
        assertThat(gate.awaitClearance(Duration.ofSeconds(5)).probe()).as("open after a good probe").isFalse();
        gate.backOff(Duration.ofSeconds(10));
        assertThat(gate.awaitClearance(Duration.ofSeconds(5)).refused()).isEqualTo(Duration.ofSeconds(10));
    }
}
