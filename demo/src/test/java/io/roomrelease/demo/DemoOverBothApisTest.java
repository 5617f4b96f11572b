package io.roomrelease.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.roomrelease.bundle.app.RoomReleaseApp;
import io.roomrelease.bundle.sweep.SweepReport;
import io.roomrelease.ews.simulator.model.SentMessage;

/**
 * The demo scenario through the real routes over EWS ({@code --profile demo}) and over Microsoft Graph
 * ({@code --profile demo-graph}): the same meetings are released and kept, for the same reasons, and the organizers
 * are told the same, while each run speaks only its own protocol.
 */
class DemoOverBothApisTest {

    @TempDir
    Path dir;

    @Test
    void theDemoHasTheSameOutcomesOverEwsAndGraph() throws Exception {
        Run ews = run("demo", false);
        Run graph = run("demo-graph", true);

        assertThat(ews.outcomes.get("RELEASED")).as("the demo releases meetings").isPositive();
        assertThat(graph.outcomes).as("outcomes over Graph = over EWS").isEqualTo(ews.outcomes);
        assertThat(graph.kept).as("kept meetings by reason").isEqualTo(ews.kept);
        assertThat(graph.roomsSwept).isEqualTo(ews.roomsSwept);
        assertThat(graph.declinesSent).as("organizers told").isEqualTo(ews.declinesSent)
                .isEqualTo(ews.outcomes.get("RELEASED"));

        assertThat(ews.graphRequests).as("the EWS demo makes no Graph call").isZero();
        assertThat(graph.ewsCalendarReads).as("the Graph demo makes no EWS call").isZero();
        assertThat(graph.graphRequests).isPositive();
        assertThat(graph.schemaViolations).as("Graph traffic valid against the Graph metadata").isZero();
    }

    record Run(Map<String, Long> outcomes, Map<String, Long> kept, long roomsSwept, long declinesSent,
               long graphRequests, long ewsCalendarReads, int schemaViolations) {
    }

    private Run run(String profile, boolean graph) throws Exception {
        Clock clock = Clock.systemDefaultZone();
        Path data = dir.resolve(profile);
        try (DemoLauncher demo = DemoLauncher.start(clock, data, graph)) {
            Map<String, String> p = new LinkedHashMap<>(demo.properties());
            p.put("camel.component.quartz.auto-start-scheduler", "false");
            p.put("roomrelease.sweep.on-startup", "false");
            p.put("camel.server.port", String.valueOf(DemoMetricsTest.freePort()));
            p.put("camel.management.port", String.valueOf(DemoMetricsTest.freePort()));
            p.put("roomrelease.data-dir", data.toString());
            p.put("roomrelease.db.url", "jdbc:h2:file:" + data.resolve("db/roomrelease").toAbsolutePath());
            p.put("roomrelease.audit.file", data.resolve("audit").toString());
            p.put("roomrelease.cleanup.report-dir", data.resolve("reports").toString());
            try (RoomReleaseApp app = RoomReleaseApp.builder().profile(profile).clock(clock).properties(p).start()) {
                demo.started(app);
                SweepReport report = app.sweepNow();
                Map<String, Long> outcomes = new TreeMap<>();
                for (SweepReport.Outcome o : SweepReport.Outcome.values()) {
                    outcomes.put(o.name(), report.count(o));
                }
                Map<String, Long> kept = new TreeMap<>();
                report.keptByReason().forEach((r, n) -> kept.put(r.name(), n));
                long declines = demo.simulator().store().sentMessages().stream()
                        .filter(m -> m.kind() == SentMessage.Kind.DECLINE || m.kind() == SentMessage.Kind.CANCELLATION)
                        .count();
                return new Run(outcomes, kept, report.roomsSwept(), declines,
                        demo.simulator().graphStats().httpRequests(),
                        demo.simulator().stats().requests("FindItem"),
                        demo.simulator().graphStats().schemaViolations().size());
            }
        }
    }
}
