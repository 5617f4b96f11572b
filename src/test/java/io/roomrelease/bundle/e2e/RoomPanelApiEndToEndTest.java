package io.roomrelease.bundle.e2e;

import static io.roomrelease.bundle.e2e.SweepEndToEndTest.A;
import static io.roomrelease.bundle.e2e.SweepEndToEndTest.ANN;
import static io.roomrelease.bundle.e2e.SweepEndToEndTest.B;
import static io.roomrelease.bundle.e2e.SweepEndToEndTest.NINE;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.apache.camel.model.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.roomrelease.bundle.TestClock;
import io.roomrelease.bundle.audit.AuditRecord;
import io.roomrelease.bundle.security.ApiKeyHasher;
import io.roomrelease.ews.simulator.scenario.MeetingSpec;
import io.roomrelease.ews.simulator.scenario.Scenario;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

/**
 * The room status a display shows, the dashboard's report API and the OpenAPI description, over HTTP through the real
 * routes against the simulator.
 */
@SuppressWarnings("unchecked")
class RoomPanelApiEndToEndTest {

    private static final String KEY_A = "display-key-room-a-0123456789";
    private static final String KEY_B = "display-key-room-b-0123456789";
    private static final String ADMIN = "admin-key-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private BundleFixture fixture(Scenario scenario, TestClock clock) throws Exception {
        return new BundleFixture(scenario, clock, dir)
                .set("roomrelease.display.api-keys", A + "=" + ApiKeyHasher.hash(KEY_A) + "," + B + "="
                        + ApiKeyHasher.hash(KEY_B))
                .set("roomrelease.display.admin-keys", ApiKeyHasher.hash(ADMIN))
                .set("roomrelease.rooms", A + "," + B);
    }

    private static Scenario scenario() {
        return Scenario.builder().serviceAccount(BundleFixture.SERVICE, BundleFixture.PASSWORD)
                .room(A, "Room A").room(B, "Room B").user(ANN, "Ann")
                .meeting(MeetingSpec.builder("Planning", ANN).rooms(A).start(NINE).duration(Duration.ofHours(1))
                        .created(NINE.minus(Duration.ofDays(1))).build())
                .meeting(MeetingSpec.builder("Review", ANN).rooms(B).start(NINE.plus(Duration.ofMinutes(60)))
                        .duration(Duration.ofMinutes(30)).created(NINE.minus(Duration.ofDays(1))).build())
                .meeting(MeetingSpec.builder("Standup", ANN).rooms(B).start(NINE.minus(Duration.ofHours(2)))
                        .duration(Duration.ofMinutes(90)).created(NINE.minus(Duration.ofDays(1))).build())
                .build();
    }

    @Test
    void theStatusFollowsThePolicyAndACheckInKeepsTheMeeting() throws Exception {
        TestClock clock = new TestClock(NINE.plus(Duration.ofMinutes(5)));
        try (BundleFixture f = fixture(scenario(), clock)) {
            f.start();
            String statusA = "/api/rooms/" + A + "/status";
            assertThat(f.get(statusA, null).statusCode()).isEqualTo(401);
            assertThat(f.get(statusA, "wrong-key").statusCode()).isEqualTo(401);
            assertThat(f.get(statusA, KEY_B).statusCode()).isEqualTo(403);

            Map<String, Object> a = status(f, statusA, KEY_A);
            assertThat(a.get("status")).isEqualTo("about-to-be-released");
            assertThat(a.get("releaseAt")).isEqualTo(NINE.plus(Duration.ofMinutes(15)).toString());
            assertThat(a.get("secondsToRelease")).isEqualTo(600);
            assertThat(a.get("canCheckIn")).isEqualTo(true);
            assertThat(((Map<String, Object>) a.get("current")).get("start")).isEqualTo(NINE.toString());
            assertThat(a.get("name")).isEqualTo("Room A");

            // B: the 07:00 meeting ended at 08:30, the next starts at 10:00: free, then starting soon from 09:45
            Map<String, Object> b = status(f, "/api/rooms/" + B + "/status", KEY_B);
            assertThat(b.get("status")).isEqualTo("free");
            assertThat(((Map<String, Object>) b.get("next")).get("start"))
                    .isEqualTo(NINE.plus(Duration.ofHours(1)).toString());

            assertThat(f.post("/api/rooms/" + A + "/checkin", KEY_A).statusCode()).isEqualTo(200);
            assertThat(status(f, statusA, KEY_A).get("status")).isEqualTo("checked-in");

            clock.set(NINE.plus(Duration.ofMinutes(20)));
            f.app().sweepNow();
            assertThat(f.simulator.store().calendar(A)).hasSize(1);
            assertThat(status(f, statusA, KEY_A).get("status")).isEqualTo("checked-in");

            clock.set(NINE.plus(Duration.ofMinutes(50)));
            assertThat(status(f, "/api/rooms/" + B + "/status", KEY_B).get("status")).isEqualTo("starting-soon");
        }
    }

    @Test
    void reportsEqualTheAuditAndAreForAdminsOnly() throws Exception {
        TestClock clock = new TestClock(NINE.plus(Duration.ofMinutes(20)));
        try (BundleFixture f = fixture(scenario(), clock)) {
            f.start();
            f.app().sweepNow(); // A's 09:00 meeting: nobody checked in by 09:15, released at 09:20
            List<AuditRecord> releases = f.auditStore().find(A, NINE, NINE.plus(Duration.ofHours(1)), 100).stream()
                    .filter(r -> "declineEvent".equals(r.operation()) && AuditRecord.OK.equals(r.result())).toList();
            assertThat(releases).hasSize(1);

            assertThat(f.get("/api/reports/today", KEY_A).statusCode()).isEqualTo(403);
            assertThat(f.get("/api/reports/today", null).statusCode()).isEqualTo(401);
            HttpResponse<String> today = f.get("/api/reports/today", ADMIN);
            assertThat(today.statusCode()).as(today.body()).isEqualTo(200);
            Map<String, Object> t = JSON.readValue(today.body(), Map.class);
            assertThat(t.get("releases")).isEqualTo(releases.size());
            // booked until 10:00, released at 09:20: 40 minutes given back
            long given = Duration.between(releases.get(0).recordedAt(), NINE.plus(Duration.ofHours(1))).toSeconds();
            assertThat(((Number) t.get("roomHoursGivenBack")).doubleValue())
                    .isEqualTo(Math.round(given / 36.0) / 100.0);
            assertThat(t.get("releasesWithoutSlot")).isEqualTo(0);

            assertThat(f.get("/api/reports/usage?days=0", ADMIN).statusCode()).isEqualTo(400);
            HttpResponse<String> usage = f.get("/api/reports/usage?days=7", ADMIN);
            assertThat(usage.statusCode()).as(usage.body()).isEqualTo(200);
            Map<String, Object> u = JSON.readValue(usage.body(), Map.class);
            List<Map<String, Object>> rooms = (List<Map<String, Object>>) u.get("rooms");
            Map<String, Object> roomA = rooms.stream().filter(r -> A.equals(r.get("name"))).findFirst().orElseThrow();
            assertThat(roomA.get("meetings")).isEqualTo(1);
            assertThat(roomA.get("noShows")).isEqualTo(1);
            assertThat(roomA.get("releases")).isEqualTo(1);
            assertThat(roomA.get("noShowRate")).isEqualTo(1.0);
            Map<String, Object> roomB = rooms.stream().filter(r -> B.equals(r.get("name"))).findFirst().orElseThrow();
            // B: the 07:00-08:30 meeting (nobody checked in, never released: it had ended before any sweep) and the
            // 10:00 meeting has not started; 90 minutes booked of 7 x 10 open hours
            assertThat(roomB.get("meetings")).isEqualTo(1);
            assertThat(roomB.get("bookedMinutes")).isEqualTo(90);
            assertThat(((Number) roomB.get("utilisation")).doubleValue())
                    .isEqualTo(Math.round(90.0 / (7 * 10 * 60) * 10_000) / 10_000.0);

            HttpResponse<String> csv = f.get("/api/reports/audit.csv?from=" + NINE, ADMIN);
            assertThat(csv.statusCode()).isEqualTo(200);
            assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v)
                    .startsWith("text/csv"));
            String[] lines = csv.body().split("\r\n");
            assertThat(lines[0]).startsWith("recorded_at,service_account,mailbox,operation");
            assertThat(lines).hasSize(1 + f.auditStore().find(null, NINE, clock.instant().plusSeconds(1), 1000).size());
            assertThat(f.get("/api/reports/audit.csv", KEY_A).statusCode()).isEqualTo(403);
        }
    }

    @Test
    void theOpenApiDescriptionIsValidAndNamesEveryRestRoute() throws Exception {
        try (BundleFixture f = fixture(scenario(), new TestClock(NINE))) {
            f.start();
            HttpResponse<String> doc = f.get("/api/openapi.json", null);
            assertThat(doc.statusCode()).as(doc.body()).isEqualTo(200);
            SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(doc.body());
            assertThat(parsed.getMessages()).as("OpenAPI validation messages").isEmpty();
            OpenAPI api = parsed.getOpenAPI();
            assertThat(api.getOpenapi()).startsWith("3.");
            SecurityScheme scheme = api.getComponents().getSecuritySchemes().get("ApiKey");
            assertThat(scheme.getType()).isEqualTo(SecurityScheme.Type.APIKEY);
            assertThat(scheme.getIn()).isEqualTo(SecurityScheme.In.HEADER);
            assertThat(scheme.getName()).isEqualTo("X-Api-Key");

            List<String> missing = new ArrayList<>();
            List<RestDefinition> rests = f.app().context().getCamelContextExtension().getContextPlugin(Model.class)
                    .getRestDefinitions();
            assertThat(rests).isNotEmpty();
            int verbs = 0;
            for (RestDefinition rest : rests) {
                for (VerbDefinition verb : rest.getVerbs()) {
                    verbs++;
                    String path = rest.getPath() + verb.getPath();
                    PathItem item = api.getPaths() == null ? null : api.getPaths().get(path);
                    PathItem.HttpMethod method = PathItem.HttpMethod.valueOf(verb.asVerb().toUpperCase(Locale.ROOT));
                    if (item == null || item.readOperationsMap().get(method) == null) {
                        missing.add(verb.asVerb() + " " + path);
                    } else {
                        assertThat(item.readOperationsMap().get(method).getSecurity() != null
                                || api.getSecurity() != null).as(path + " security").isTrue();
                    }
                }
            }
            assertThat(verbs).isGreaterThanOrEqualTo(10);
            assertThat(missing).as("REST DSL routes missing from /api/openapi.json").isEmpty();
        }
    }

    @Test
    void thePagesAreServedFromTheJarAndNothingElseIs() throws Exception {
        try (BundleFixture f = fixture(scenario(), new TestClock(NINE))) {
            f.start();
            HttpResponse<String> panel = f.get("/display/", null);
            assertThat(panel.statusCode()).isEqualTo(200);
            assertThat(panel.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(panel.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v)
                    .contains("default-src 'self'"));
            assertThat(panel.body()).contains("<script src=\"panel.js\"></script>");
            assertThat(f.get("/display", null).statusCode()).isEqualTo(302);
            assertThat(f.get("/admin/dashboard.js", null).headers().firstValue("Content-Type"))
                    .hasValue("text/javascript; charset=utf-8");
            assertThat(f.get("/admin/", null).body()).contains("Room Release dashboard");
            for (String path : List.of("/display/../config/application.properties",
                    "/display/%2e%2e/%2e%2e/config/application.properties", "/display/nothing.js",
                    "/admin/..%2Fdisplay%2Fpanel.js", "/display/panel.js.class")) {
                assertThat(f.get(path, null).statusCode()).as(path).isEqualTo(404);
            }
        }
    }

    private static Map<String, Object> status(BundleFixture f, String path, String key) throws Exception {
        HttpResponse<String> r = f.get(path, key);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readValue(r.body(), Map.class);
    }

}
