package io.roomrelease.bench.report;

import java.time.Duration;

/**
 * The throughput a sweep cannot beat: with {@code cap} requests in flight, each taking the median latency, and
 * {@code callsPerRoom} calls per room, at most cap / (median x callsPerRoom) rooms per second. Dividing a measured
 * rate by it gives a figure that does not depend on the machine.
 */
public final class Bound {
    private Bound() {
    }

    /** Rooms per second at the bound. */
    public static double roomsPerSecond(int cap, Duration medianLatency, double callsPerRoom) {
        if (cap < 1 || medianLatency.isZero() || medianLatency.isNegative() || callsPerRoom <= 0) {
            throw new IllegalArgumentException("the bound needs cap >= 1, a positive median latency and calls per room > 0;"
                    + " got cap=" + cap + ", median=" + medianLatency + ", callsPerRoom=" + callsPerRoom);
        }
        return cap / (medianLatency.toNanos() / 1e9 * callsPerRoom);
    }
}
