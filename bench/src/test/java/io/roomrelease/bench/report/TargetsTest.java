package io.roomrelease.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class TargetsTest {

    static Row sweep(String strategy, int rooms, double seconds, double ratio, double callsPerRoom, long busy, int inFlight) {
        return new Row(strategy + "-" + rooms, strategy, rooms, 25, seconds, rooms / seconds, 500.0, ratio, callsPerRoom,
                Map.of("FindItem", Math.round(rooms * callsPerRoom * 0.6), "DeclineItem", Math.round(rooms * callsPerRoom * 0.4)), inFlight, busy, 0, 0, 100.0, 1.0, 10, 30_000L, 55_000L, 50, 50, 0, null, null, null);
    }

    static Row baseline(String name, double roomsPerSecond, long busy, long errors) {
        return new Row(name, name, 300, 1, 300 / roomsPerSecond, roomsPerSecond, 20.0, 0.9, 1.0, Map.of(), 1, busy, 0,
                errors, null, null, null, null, null, null, null, null, null, null, null);
    }

    static Row storm(int injected, int released, int twice, long busy, long early) {
        return storm(injected, released, twice, busy, early, 0, early);
    }

    /** A storm row with the client-side figures: sent inside a read back-off, and in flight when busy replies were read. */
    static Row storm(int injected, int released, int twice, long busy, long early, long clientSent, long clientInFlight) {
        return new Row("storm-1000", "storm", 1000, 25, 5, 200, 450.0, 0.4, 1.2, Map.of(), 25, busy, early, 0, null, null,
                null, 1000L, 2000L, injected, released, twice, null, null, null).withClientBackOff(clientSent, clientInFlight);
    }

    static List<Row> passingRun() {
        List<Row> rows = new ArrayList<>();
        rows.add(sweep("calendar", 1000, 2.4, 0.91, 1.1, 0, 25));
        rows.add(sweep("calendar", 10_000, 22, 0.92, 1.1, 0, 25));
        rows.add(sweep("availability", 1000, 0.5, 0.91, 0.09, 0, 25));
        rows.add(sweep("availability", 10_000, 2, 0.92, 0.08, 0, 25));
        rows.add(baseline("naive", 17, 0, 0));
        rows.add(baseline("unthrottled", 250, 300, 300));
        rows.add(storm(50, 50, 0, 30, 4, 0, 6)); // 4 arrived early, of 6 already on the wire when busy was read
        return rows;
    }

    static Map<String, Target> judge(List<Row> rows) {
        return new Targets(rows, Duration.ofMinutes(1)).judge().stream()
                .collect(Collectors.toMap(Target::id, Function.identity()));
    }

    @Test
    void aRunMeetingEveryTargetPassesThemAll() {
        Map<String, Target> t = judge(passingRun());
        assertThat(t.values()).allSatisfy(x -> assertThat(x.pass()).as(x.id() + ": " + x.measured()).isTrue());
        assertThat(t).containsKeys("calendar-bound", "availability-bound", "availability-calls", "availability-speed", "calendar-vs-naive",
                "availability-vs-naive", "unthrottled-shows-busy", "storm-exactly-once", "calendar-linear", "heap",
                "heap-growth", "calendar-lag", "availability-lag");
    }

    @Test
    void headlineTargetsAreJudgedAtTenThousandRooms() {
        List<Row> rows = passingRun();
        rows.set(1, sweep("calendar", 10_000, 22, 0.85, 1.1, 0, 25));
        Map<String, Target> t = judge(rows);
        assertThat(t.get("calendar-bound").pass()).isFalse();
        assertThat(t.get("calendar-bound").measured()).startsWith("0.850");
    }

    @Test
    void oneBusyReplyOrOneRequestTooManyInFlightFailsTheCalendarTargets() {
        List<Row> rows = passingRun();
        rows.set(1, sweep("calendar", 10_000, 22, 0.95, 1.1, 1, 26));
        Map<String, Target> t = judge(rows);
        assertThat(t.get("calendar-no-busy").pass()).isFalse();
        assertThat(t.get("calendar-in-flight").pass()).isFalse();
        assertThat(t.get("unthrottled-shows-busy").pass()).as("ours must show none").isFalse();
    }

    @Test
    void availabilityMustBeTenTimesFasterAndUseAtMostATenthOfACallPerRoom() {
        List<Row> rows = passingRun();
        rows.set(3, sweep("availability", 10_000, 2.5, 0.5, 0.2, 0, 25)); // 0.12 reads per room
        Map<String, Target> t = judge(rows);
        assertThat(t.get("availability-calls").pass()).isFalse();
        assertThat(t.get("availability-speed").pass()).isFalse();
        assertThat(t.get("availability-speed").measured()).startsWith("8.8x");
    }

    @Test
    void availabilityBelowNineTenthsOfItsBoundFails() {
        List<Row> rows = passingRun();
        rows.set(3, sweep("availability", 10_000, 2, 0.714, 0.08, 0, 25));
        Target t = judge(rows).get("availability-bound");
        assertThat(t.pass()).isFalse();
        assertThat(t.measured()).startsWith("0.714");
    }

    @Test
    void stormFailsOnADuplicateAMissedReleaseASendAfterABusyReplyMoreEarlyThanInFlightOrNoStormAtAll() {
        for (Row bad : List.of(storm(50, 50, 1, 30, 0), storm(50, 49, 0, 30, 0), storm(50, 50, 0, 30, 2, 1, 6),
                storm(50, 50, 0, 30, 7, 0, 6), storm(50, 50, 0, 0, 0),
                new Row("storm-1000", "storm", 1000, 25, 5, 200, 450.0, 0.4, 1.2, Map.of(), 25, 30, 0, 0, null, null,
                        null, 1000L, 2000L, 50, 50, 0, null, null, "no client figures"))) {
            List<Row> rows = passingRun();
            rows.set(6, bad);
            assertThat(judge(rows).get("storm-exactly-once").pass()).as(bad.toString()).isFalse();
        }
    }

    @Test
    void costPerRoomGrowingFasterThanLinearFails() {
        List<Row> rows = passingRun();
        rows.set(1, sweep("calendar", 10_000, 40, 0.92, 1.1, 0, 25)); // 4.0 s per 1000 rooms vs 2.4 s
        assertThat(judge(rows).get("calendar-linear").pass()).isFalse();
    }

    @Test
    void lagAboveIntervalPlusSweepDurationFails() {
        List<Row> rows = passingRun();
        Row c = rows.get(1);
        rows.set(1, new Row(c.name(), c.strategy(), c.rooms(), c.cap(), c.seconds(), c.roomsPerSecond(), c.bound(),
                c.ratioToBound(), c.callsPerRoom(), c.callsPerOperation(), c.maxInFlight(), c.serverBusy(),
                c.requestsDuringBackOff(), c.clientErrors(), c.heapMb(), c.heapGrowthMb(), c.sweeps(), 40_000L, 82_001L,
                c.injected(), c.released(), c.releasedMoreThanOnce(), null, null, c.note()));
        Target lag = judge(rows).get("calendar-lag");
        assertThat(lag.pass()).isFalse();
        assertThat(lag.measured()).contains("<= 82.0 s");
    }

    @Test
    void freeBusyCallsCountAsReadsUnderTheSimulatorsOperationName() {
        // the simulator counts GetUserAvailability under its request element name
        Row a = new Row("availability-10000", "availability", 10_000, 25, 3.0, 3333.3, 5000.0, 0.6, 0.11,
                Map.of("GetUserAvailabilityRequest", 100L, "FindItem", 500L, "CreateItem", 500L), 25, 0, 0, 0, 30.0,
                null, null, 30_000L, 60_000L, 500, 500, 0, null, null, null);
        assertThat(Targets.detectionCallsPerRoom(a)).isEqualTo(0.06);
    }

    @Test
    void missingRowsAreFailuresNotSilentPasses() {
        Map<String, Target> t = judge(List.of(sweep("calendar", 1000, 2.4, 0.95, 1.1, 0, 25)));
        assertThat(t.get("availability-calls").pass()).isFalse();
        assertThat(t.get("availability-calls").measured()).isEqualTo("not measured in this run");
        assertThat(t.get("storm-exactly-once").pass()).isFalse();
        assertThat(t.get("calendar-linear").pass()).isFalse();
        assertThat(t.get("calendar-bound").pass()).as("judged at the largest size measured").isTrue();
    }

    @Test
    void heapAboveTheLimitOrGrowingFails() {
        List<Row> rows = passingRun();
        rows.set(1, rows.get(1).withHeap(300, 20.0, 10));
        Map<String, Target> t = judge(rows);
        assertThat(t.get("heap").pass()).isFalse();
        assertThat(t.get("heap-growth").pass()).isFalse();
    }
}
