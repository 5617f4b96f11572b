package io.roomrelease.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.roomrelease.bundle.app.RoomReleaseApp;
import io.roomrelease.bundle.policy.Reason;
import io.roomrelease.bundle.sweep.SweepReport;

/**
 * After a demo sweep (the demo launcher, the demo scenario, the real routes and config, OAuth at the simulator's
 * token endpoint), {@code /observe/metrics} shows the numbers the sweep report shows, and every metric the Grafana
 * dashboard (docs/grafana/room-release.json) queries is exported.
 */
class DemoMetricsTest {

    @TempDir
    Path dir;

    @Test
    void metricsShowTheSweepReportsNumbersAndEveryDashboardMetricExists() throws Exception {
        Clock clock = Clock.systemDefaultZone();
        int management = freePort();
        try (DemoLauncher demo = DemoLauncher.start(clock, dir.resolve("demo"))) {
            Map<String, String> p = new LinkedHashMap<>(demo.properties());
            p.remove("camel.component.ews.username");
            p.remove("camel.component.ews.password");
            p.putAll(demo.oauthProperties());
            p.put("camel.component.quartz.auto-start-scheduler", "false");
            p.put("roomrelease.sweep.on-startup", "false");
            p.put("camel.server.port", String.valueOf(freePort()));
            p.put("camel.management.port", String.valueOf(management));
            p.put("roomrelease.data-dir", dir.toString());
            p.put("roomrelease.db.url", "jdbc:h2:file:" + dir.resolve("db/roomrelease").toAbsolutePath());
            p.put("roomrelease.audit.file", dir.resolve("audit").toString());
            p.put("roomrelease.cleanup.report-dir", dir.resolve("reports").toString());
            try (RoomReleaseApp app = RoomReleaseApp.builder().profile("demo").clock(clock).properties(p).start()) {
                demo.started(app);
                SweepReport report = app.sweepNow();
                assertThat(report.count(SweepReport.Outcome.RELEASED)).as("the demo releases meetings").isPositive();

                Map<String, Double> m = scrape(management);
                for (SweepReport.Outcome o : SweepReport.Outcome.values()) {
                    assertThat(sum(m, "roomrelease_releases_total", "outcome=\"" + o.name().toLowerCase() + "\""))
                            .as("releases %s", o).isEqualTo((double) report.count(o));
                }
                Map<Reason, Long> kept = report.keptByReason();
                assertThat(kept).isNotEmpty();
                for (Reason r : Reason.values()) {
                    assertThat(sum(m, "roomrelease_meetings_kept_total", "reason=\"" + r.name().toLowerCase() + "\""))
                            .as("kept %s", r).isEqualTo((double) kept.getOrDefault(r, 0L));
                }
                assertThat(sum(m, "roomrelease_sweep_rooms_sum", "state=\"swept\"")).isEqualTo(report.roomsSwept());
                assertThat(sum(m, "roomrelease_sweep_rooms_sum", "state=\"skipped\""))
                        .isEqualTo(report.roomsSkipped().size());
                assertThat(sum(m, "roomrelease_sweep_duration_seconds_count", "")).isEqualTo(1.0);
                assertThat(sum(m, "roomrelease_guard_trips_total", "")).isZero();
                // the component's meters: one FindItem per room swept, one decline or cancel per release
                assertThat(sum(m, "ews_requests_seconds_count", "operation=\"findEvents\",outcome=\"success\""))
                        .isEqualTo(report.roomsSwept());
                assertThat(sum(m, "ews_requests_seconds_count", "operation=\"declineEvent\",outcome=\"success\"")
                           + sum(m, "ews_requests_seconds_count", "operation=\"cancelEvent\",outcome=\"success\""))
                        .isEqualTo(report.count(SweepReport.Outcome.RELEASED));
                assertThat(sum(m, "ews_token_requests_total", "outcome=\"success\"")).isGreaterThanOrEqualTo(1.0);
                assertThat(sum(m, "ews_wire_limit", "")).isEqualTo(10.0); // camel.component.ews.max-concurrent-requests
                assertThat(sum(m, "ews_wire_requests", "")).isZero(); // nothing left on the wire
                assertThat(sum(m, "ews_pool_leased", "")).isZero();

                Set<String> names = new TreeSet<>();
                m.keySet().forEach(series -> names.add(series.replaceAll("\\{.*", "")));
                assertThat(dashboardMetrics()).isNotEmpty().allSatisfy(metric -> assertThat(names)
                        .as("metric %s of the dashboard is exported", metric).contains(metric));
            }
        }
    }

    /** Every metric name the dashboard's PromQL reads. */
    static Set<String> dashboardMetrics() throws IOException {
        JsonNode d = new ObjectMapper().readTree(Files.readString(Path.of("docs/grafana/room-release.json")));
        Set<String> out = new TreeSet<>();
        Pattern ident = Pattern.compile("\\b([a-zA-Z_:][a-zA-Z0-9_:]*)\\b(\\s*\\()?");
        for (JsonNode panel : d.get("panels")) {
            for (JsonNode t : panel.get("targets")) {
                String expr = t.get("expr").asText()
                        .replaceAll("\\{[^}]*\\}", "")               // label matchers
                        .replaceAll("\\[[^]]*\\]", "")               // ranges
                        .replaceAll("\\b(by|without)\\s*\\([^)]*\\)", ""); // grouping labels
                Matcher mm = ident.matcher(expr);
                while (mm.find()) {
                    if (mm.group(2) == null && !mm.group(1).matches("\\d.*")) {
                        out.add(mm.group(1));
                    }
                }
            }
        }
        return out;
    }

    /** The scrape: series (name and labels) to value. */
    static Map<String, Double> scrape(int port) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/observe/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, Double> out = new LinkedHashMap<>();
        for (String line : r.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            out.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return out;
    }

    /** The sum of a metric's series whose labels contain every comma-separated {@code key="value"} of labels. */
    static double sum(Map<String, Double> m, String name, String labels) {
        return m.entrySet().stream().filter(e -> e.getKey().equals(name) || e.getKey().startsWith(name + "{"))
                .filter(e -> labels.isEmpty() || java.util.Arrays.stream(labels.split(",(?=[a-z_]+=)"))
                        .allMatch(e.getKey()::contains))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
