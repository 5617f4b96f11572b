package io.roomrelease.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void defaultsRunTheWholeTable() {
        BenchOptions o = BenchOptions.parse();
        assertThat(o.sizes()).containsExactly(1000, 5000, 10000, 20000);
        assertThat(o.strategies()).containsExactly("calendar", "availability");
        assertThat(o.out()).isEqualTo(Path.of(".", "bench", "results", "latest.json"));
        assertThat(o.heapSweeps()).isEqualTo(10);
        assertThat(o.naiveSample()).isEqualTo(300);
        assertThat(o.warmUpSweeps()).isEqualTo(3);
        assertThat(BenchOptions.parse("--warm-up-sweeps", "1").warmUpSweeps()).isEqualTo(1);
        assertThat(o.maxWarmUpSweeps()).as("then until the JIT is quiet, at most").isEqualTo(30);
        assertThat(BenchOptions.parse("--warm-up-sweeps", "40").maxWarmUpSweeps()).isEqualTo(40);
        assertThat(BenchOptions.parse("--max-warm-up-sweeps", "3").maxWarmUpSweeps()).isEqualTo(3);
    }

    @Test
    void quickIsOneThousandRoomsAndDoesNotOverwriteTheFullResults() {
        BenchOptions o = BenchOptions.parse("--quick", "--sizes", "5000");
        assertThat(o.sizes()).isEqualTo(List.of(1000));
        assertThat(o.out().getFileName().toString()).isEqualTo("quick.json");
        assertThat(o.heapSweeps()).isEqualTo(3);
        assertThat(o.warmUpSweeps()).isEqualTo(1);
        assertThat(o.maxWarmUpSweeps()).isEqualTo(1);
    }

    @Test
    void badOptionsNameTheProblem() {
        assertThatThrownBy(() -> BenchOptions.parse("--strategies", "calendar,graph")).hasMessageContaining("'graph'");
        assertThatThrownBy(() -> BenchOptions.parse("--frobnicate")).hasMessageContaining("Unknown option '--frobnicate'");
        assertThatThrownBy(() -> BenchOptions.parse("--sizes")).hasMessageContaining("--sizes needs a value");
        assertThatThrownBy(() -> BenchOptions.parse("--warm-up-sweeps", "0")).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> BenchOptions.parse("--warm-up-sweeps", "5", "--max-warm-up-sweeps", "4"))
                .hasMessageContaining("--max-warm-up-sweeps (4) must be at least --warm-up-sweeps (5)");
    }
}
