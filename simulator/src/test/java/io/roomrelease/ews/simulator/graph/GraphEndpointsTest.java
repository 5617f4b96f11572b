package io.roomrelease.ews.simulator.graph;

import static io.roomrelease.ews.simulator.graph.GraphFixture.ALICE;
import static io.roomrelease.ews.simulator.graph.GraphFixture.BOB;
import static io.roomrelease.ews.simulator.graph.GraphFixture.BUILDING;
import static io.roomrelease.ews.simulator.graph.GraphFixture.CLIENT_ID;
import static io.roomrelease.ews.simulator.graph.GraphFixture.NOW;
import static io.roomrelease.ews.simulator.graph.GraphFixture.ROOM_A;
import static io.roomrelease.ews.simulator.graph.GraphFixture.ROOM_B;
import static io.roomrelease.ews.simulator.graph.GraphFixture.ROOM_C;
import static io.roomrelease.ews.simulator.graph.GraphFixture.enc;
import static io.roomrelease.ews.simulator.graph.GraphFixture.window;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.roomrelease.ews.simulator.model.CalendarEntry;
import io.roomrelease.ews.simulator.model.ResponseType;
import io.roomrelease.ews.simulator.model.SentMessage;

/** Every Graph endpoint of the simulator over real HTTPS, driven by the JDK HttpClient; every body schema-checked. */
class GraphEndpointsTest {
    GraphFixture f;

