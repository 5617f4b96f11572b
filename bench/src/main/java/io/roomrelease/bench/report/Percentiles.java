package io.roomrelease.bench.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/** Nearest-rank percentiles of a sample. */
public final class Percentiles {
    private Percentiles() {
    }

    /**
     * The nearest-rank {@code p}-th percentile (0 &lt; p &le; 100) of the values, or null when there are none.
     */
    public static Long of(Collection<Long> values, double p) {
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("percentile must be in (0, 100], was " + p);
        }
        if (values.isEmpty()) {
            return null;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
