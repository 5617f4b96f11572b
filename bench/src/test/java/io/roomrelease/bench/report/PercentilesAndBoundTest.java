package io.roomrelease.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

class PercentilesAndBoundTest {

    @Test
    void nearestRankPercentiles() {
        List<Long> hundred = LongStream.rangeClosed(1, 100).boxed().toList();
        assertThat(Percentiles.of(hundred, 50)).isEqualTo(50);
        assertThat(Percentiles.of(hundred, 99)).isEqualTo(99);
        assertThat(Percentiles.of(hundred, 100)).isEqualTo(100);
        assertThat(Percentiles.of(List.of(7L, 3L, 5L), 50)).isEqualTo(5);
        assertThat(Percentiles.of(List.of(), 50)).isNull();
        assertThatThrownBy(() -> Percentiles.of(hundred, 0)).hasMessageContaining("(0, 100]");
    }

    @Test
    void boundIsCapOverMedianTimesCallsPerRoom() {
        assertThat(Bound.roomsPerSecond(25, Duration.ofMillis(50), 1.0)).isCloseTo(500, within(1e-9));
        assertThat(Bound.roomsPerSecond(25, Duration.ofMillis(50), 0.1)).isCloseTo(5000, within(1e-9));
        assertThat(Bound.roomsPerSecond(1, Duration.ofMillis(50), 1.0)).isCloseTo(20, within(1e-9));
        assertThatThrownBy(() -> Bound.roomsPerSecond(0, Duration.ofMillis(50), 1)).hasMessageContaining("cap=0");
    }
}
