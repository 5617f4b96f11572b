package io.roomrelease.ews.simulator.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.roomrelease.ews.simulator.faults.LatencyModel;

class LatencyModelTest {

    @Test
    void logNormalHitsTheRequestedMedianAndP99() {
        LatencyModel model = LatencyModel.logNormal(Duration.ofMillis(20), Duration.ofMillis(120));
        Random random = new Random(7);
        long[] samples = new long[20_001];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = model.sample(random).toNanos();
        }
        Arrays.sort(samples);
        assertThat(samples[samples.length / 2] / 1e6).isCloseTo(20, within(1.0));
        assertThat(samples[(int) (samples.length * 0.99)] / 1e6).isCloseTo(120, within(12.0));
    }

    @Test
    void sameSeedSameDraws() {
        LatencyModel model = LatencyModel.logNormal(Duration.ofMillis(5), Duration.ofMillis(50));
        Random a = new Random(1);
        Random b = new Random(1);
        for (int i = 0; i < 100; i++) {
            assertThat(model.sample(a)).isEqualTo(model.sample(b));
        }
    }

    @Test
    void refusesAP99BelowTheMedian() {
        assertThatThrownBy(() -> LatencyModel.logNormal(Duration.ofMillis(50), Duration.ofMillis(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("median");
    }
}
