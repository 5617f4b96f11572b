package io.roomrelease.ews.simulator.faults;

import java.time.Duration;
import java.util.Random;

/**
 * A log-normal service time given by its median and 99th percentile (service times of real servers are
 * roughly log-normal), or a fixed delay when both are equal.
 */
public final class LatencyModel {
    private static final double Z_99 = 2.326347874; // standard normal quantile at 0.99

    private final Duration median;
    private final double mu;
    private final double sigma;
    private final long capNanos;

    private LatencyModel(Duration median, Duration p99) {
        if (median.isNegative() || p99.compareTo(median) < 0) {
            throw new IllegalArgumentException("Latency needs 0 <= median <= p99, got median " + median + " and p99 " + p99);
        }
        this.median = median;
        long m = Math.max(1, median.toNanos());
        this.mu = Math.log(m);
        this.sigma = median.isZero() || median.equals(p99) ? 0 : (Math.log(Math.max(1, p99.toNanos())) - mu) / Z_99;
        this.capNanos = median.isZero() ? 0 : p99.toNanos() * 10;
    }

    /** Log-normal with the given median and 99th percentile. */
    public static LatencyModel logNormal(Duration median, Duration p99) {
        return new LatencyModel(median, p99);
    }

    /** Always the same delay. */
    public static LatencyModel fixed(Duration delay) {
        return new LatencyModel(delay, delay);
    }

    /** Draws one delay (capped at ten times the p99). */
    public Duration sample(Random random) {
        if (sigma == 0) {
            return median;
        }
        double nanos = Math.exp(mu + sigma * random.nextGaussian());
        return Duration.ofNanos((long) Math.min(nanos, capNanos));
    }
}
