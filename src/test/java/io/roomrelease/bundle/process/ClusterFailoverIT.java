package io.roomrelease.bundle.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Two bundle JVMs (the packaged jar, settings from environment variables only) on one PostgreSQL database as a Quartz
 * cluster (issue 12, item 1), against the simulator: over several sweep ticks (every {@value #TICK_SECONDS} s) exactly
 * one instance sweeps per tick; the instance that ran the last sweep is killed with SIGKILL and the other one runs the
 * next tick; no meeting is released twice (the simulator's declines per room).
 */
class ClusterFailoverIT {

    static final int MEETINGS = 40;
    static final int TICK_SECONDS = 10;
    /** Ticks seen before the kill. */
    static final int TICKS_BEFORE_KILL = 3;
    private static final Pattern SWEEP = Pattern.compile("(?m)^(\\d\\d:\\d\\d:\\d\\d)(?:\\.\\d+)?\\s+INFO\\s.*Sweep at ");

    @Test
    @Timeout(value = 170)
    void oneSweepPerTickAndTakeOverAfterKill9(@TempDir Path dir) throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
            try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE cluster_it");
            }
            String url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/cluster_it";
            Path scenario = Scenarios.abandonedMeetings(MEETINGS, dir.resolve("scenario.yaml"));
            try (SimulatorProcess sim = SimulatorProcess.start(scenario, dir)) {
                List<BundleProcess> nodes = new ArrayList<>();
                try {
                    for (String name : List.of("node-a", "node-b")) {
                        BundleProcess.Builder b = BundleProcess.builder(dir.resolve(name))
                                .ews(sim, Scenarios.SERVICE_ACCOUNT, Scenarios.PASSWORD)
                                .postgres(url, "postgres", "postgres")
                                .setting("roomrelease.room-lists", Scenarios.ROOM_LIST)
                                .setting("roomrelease.max-release-ratio", "1")
                                .setting("roomrelease.sweep.cron", "0/" + TICK_SECONDS + " * * * * ?")
                                .setting("roomrelease.cluster.enabled", "true")
                                .setting("roomrelease.cluster.instance-id", name)
                                .setting("roomrelease.cluster.checkin-interval-ms", "2000")
                                .setting("roomrelease.cluster.misfire-threshold-ms", "5000")
                                .jvmOption("-Xmx256m");
                        nodes.add(b.start());
                    }
                    for (BundleProcess node : nodes) {
                        node.awaitLog("Quartz runs as a cluster", Duration.ofSeconds(60));
                    }

                    // several ticks with both alive, then SIGKILL the instance that ran the last one
                    BundleProcess killed = awaitSweeps(nodes, TICKS_BEFORE_KILL, Duration.ofSeconds(60));
                    BundleProcess survivor = nodes.get(0) == killed ? nodes.get(1) : nodes.get(0);
                    List<LocalTime> killedSweeps = sweeps(killed.output());
                    killed.kill9();
                    int survivorBefore = sweeps(survivor.output()).size();
                    System.out.printf("[cluster IT] killed the instance that ran the sweep at %s%n",
                            killedSweeps.get(killedSweeps.size() - 1));

                    // the survivor runs the next tick (after taking the dead instance's triggers over)
                    survivor.awaitLog("Sweep at ", Duration.ofSeconds(45));
                    long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
                    while (sweeps(survivor.output()).size() <= survivorBefore && System.nanoTime() < deadline) {
                        ChildProcess.sleep(200);
                    }
                    assertThat(sweeps(survivor.output()).size()).as("the survivor swept after the kill")
                            .isGreaterThan(survivorBefore);
                    // and goes on sweeping each tick
                    int after = sweeps(survivor.output()).size();
                    deadline = System.nanoTime() + Duration.ofSeconds(TICK_SECONDS * 2 + 5).toNanos();
                    while (sweeps(survivor.output()).size() <= after && System.nanoTime() < deadline) {
                        ChildProcess.sleep(200);
                    }

                    Map<Long, Integer> perTick = new TreeMap<>();
                    for (BundleProcess node : nodes) {
                        for (LocalTime t : sweeps(node.output())) {
                            perTick.merge(t.toSecondOfDay() / TICK_SECONDS * (long) TICK_SECONDS, 1, Integer::sum);
                        }
                    }
                    System.out.printf("[cluster IT] sweeps per tick (second of day -> sweeps): %s; killed instance "
                            + "ran %d, survivor %d%n", perTick, killedSweeps.size(), sweeps(survivor.output()).size());
                    assertThat(perTick).as("exactly one sweep per tick, across both instances")
                            .allSatisfy((tick, n) -> assertThat(n).as("tick %d", tick).isEqualTo(1));
                    assertThat(perTick.size()).isGreaterThanOrEqualTo(TICKS_BEFORE_KILL + 2);
                    assertThat(sweeps(survivor.output()).size()).isGreaterThan(survivorBefore + 1);
                } finally {
                    for (BundleProcess node : nodes) {
                        node.close();
                    }
                }

                Map<String, Integer> declinesByRoom = new TreeMap<>();
                JsonNode declines = sim.declines();
                declines.forEach(d -> declinesByRoom.merge(d.get("from").asText().toLowerCase(), 1, Integer::sum));
                assertThat(declinesByRoom).as("every abandoned meeting released once, none twice")
                        .hasSize(MEETINGS).allSatisfy((room, n) -> assertThat(n).as(room).isEqualTo(1));
                try (Connection c = postgres.getDatabase("postgres", "cluster_it").getConnection();
                     Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM qrtz_scheduler_state")) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("both instances registered in the cluster's tables")
                            .isGreaterThanOrEqualTo(1);
                }
            }
        }
    }

    /** Waits until the instances together ran {@code ticks} sweeps; returns the instance that ran the last one. */
    private static BundleProcess awaitSweeps(List<BundleProcess> nodes, int ticks, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            int total = 0;
            BundleProcess last = null;
            LocalTime lastAt = LocalTime.MIN;
            for (BundleProcess node : nodes) {
                List<LocalTime> s = sweeps(node.output());
                total += s.size();
                if (!s.isEmpty() && !s.get(s.size() - 1).isBefore(lastAt)) {
                    lastAt = s.get(s.size() - 1);
                    last = node;
                }
                if (!node.process().isAlive()) {
                    throw new AssertionError("an instance died:\n" + ChildProcess.tail(node.output()));
                }
            }
            if (total >= ticks) {
                return last;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + total + " sweeps; outputs:\n" + ChildProcess.tail(
                        nodes.get(0).output()) + "\n---\n" + ChildProcess.tail(nodes.get(1).output()));
            }
            ChildProcess.sleep(100);
        }
    }

    private static List<LocalTime> sweeps(String output) {
        List<LocalTime> out = new ArrayList<>();
        Matcher m = SWEEP.matcher(output);
        while (m.find()) {
            out.add(LocalTime.parse(m.group(1)));
        }
        return out;
    }
}
