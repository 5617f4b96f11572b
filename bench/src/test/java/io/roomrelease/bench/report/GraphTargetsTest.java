package io.roomrelease.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.roomrelease.bench.sim.SimulatorProcess;
import org.junit.jupiter.api.Test;

class GraphTargetsTest {

    static Row graph(String strategy, int rooms, double seconds, double ratio, Map<String, Long> perEndpoint, long throttled,
            long early, int perMailbox) {
        return new Row(strategy + "-" + rooms, strategy, rooms, 25, seconds, rooms / seconds, 500.0, ratio, 1.0, perEndpoint,
                perMailbox, throttled, early, 0, null, null, null, null, null, null, null, null, null, null, null);
    }

    private static Map<String, Target> judge(List<Row> rows) {
        return new Targets(rows, Duration.ofMinutes(1)).judge().stream()
                .collect(Collectors.toMap(Target::id, Function.identity()));
    }

    @Test
    void graphRowsAreJudgedOnTheirOwnWithoutEwsTargets() {
        Map<String, Target> t = judge(List.of(
                graph("graph-calendar", 10_000, 25, 0.91, Map.of("calendarView", 10_000L, "decline", 500L), 0, 0, 1),
                graph("graph-availability", 10_000, 3, 0.5, Map.of("getSchedule", 500L, "calendarView", 480L,
                        "decline", 480L), 0, 0, 1),
                graph("graph-delta", 10_000, 26, 0.88, Map.of("calendarView.delta", 10_000L), 3, 1, 4),
                graph("graph-batching-on", 10_000, 5, 0.9, Map.of("getSchedule", 500L), 0, 0, 1),
                graph("graph-batching-off", 10_000, 26, 0.9, Map.of("getSchedule", 500L), 0, 0, 1)));
        assertThat(t).doesNotContainKey("calendar-bound");
        assertThat(t.get("graph-calendar-bound").pass()).isTrue();
        assertThat(t.get("graph-calendar-no-429").pass()).isTrue();
        assertThat(t.get("graph-availability-calls").pass()).as("(500 + 480) / 10,000 reads").isTrue();
        assertThat(t.get("graph-delta-bound").pass()).isFalse();
        assertThat(t.get("graph-delta-no-429").pass()).as("429s and early requests").isFalse();
        assertThat(t.get("graph-batching").pass()).isTrue();
    }

    @Test
    void aBatchCostsOneServiceTimePerFourSubRequests() {
        SimulatorProcess.GraphStats alone = new SimulatorProcess.GraphStats(50, 0, Map.of("getSchedule", 50L), 0, 0, 1, 0, 0);
        assertThat(alone.served()).isEqualTo(50);
        assertThat(alone.serialUnits()).isEqualTo(50.0);
        // 3 batches holding 50 sub-requests: about 17 each, 5 service times each
        SimulatorProcess.GraphStats batched = new SimulatorProcess.GraphStats(3, 3, Map.of("getSchedule", 50L), 0, 0, 1, 0, 0);
        assertThat(batched.serialUnits()).isEqualTo(15.0);
    }
}
