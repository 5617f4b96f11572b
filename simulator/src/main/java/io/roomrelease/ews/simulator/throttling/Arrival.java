package io.roomrelease.ews.simulator.throttling;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * When a request reached the simulator: the simulator clock's instant (compared with back-off deadlines, which
 * run on the same clock) and a monotonic {@link System#nanoTime()} stamp (which orders the request against the
 * moment a busy reply was sent, whatever the clock does; a {@code MutableClock} in a test may not move at all).
 *
 * @param at    the simulator clock when the request arrived
 * @param nanos {@link System#nanoTime()} when the request arrived
 */
public record Arrival(Instant at, long nanos) {

    public Arrival {
        Objects.requireNonNull(at, "at");
    }

    /** A request arriving now. */
    public static Arrival now(Clock clock) {
        return new Arrival(clock.instant(), System.nanoTime());
    }
}