    @BeforeEach
    void start() {
        f = new GraphFixture();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    static String view(String mailbox, Instant from, Instant to) {
        return "/users/" + mailbox + "/calendarView?" + window(from, to);
    }

    List<JsonNode> readAll(String first, String... headers) throws Exception {
        List<JsonNode> all = new ArrayList<>();
        String next = first;
        int pages = 0;
        while (next != null) {
            GraphFixture.Reply r = f.get(next, headers);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            r.json().get("value").forEach(all::add);
            next = r.json().path("@odata.nextLink").asText(null);
            assertThat(++pages).isLessThan(100);
        }
        return all;
    }

    @Test
    void theTokenEndpointIssuesGraphTokensWithRoles() throws Exception {
        JsonNode claims = GraphFixture.claims(f.token);
        assertThat(claims.get("aud").asText()).isEqualTo("https://graph.microsoft.com");
        assertThat(claims.get("roles")).extracting(JsonNode::asText)
                .contains("Calendars.ReadWrite", "Place.Read.All", "Mail.Send");
    }

    @Test
    void calendarViewNeedsItsWindow() throws Exception {
        GraphFixture.Reply r = f.get("/users/" + ROOM_A + "/calendarView", "client-request-id", "crid-1");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("ErrorInvalidParameter");
        assertThat(r.json().at("/error/innerError/request-id").asText()).isEqualTo(r.header("request-id"));
        assertThat(r.json().at("/error/innerError/client-request-id").asText()).isEqualTo("crid-1");
        assertThat(r.json().at("/error/innerError/date").asText()).isNotEmpty();
        assertThat(r.header("client-request-id")).isEqualTo("crid-1");
    }

    @Test
    void calendarViewExpandsSeriesAndPagesTenAtATime() throws Exception {
        Instant from = Instant.parse("2025-02-24T00:00:00Z");
        Instant to = Instant.parse("2025-03-31T00:00:00Z");
        List<CalendarEntry> expected = f.sim.store().calendar(ROOM_A, from, to);
        assertThat(expected.size()).isGreaterThan(10);

        GraphFixture.Reply first = f.get(view(ROOM_A, from, to));
        assertThat(first.json().get("value")).hasSize(10);
        assertThat(first.json().get("@odata.nextLink").asText()).startsWith(f.sim.graphUrl().toString());

        List<JsonNode> all = readAll(view(ROOM_A, from, to) + "&$top=3");
        assertThat(all).extracting(e -> e.get("id").asText()).doesNotHaveDuplicates()
                .containsExactlyElementsOf(expected.stream().map(e -> GraphJson.graphId(e.id())).toList());
        JsonNode occurrence = all.stream().filter(e -> e.get("subject").asText().equals("Weekly")).findFirst().orElseThrow();
        assertThat(occurrence.get("type").asText()).isEqualTo("occurrence");
        assertThat(occurrence.get("id").asText()).doesNotContain("/", "+");

        GraphFixture.Reply master = f.get("/users/" + ROOM_A + "/events/" + occurrence.get("seriesMasterId").asText());
        assertThat(master.status()).as(master.toString()).isEqualTo(200);
        assertThat(master.json().get("type").asText()).isEqualTo("seriesMaster");
        assertThat(master.json().at("/recurrence/pattern/type").asText()).isEqualTo("weekly");
        GraphFixture.Reply one = f.get("/users/" + ROOM_A.toUpperCase() + "/events/" + occurrence.get("id").asText());
        assertThat(one.status()).as(one.toString()).isEqualTo(200);
        assertThat(one.json().get("start")).isEqualTo(occurrence.get("start"));

        assertThat(f.get(view(ROOM_A, from, to) + "&$top=1001").status()).isEqualTo(400);
    }

    @Test
    void selectAndPreferredTimeZones() throws Exception {
        Instant from = NOW.minus(Duration.ofHours(1));
        Instant to = NOW.plus(Duration.ofHours(1));
        GraphFixture.Reply r = f.get(view(ROOM_A, from, to) + "&$select=subject,start",
                "Prefer", "outlook.timezone=\"Pacific Standard Time\"");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Preference-Applied")).contains("Pacific Standard Time");
        JsonNode e = r.json().get("value").get(0);
        assertThat(e.get("subject").asText()).isEqualTo("Standup");
        Set<String> names = new HashSet<>();
        e.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactlyInAnyOrder("@odata.etag", "id", "subject", "start");
        assertThat(e.at("/start/timeZone").asText()).isEqualTo("Pacific Standard Time");
        LocalDateTime la = LocalDateTime.ofInstant(NOW.minus(Duration.ofMinutes(20)), ZoneId.of("America/Los_Angeles"));
        assertThat(LocalDateTime.parse(e.at("/start/dateTime").asText())).isEqualTo(la);

        GraphFixture.Reply berlin = f.get(view(ROOM_A, from, to), "Prefer", "outlook.timezone=\"Europe/Berlin\"");
        JsonNode s = berlin.json().get("value").get(0);
        assertThat(s.at("/end/timeZone").asText()).isEqualTo("Europe/Berlin");
        assertThat(LocalDateTime.parse(s.at("/end/dateTime").asText()))
                .isEqualTo(LocalDateTime.ofInstant(NOW.plus(Duration.ofMinutes(10)), ZoneId.of("Europe/Berlin")));
        GraphFixture.Reply utc = f.get(view(ROOM_A, from, to), "Prefer", "outlook.timezone=\"UTC\"");
        assertThat(utc.json().get("value").get(0).at("/start/timeZone").asText()).isEqualTo("UTC");

        assertThat(f.get(view(ROOM_A, from, to) + "&$select=noSuchProperty").status()).isEqualTo(400);
    }

    @Test
    void declineIsAcceptedWithNoBodyAndTheOrganizerIsTold() throws Exception {
        JsonNode standup = f.get(view(ROOM_A, NOW, NOW.plus(Duration.ofMinutes(5)))).json().get("value").get(0);
        GraphFixture.Reply r = f.post("/users/" + ROOM_A + "/events/" + standup.get("id").asText() + "/decline",
                Map.of("comment", "Nobody checked in", "sendResponse", true), "If-Match", standup.get("@odata.etag").asText());
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        assertThat(r.raw().body()).isEmpty();
        assertThat(f.sim.store().sentMessages(ALICE)).anySatisfy(m -> {
            assertThat(m.kind()).isEqualTo(SentMessage.Kind.DECLINE);
            assertThat(m.from()).isEqualTo(ROOM_A);
            assertThat(m.body()).isEqualTo("Nobody checked in");
        });
        assertThat(f.get(view(ROOM_A, NOW, NOW.plus(Duration.ofMinutes(5)))).json().get("value")).isEmpty();
        CalendarEntry organizers = f.sim.store().calendar(ALICE).stream().filter(e -> e.subject().equals("Standup"))
                .findFirst().orElseThrow();
        assertThat(organizers.responseOf(ROOM_A)).contains(ResponseType.Decline);
    }

    @Test
    void aStaleEtagIsAConflict() throws Exception {
        JsonNode standup = f.get(view(ROOM_A, NOW, NOW.plus(Duration.ofMinutes(5)))).json().get("value").get(0);
        String id = standup.get("id").asText();
        String etag = standup.get("@odata.etag").asText();
        GraphFixture.Reply patched = f.send("PATCH", "/users/" + ROOM_A + "/events/" + id,
                Map.of("end", Map.of("dateTime", "2025-03-10T09:05:00", "timeZone", "UTC")), "If-Match", etag);
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.json().at("/end/dateTime").asText()).startsWith("2025-03-10T09:05:00");
        assertThat(patched.json().get("@odata.etag").asText()).isNotEqualTo(etag);

        GraphFixture.Reply stale = f.send("PATCH", "/users/" + ROOM_A + "/events/" + id, Map.of("subject", "x"), "If-Match", etag);
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.errorCode()).isEqualTo("ErrorIrresolvableConflict");
        GraphFixture.Reply staleDecline = f.post("/users/" + ROOM_A + "/events/" + id + "/decline", Map.of(), "If-Match", etag);
        assertThat(staleDecline.status()).isEqualTo(412);
        assertThat(f.sim.store().sentMessages(ALICE)).noneMatch(m -> m.kind() == SentMessage.Kind.DECLINE);
    }

    @Test
    void onlyTheOrganizerCancels() throws Exception {
        JsonNode standup = f.get(view(ROOM_A, NOW, NOW.plus(Duration.ofMinutes(5)))).json().get("value").get(0);
        GraphFixture.Reply refused = f.post("/users/" + ROOM_A + "/events/" + standup.get("id").asText() + "/cancel",
                Map.of("comment", "no"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorCode()).isEqualTo("ErrorInvalidRequest");
        assertThat(refused.json().at("/error/message").asText()).contains("organizer");

        JsonNode booked = f.get(view(ROOM_C, NOW, NOW.plus(Duration.ofHours(3)))).json().get("value").get(0);
        assertThat(booked.get("isOrganizer").asBoolean()).isTrue();
        GraphFixture.Reply cancelled = f.post("/users/" + ROOM_C + "/events/" + booked.get("id").asText() + "/cancel",
                Map.of("Comment", "Released: nobody came"));
        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(202);
        assertThat(f.sim.store().sentMessages(BOB)).anySatisfy(m -> {
            assertThat(m.kind()).isEqualTo(SentMessage.Kind.CANCELLATION);
            assertThat(m.body()).isEqualTo("Released: nobody came");
        });
    }

    @Test
    void createGetAndDeleteAnEvent() throws Exception {
        Map<String, Object> event = Map.of("subject", "Booked now",
                "start", Map.of("dateTime", "2025-03-10T11:00:00", "timeZone", "UTC"),
                "end", Map.of("dateTime", "2025-03-10T11:30:00", "timeZone", "UTC"),
                "attendees", List.of(Map.of("type", "required", "emailAddress", Map.of("address", BOB, "name", "Bob"))));
        GraphFixture.Reply created = f.post("/users/" + ROOM_C + "/events", event);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asText();
        assertThat(created.header("Location")).endsWith("/events/" + id);
        assertThat(f.get("/users/" + ROOM_C + "/events/" + id).json().get("subject").asText()).isEqualTo("Booked now");
        assertThat(f.get("/users/" + ROOM_A + "/events/" + id).status()).isEqualTo(404);
        assertThat(f.send("DELETE", "/users/" + ROOM_C + "/events/" + id, null).status()).isEqualTo(204);
        GraphFixture.Reply gone = f.get("/users/" + ROOM_C + "/events/" + id);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.errorCode()).isEqualTo("ErrorItemNotFound");
    }

    @Test
    void getScheduleAnswersPerScheduleAndEnforcesItsLimits() throws Exception {
        Map<String, Object> ok = Map.of("schedules", List.of(ROOM_A, ROOM_B, "nobody@contoso.com"),
                "startTime", Map.of("dateTime", "2025-03-10T08:00:00", "timeZone", "UTC"),
                "endTime", Map.of("dateTime", "2025-03-10T12:00:00", "timeZone", "UTC"),
                "availabilityViewInterval", 60);
        GraphFixture.Reply r = f.post("/users/" + ROOM_A + "/calendar/getSchedule", ok);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode a = r.json().get("value").get(0);
        assertThat(a.get("scheduleId").asText()).isEqualTo(ROOM_A);
        // 08-09 free, 09-10 busy (standup 08:40-09:10 overlaps both 08-09 and 09-10), 10-11 free, 11-12 free
        assertThat(a.get("availabilityView").asText()).isEqualTo("2200");
        assertThat(a.get("scheduleItems").get(0).get("status").asText()).isEqualTo("busy");
        assertThat(r.json().get("value").get(1).get("availabilityView").asText()).isEqualTo("0020");
        JsonNode unknown = r.json().get("value").get(2);
        assertThat(unknown.at("/error/responseCode").asText()).isEqualTo("ErrorMailRecipientNotFound");

        List<String> many = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            many.add("r" + i + "@contoso.com");
        }
        assertThat(f.post("/users/" + ROOM_A + "/calendar/getSchedule", Map.of("schedules", many,
                "startTime", ok.get("startTime"), "endTime", ok.get("endTime"))).status()).isEqualTo(400);
        assertThat(f.post("/users/" + ROOM_A + "/calendar/getSchedule", Map.of("schedules", List.of(ROOM_A),
                "startTime", ok.get("startTime"), "endTime", Map.of("dateTime", "2025-05-11T08:00:00", "timeZone", "UTC")))
                .status()).isEqualTo(400);
        GraphFixture.Reply interval = f.post("/users/" + ROOM_A + "/calendar/getSchedule", Map.of("schedules", List.of(ROOM_A),
                "startTime", ok.get("startTime"), "endTime", ok.get("endTime"), "availabilityViewInterval", 4));
        assertThat(interval.status()).isEqualTo(400);
        assertThat(interval.json().at("/error/message").asText()).contains("5 and 1440");
    }

    @Test
    void placesListRoomListsAndTheirRooms() throws Exception {
        GraphFixture.Reply lists = f.get("/places/microsoft.graph.roomlist");
        assertThat(lists.status()).isEqualTo(200);
        assertThat(lists.json().get("value")).extracting(n -> n.get("emailAddress").asText()).containsExactly(BUILDING);
        GraphFixture.Reply rooms = f.get("/places/" + BUILDING + "/microsoft.graph.roomlist/rooms");
        assertThat(rooms.json().get("value")).extracting(n -> n.get("emailAddress").asText()).containsExactly(ROOM_A, ROOM_B);
        assertThat(f.get("/places/nope@contoso.com/microsoft.graph.roomlist/rooms").status()).isEqualTo(404);
    }

    @Test
    void sendMailIsStoredAsSentFromTheMailbox() throws Exception {
        Map<String, Object> mail = Map.of("message", Map.of("subject", "Your meeting was released",
                "body", Map.of("contentType", "Text", "content", "Nobody checked in."),
                "toRecipients", List.of(Map.of("emailAddress", Map.of("address", ALICE)))), "saveToSentItems", true);
        GraphFixture.Reply r = f.post("/users/" + ROOM_A + "/sendMail", mail);
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        assertThat(f.sim.store().sentMessages(ALICE)).anySatisfy(m -> {
            assertThat(m.kind()).isEqualTo(SentMessage.Kind.MAIL);
            assertThat(m.from()).isEqualTo(ROOM_A);
            assertThat(m.subject()).isEqualTo("Your meeting was released");
        });

        GraphFixture.Reply invalid = f.post("/users/" + ROOM_A + "/sendMail", Map.of("message", Map.of("subjekt", "x")));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.errorCode()).isEqualTo("RequestBodyRead");
        assertThat(invalid.json().at("/error/message").asText()).contains("subjekt");
        f.sim.clearSchemaViolations();
    }

    @Test
    void authenticationRolesAndTheApplicationScope() throws Exception {
        String graphToken = f.token;
        f.token = null;
        GraphFixture.Reply none = f.get(view(ROOM_A, NOW, NOW.plusSeconds(60)));
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.errorCode()).isEqualTo("InvalidAuthenticationToken");
        f.token = f.token(CLIENT_ID, GraphFixture.SECRET, null); // an EWS token: wrong audience
        assertThat(f.get(view(ROOM_A, NOW, NOW.plusSeconds(60))).status()).isEqualTo(401);
        f.token = graphToken;

        GraphFixture.Reply user = f.get(view(ALICE, NOW, NOW.plusSeconds(60)));
        assertThat(user.status()).isEqualTo(403);
        assertThat(user.errorCode()).isEqualTo("ErrorAccessDenied");
        f.sim.graphSettings().scope(CLIENT_ID, GraphSettings.Scope.of(Set.of(ROOM_A)));
        assertThat(f.get(view(ROOM_B, NOW, NOW.plusSeconds(60))).status()).isEqualTo(403);
        assertThat(f.get(view(ROOM_A, NOW, NOW.plusSeconds(60))).status()).isEqualTo(200);
        assertThat(f.get(view("ghost@contoso.com", NOW, NOW.plusSeconds(60))).status()).isEqualTo(404);

        f.sim.graphSettings().roles(CLIENT_ID, Set.of("Calendars.Read"));
        f.token = f.token(CLIENT_ID, GraphFixture.SECRET, GraphFixture.GRAPH_SCOPE);
        GraphFixture.Reply places = f.get("/places/microsoft.graph.roomlist");
        assertThat(places.status()).isEqualTo(403);
        assertThat(places.errorCode()).isEqualTo("Authorization_RequestDenied");
        assertThat(f.get(view(ROOM_A, NOW, NOW.plusSeconds(60))).status()).isEqualTo(200);
        JsonNode standup = f.get(view(ROOM_A, NOW, NOW.plusSeconds(60))).json().get("value").get(0);
        assertThat(f.post("/users/" + ROOM_A + "/events/" + standup.get("id").asText() + "/decline", Map.of()).status())
                .isEqualTo(403);

        f.clock.advance(Duration.ofHours(2));
        GraphFixture.Reply expired = f.get(view(ROOM_A, NOW, NOW.plusSeconds(60)));
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.json().at("/error/message").asText()).contains("expired");
        assertThat(f.sim.graphStats().forbiddenReplies()).isEqualTo(4);
    }

    @Test
    void deltaReturnsChangesAndRemovalsAndExpires() throws Exception {
        Instant from = Instant.parse("2025-03-10T00:00:00Z");
        Instant to = Instant.parse("2025-03-17T00:00:00Z");
        String first = "/users/" + ROOM_A + "/calendarView/delta?" + window(from, to);
        List<JsonNode> initial = new ArrayList<>();
        String next = first;
        String deltaLink = null;
        int pages = 0;
        while (next != null) {
            GraphFixture.Reply r = f.get(next, "Prefer", "odata.maxpagesize=2");
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            r.json().get("value").forEach(initial::add);
            next = r.json().path("@odata.nextLink").asText(null);
            deltaLink = r.json().path("@odata.deltaLink").asText(null);
            pages++;
        }
        assertThat(pages).isGreaterThan(1);
        assertThat(deltaLink).contains("$deltatoken=");
        assertThat(initial).hasSize(f.sim.store().calendar(ROOM_A, from, to).size());

        GraphFixture.Reply quiet = f.get(deltaLink);
        assertThat(quiet.json().get("value")).isEmpty();
        String link = quiet.json().get("@odata.deltaLink").asText();

        JsonNode standup = initial.stream().filter(e -> e.get("subject").asText().equals("Standup")).findFirst().orElseThrow();
        JsonNode weekly = initial.stream().filter(e -> e.get("subject").asText().equals("Weekly")).findFirst().orElseThrow();
        assertThat(f.post("/users/" + ROOM_A + "/events/" + standup.get("id").asText() + "/decline", Map.of()).status())
                .isEqualTo(202);
        assertThat(f.send("PATCH", "/users/" + ROOM_A + "/events/" + weekly.get("id").asText(),
                Map.of("subject", "Weekly (moved)")).status()).isEqualTo(200);
        GraphFixture.Reply changes = f.get(link);
        JsonNode value = changes.json().get("value");
        assertThat(value).anySatisfy(e -> {
            assertThat(e.get("id").asText()).isEqualTo(standup.get("id").asText());
            assertThat(e.at("/@removed/reason").asText()).isEqualTo("deleted");
        });
        assertThat(value).anySatisfy(e -> assertThat(e.path("subject").asText()).isEqualTo("Weekly (moved)"));
        assertThat(value).filteredOn(e -> e.has("@removed")).hasSize(1);

        String later = changes.json().get("@odata.deltaLink").asText();
        f.sim.expireGraphDeltaTokens();
        GraphFixture.Reply gone = f.get(later);
        assertThat(gone.status()).isEqualTo(410);
        assertThat(gone.errorCode()).isEqualTo("SyncStateNotFound");

        String fresh = readDeltaLink(first);
        f.sim.graphSettings().deltaTokenLifetime(Duration.ofMinutes(30));
        f.clock.advance(Duration.ofMinutes(31));
        f.token = f.token(CLIENT_ID, GraphFixture.SECRET, GraphFixture.GRAPH_SCOPE);
        assertThat(f.get(fresh).status()).isEqualTo(410);
    }

    String readDeltaLink(String first) throws Exception {
        String next = first;
        while (true) {
            GraphFixture.Reply r = f.get(next);
            if (r.json().hasNonNull("@odata.deltaLink")) {
                return r.json().get("@odata.deltaLink").asText();
            }
            next = r.json().get("@odata.nextLink").asText();
        }
    }

    @Test
    void onlyTheNewestDeltaTokensOfAMailboxAreKept() throws Exception {
        String first = "/users/" + ROOM_A + "/calendarView/delta?" + window(NOW, NOW.plus(Duration.ofDays(1)));
        String oldest = readDeltaLink(first);
        String link = oldest;
        for (int i = 0; i < DeltaTokens.TOKENS_PER_MAILBOX; i++) {
            link = f.get(link).json().get("@odata.deltaLink").asText();
        }
        assertThat(f.get(link).status()).isEqualTo(200);
        GraphFixture.Reply evicted = f.get(oldest);
        assertThat(evicted.status()).isEqualTo(410);
        assertThat(evicted.errorCode()).isEqualTo("SyncStateNotFound");
    }

    @Test
    void anUnknownPreferredTimeZoneAnswersInUtc() throws Exception {
        GraphFixture.Reply r = f.get(view(ROOM_A, NOW, NOW.plusSeconds(60)), "Prefer", "outlook.timezone=\"Mars/Olympus\"");
        assertThat(r.json().get("value").get(0).at("/start/timeZone").asText()).isEqualTo("UTC");
    }

    @Test
    void ewsRefusesAGraphToken() throws Exception {
        java.net.http.HttpResponse<String> r = f.http.send(java.net.http.HttpRequest.newBuilder(f.sim.httpsUrl())
                .header("Authorization", "Bearer " + f.token).header("Content-Type", "text/xml; charset=utf-8")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("<x/>")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).contains("graph.microsoft.com");
    }

    @Test
    void unknownSegmentsAndMethods() throws Exception {
        assertThat(f.get("/users/" + ROOM_A + "/mailFolders").status()).isEqualTo(400);
        assertThat(f.send("PUT", "/users/" + ROOM_A + "/calendarView?" + window(NOW, NOW), "{}").status()).isEqualTo(405);
        GraphFixture.Reply notJson = f.send("POST", "/users/" + ROOM_A + "/sendMail", "{not json");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.errorCode()).isEqualTo("RequestBodyRead");
        assertThat(f.get("/users/" + enc(ROOM_A) + "/calendarView?" + window(NOW, NOW.plusSeconds(60))).status()).isEqualTo(200);
    }
}
