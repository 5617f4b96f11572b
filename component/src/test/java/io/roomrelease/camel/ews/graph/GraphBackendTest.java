package io.roomrelease.camel.ews.graph;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.roomrelease.camel.ews.EwsApi;
import io.roomrelease.camel.ews.EwsConfiguration;
import io.roomrelease.camel.ews.EwsConflictException;
import io.roomrelease.camel.ews.EwsException;
import io.roomrelease.camel.ews.EwsItemNotFoundException;
import io.roomrelease.camel.ews.EwsMailboxNotFoundException;
import io.roomrelease.camel.ews.EwsOutcomeUnknownException;
import io.roomrelease.camel.ews.backend.EventDraft;
import io.roomrelease.camel.ews.model.EventDelta;
import io.roomrelease.camel.ews.model.EwsEvent;
import io.roomrelease.camel.ews.model.MailboxAvailability;
import io.roomrelease.camel.ews.model.OccurrenceType;
import io.roomrelease.camel.ews.model.RoomAddress;
import io.roomrelease.camel.ews.retry.Sleeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each operation of the Graph backend against a loopback server answering Graph's documented shapes. */
class GraphBackendTest {

    static final String ROOM = "room1@x.com";
    static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");

    GraphStub stub;
    GraphClient client;
    GraphBackend backend;

    static EwsConfiguration conf(GraphStub stub) {
        EwsConfiguration c = new EwsConfiguration();
        c.setApi(EwsApi.graph);
        c.setGraphUrl(stub.base());
        c.setAllowInsecureHttp(true);
        c.setTokenUrl(stub.tokenUrl());
        c.setClientId("app-1");
        c.setClientSecret("s3cret");
        c.setPageSize(10);
        c.setRequestTimeout(5000);
        c.setMaxBackOff(10000);
        return c;
    }

    @BeforeEach
    void start() throws Exception {
        stub = new GraphStub();
        client = GraphClients.create(conf(stub), Clock.systemUTC(), Sleeper.THREAD_SLEEP, "test-agent");
        backend = new GraphBackend(client, 10, Clock.fixed(T0.plusSeconds(1200), ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void findEventsPagesToTheEndInUtcWithSelectAndMapsLikeEws() {
        for (int i = 0; i < 25; i++) {
            stub.addEvent(ROOM, "m" + i, T0.plusSeconds(600L * i), T0.plusSeconds(600L * i + 1800), false, "org@x.com");
        }
        stub.addEvent("other@x.com", "elsewhere", T0, T0.plusSeconds(600), false, "org@x.com");

        var out = backend.findEvents(ROOM, T0, T0.plus(Duration.ofDays(1)), true);

        assertThat(out.value()).hasSize(25).extracting(EwsEvent::getSubject).startsWith("m0", "m1").endsWith("m24");
        EwsEvent e = out.value().get(0);
        assertThat(e.getStart()).isEqualTo(T0);
        assertThat(e.getEnd()).isEqualTo(T0.plusSeconds(1800));
        assertThat(e.getOrganizer()).isEqualTo("org@x.com");
        assertThat(e.getRoomResponse()).isEqualTo("Accept");
        assertThat(e.getRequiredAttendees()).containsExactly("alice@x.com"); // the room itself is a resource
        assertThat(e.isAttendeesLoaded()).isTrue();
        assertThat(e.getOccurrence()).isEqualTo(OccurrenceType.Single);
        assertThat(e.getFreeBusyStatus()).isEqualTo("Busy");
        assertThat(e.getChangeKey()).startsWith("ck");
        assertThat(e.getCreated()).isEqualTo(Instant.parse("2026-11-30T08:00:00.1234567Z"));

        var pages = stub.graphRequests("/calendarView");
        assertThat(pages).hasSize(3);
        assertThat(pages.get(0).headers().get("prefer")).contains("outlook.timezone=\"UTC\"");
        // the page size as List calendarView documents it ($top; odata.maxpagesize is the delta function's)
        assertThat(GraphStub.query(pages.get(0).query())).containsKeys("startDateTime", "endDateTime", "$select")
                .containsEntry("$top", "10");
        Set<String> ids = new HashSet<>();
        pages.forEach(p -> ids.add(p.headers().get("client-request-id")));
        assertThat(ids).hasSize(3).doesNotContainNull();
        assertThat(out.requestId()).isEqualTo(pages.get(2).headers().get("client-request-id"));
        assertThat(pages.get(0).headers().get("user-agent")).isEqualTo("test-agent");
    }

    @Test
    void getCreateUpdateDeleteAndConflict() {
        ObjectNode stored = stub.addEvent(ROOM, "a", T0, T0.plusSeconds(3600), false, "org@x.com");
        String id = stored.get("id").asText();
        EwsEvent got = backend.getEvent(ROOM, id).value();
        assertThat(got.getItemId()).isEqualTo(id);
        assertThat(got.getMailbox()).isEqualTo(ROOM);

        EwsEvent created = backend.createEvent(ROOM, new EventDraft("Booked", T0.plusSeconds(7200),
                T0.plusSeconds(9000), List.of("bob@x.com"), "from the display")).value();
        assertThat(created.isRoomIsOrganizer()).isTrue();
        assertThat(created.getRoomResponse()).isEqualTo("Organizer");
        var post = stub.graphRequests("/events").stream().filter(s -> s.method().equals("POST")).findFirst().get();
        assertThat(post.body().at("/attendees/0/emailAddress/address").asText()).isEqualTo("bob@x.com");
        assertThat(post.body().at("/start/timeZone").asText()).isEqualTo("UTC");
        assertThat(post.body().at("/body/contentType").asText()).isEqualTo("text");
        assertThat(post.body().path("transactionId").asText()).isNotBlank();

        // a changeKey that is no longer current: 412, and the exception carries a fresh read
        String stale = got.getChangeKey();
        stored.put("changeKey", "ck-changed");
        assertThatThrownBy(() -> backend.updateEvent(ROOM, id, stale, null, T0.plusSeconds(1800)))
                .isInstanceOfSatisfying(EwsConflictException.class, c -> {
                    assertThat(c.current().getChangeKey()).isEqualTo("ck-changed");
                    assertThat(c.responseCode()).isEqualTo("ErrorIrresolvableConflict");
                });
        var patch = stub.graphRequests("/events/").stream().filter(s -> s.method().equals("PATCH")).findFirst().get();
        assertThat(patch.headers().get("if-match")).isEqualTo("W/\"" + stale + "\"");

        EwsEvent updated = backend.updateEvent(ROOM, id, "ck-changed", null, T0.plusSeconds(1800)).value();
        assertThat(updated.getEnd()).isEqualTo(T0.plusSeconds(1800));
        assertThat(updated.getChangeKey()).isNotEqualTo("ck-changed");

        // endEarly: the clock says T0 + 20 min
        EwsEvent ended = backend.endEarly(ROOM, id, updated.getChangeKey()).value();
        assertThat(ended.getEnd()).isEqualTo(T0.plusSeconds(1200));

        backend.deleteEvent(ROOM, id);
        assertThatThrownBy(() -> backend.getEvent(ROOM, id)).isInstanceOf(EwsItemNotFoundException.class)
                .hasMessageContaining("ErrorItemNotFound");
    }

    @Test
    void declineAndCancelFollowTheRoomsRole() {
        ObjectNode attended = stub.addEvent(ROOM, "a", T0, T0.plusSeconds(3600), false, "org@x.com");
        String id = attended.get("id").asText();
        String ck = attended.get("changeKey").asText();

        var r = backend.declineEvent(ROOM, id, ck, "Nobody came", false);
        assertThat(r.value().getItemId()).isEqualTo(id);
        assertThat(attended.at("/responseStatus/response").asText()).isEqualTo("declined");
        var decline = stub.graphRequests("/decline");
        assertThat(decline).hasSize(1);
        assertThat(decline.get(0).headers().get("if-match")).isEqualTo("W/\"" + ck + "\"");
        assertThat(decline.get(0).body().get("sendResponse").asBoolean()).isTrue();
        assertThat(decline.get(0).body().get("comment").asText()).isEqualTo("Nobody came");
        assertThat(stub.graphRequests("/events/").stream().filter(s -> s.method().equals("GET"))).isEmpty();

        // an attendee cannot cancel: Graph's 400 becomes a typed error with the fix
        assertThatThrownBy(() -> backend.cancelEvent(ROOM, id, attended.get("changeKey").asText(), "x", false))
                .isInstanceOf(GraphRoleMismatchException.class).hasMessageContaining("use declineEvent");

        ObjectNode organized = stub.addEvent(ROOM, "b", T0, T0.plusSeconds(3600), true, ROOM);
        // without a changeKey the item is read first: the organizer's decline never leaves
        assertThatThrownBy(() -> backend.declineEvent(ROOM, organized.get("id").asText(), null, "x", false))
                .isInstanceOf(GraphRoleMismatchException.class).hasMessageContaining("use cancelEvent");
        backend.cancelEvent(ROOM, organized.get("id").asText(), null, "Released", false);
        assertThat(organized.get("isCancelled").asBoolean()).isTrue();

        // a whole series: the occurrence's master is declined
        ObjectNode master = stub.addEvent(ROOM, "series", T0, T0.plusSeconds(3600), false, "org@x.com");
        master.put("type", "seriesMaster");
        ObjectNode occ = stub.addEvent(ROOM, "series", T0.plus(Duration.ofDays(7)), T0.plus(Duration.ofDays(7))
                .plusSeconds(3600), false, "org@x.com");
        occ.put("type", "occurrence");
        occ.put("seriesMasterId", master.get("id").asText());
        var whole = backend.declineEvent(ROOM, occ.get("id").asText(), occ.get("changeKey").asText(), "3 no-shows",
                true);
        assertThat(whole.value().getItemId()).isEqualTo(master.get("id").asText());
        assertThat(master.at("/responseStatus/response").asText()).isEqualTo("declined");
        assertThat(occ.at("/responseStatus/response").asText()).isEqualTo("accepted");
    }

    @Test
    void sendMessageAndPlaces() {
        backend.sendMessage(ROOM, List.of("org@x.com", "b@x.com"), "Released", "Nobody checked in.");
        assertThat(stub.sentMail).singleElement().satisfies(m -> {
            assertThat(m.get("saveToSentItems").asBoolean()).isTrue();
            assertThat(m.at("/message/toRecipients/1/emailAddress/address").asText()).isEqualTo("b@x.com");
            assertThat(m.at("/message/body/content").asText()).isEqualTo("Nobody checked in.");
        });
        stub.roomLists.put("floor1@x.com", "Floor 1");
        stub.rooms.put("floor1@x.com", List.of("r1@x.com", "r2@x.com"));
        assertThat(backend.listRoomLists(null).value()).containsExactly(new RoomAddress("floor1@x.com", "Floor 1"));
        assertThat(backend.listRooms(null, "floor1@x.com").value()).extracting(RoomAddress::getEmail)
                .containsExactly("r1@x.com", "r2@x.com");
        assertThatThrownBy(() -> backend.listRooms(null, "nope@x.com")).isInstanceOf(EwsMailboxNotFoundException.class);
    }

    @Test
    void availabilityIsSplitBatchedAndReportsErrorsPerMailbox() {
        List<String> rooms = new ArrayList<>();
        rooms.add("secret-room@x.com"); // asks first for its chunk, but is outside the app's scope
        for (int i = 0; i < 43; i++) {
            rooms.add("r" + i + "@x.com");
        }
        rooms.add("ghost@x.com");
        stub.addEvent("r5@x.com", "busy", T0.plus(Duration.ofDays(65)), T0.plus(Duration.ofDays(65)).plusSeconds(3600),
                false, "org@x.com");
        Instant end = T0.plus(Duration.ofDays(70)); // two windows under 62 days

        List<MailboxAvailability> out = backend.getAvailability(null, rooms, T0, end).value();

        assertThat(out).hasSize(45).extracting(MailboxAvailability::getMailbox).containsExactlyElementsOf(rooms);
        assertThat(out.get(0).getErrorCode()).isEqualTo("ErrorAccessDenied");
        assertThat(out.get(44).getErrorCode()).isEqualTo("ErrorMailRecipientNotFound");
        assertThat(out.subList(1, 44)).allMatch(MailboxAvailability::isOk);
        assertThat(out.get(6).getBusySlots()).singleElement().satisfies(s -> {
            assertThat(s.getStart()).isEqualTo(T0.plus(Duration.ofDays(65)));
            assertThat(s.getBusyType()).isEqualTo("Busy");
        });
        // 3 chunks x 2 windows = 6 getSchedule requests in one $batch; the refused asker's chunk is asked again by
        // its next room (2 windows: a second $batch)
        assertThat(stub.graphRequests("/$batch")).hasSize(2);
        var asks = stub.graphRequests("/getSchedule");
        assertThat(asks).hasSize(8);
        assertThat(asks).allSatisfy(a -> {
            assertThat(a.body().get("schedules").size()).isLessThanOrEqualTo(20);
            int interval = a.body().get("availabilityViewInterval").asInt();
            assertThat(interval).isBetween(5, 1440);
            assertThat(Duration.between(GraphStub.instant(a.body().get("startTime")),
                    GraphStub.instant(a.body().get("endTime")))).isLessThan(Duration.ofDays(62));
        });
        assertThat(asks.stream().filter(a -> a.path().contains("secret-room"))).hasSize(2);
    }

    @Test
    void deltaReadsChangesFollowsLinksAndRestartsWhenTheTokenExpired() {
        stub.override = s -> {
            if (!s.path().contains("/calendarView/delta")) {
                return null;
            }
            ObjectNode page = GraphStub.JSON.createObjectNode();
            var v = page.putArray("value");
            String q = s.query() == null ? "" : s.query();
            if (q.contains("$deltatoken=expired")) {
                return GraphStub.Answer.of(410, GraphStub.error("SyncStateNotFound", "The sync state is gone."));
            }
            if (q.contains("$deltatoken=t1")) {
                v.addObject().put("id", "e1").putObject("@removed").put("reason", "deleted");
                page.put("@odata.deltaLink", stub.base() + "/users/room1@x.com/calendarView/delta?$deltatoken=t2");
                return GraphStub.Answer.of(200, page);
            }
            if (q.contains("$skiptoken=p2")) {
                v.add(stub.addEvent(ROOM, "two", T0, T0.plusSeconds(60), false, "o@x.com"));
                page.put("@odata.deltaLink", stub.base() + "/users/room1@x.com/calendarView/delta?$deltatoken=t1");
                return GraphStub.Answer.of(200, page);
            }
            assertThat(GraphStub.query(q)).containsKeys("startDateTime", "endDateTime");
            v.add(stub.addEvent(ROOM, "one", T0, T0.plusSeconds(60), false, "o@x.com"));
            page.put("@odata.nextLink", stub.base() + "/users/room1@x.com/calendarView/delta?$skiptoken=p2");
            return GraphStub.Answer.of(200, page);
        };
        Instant end = T0.plus(Duration.ofHours(4));
        EventDelta first = backend.deltaEvents(ROOM, T0, end, null).value();
        assertThat(first.changed()).extracting(EwsEvent::getSubject).containsExactly("one", "two");
        assertThat(first.deltaLink()).endsWith("$deltatoken=t1");
        assertThat(first.restarted()).isFalse();

        EventDelta next = backend.deltaEvents(ROOM, T0, end, first.deltaLink()).value();
        assertThat(next.changed()).isEmpty();
        assertThat(next.removedIds()).containsExactly("e1");
        assertThat(next.deltaLink()).endsWith("t2");

        EventDelta restarted = backend.deltaEvents(ROOM, T0, end,
                stub.base() + "/users/room1@x.com/calendarView/delta?$deltatoken=expired").value();
        assertThat(restarted.restarted()).isTrue();
        assertThat(restarted.changed()).hasSize(2);

        // a stored link to another host never receives the token
        int before = stub.seen.size();
        assertThatThrownBy(() -> backend.deltaEvents(ROOM, T0, end, "https://evil.example.com/v1.0/users/x/delta"))
                .isInstanceOf(EwsException.class).hasMessageContaining("outside graphUrl");
        assertThat(stub.seen).hasSize(before);
    }

    @Test
    void accessDeniedGivesTheExchangeOnlineFixAndNoSecret() {
        assertThatThrownBy(() -> backend.findEvents("secret-room@x.com", T0, T0.plusSeconds(3600), false))
                .isInstanceOfSatisfying(GraphAccessDeniedException.class, e -> {
                    assertThat(e.getMessage()).contains("New-ApplicationAccessPolicy -AppId app-1")
                            .contains("-AccessRight RestrictAccess")
                            .contains("New-ManagementRoleAssignment -App app-1")
                            .contains("\"Application Calendars.ReadWrite\"").contains("-CustomResourceScope")
                            .doesNotContain("s3cret").doesNotContain("tok-");
                    assertThat(e.responseCode()).isEqualTo("ErrorAccessDenied");
                    assertThat(e.requestId()).isNotBlank();
                });
        assertThatThrownBy(() -> backend.findEvents("ghost@x.com", T0, T0.plusSeconds(3600), false))
                .isInstanceOf(EwsMailboxNotFoundException.class).hasMessageContaining("ErrorInvalidUser");
    }

    @Test
    void anExpiredTokenIsRefreshedOnceOn401() {
        backend.findEvents(ROOM, T0, T0.plusSeconds(3600), false);
        assertThat(stub.tokensIssued.get()).isEqualTo(1);
        stub.validTokens.clear(); // the server no longer accepts the cached token
        backend.findEvents(ROOM, T0, T0.plusSeconds(3600), false);
        assertThat(stub.tokensIssued.get()).isEqualTo(2);
        assertThat(client.tokenRefreshes()).isEqualTo(1);
        List<String> tokens = stub.graphRequests("/calendarView").stream().map(GraphStub.Seen::token).toList();
        assertThat(tokens).containsExactly("tok-1", "tok-1", "tok-2");

        // a server that refuses every token: one refresh, then a clear authentication error
        stub.override = s -> GraphStub.Answer.of(401, GraphStub.error("InvalidAuthenticationToken", "no"));
        assertThatThrownBy(() -> backend.findEvents(ROOM, T0, T0.plusSeconds(3600), false))
                .isInstanceOf(io.roomrelease.camel.ews.EwsAuthenticationException.class)
                .hasMessageNotContaining("s3cret");
        assertThat(stub.tokensIssued.get()).isEqualTo(3);
    }

    @Test
    void timeoutsFailReadsClearlyAndLeaveWritesUnknown() {
        EwsConfiguration c = conf(stub);
        c.setRequestTimeout(300);
        GraphBackend slow = new GraphBackend(GraphClients.create(c, Clock.systemUTC(), Sleeper.THREAD_SLEEP, "t"), 10,
                Clock.systemUTC());
        slow.findEvents(ROOM, T0, T0.plusSeconds(60), false); // token first
        stub.override = s -> {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        };
        assertThatThrownBy(() -> slow.findEvents(ROOM, T0, T0.plusSeconds(60), false))
                .isInstanceOf(EwsException.class).hasMessageContaining("requestTimeout");
        assertThatThrownBy(() -> slow.deleteEvent(ROOM, "AAMk1"))
                .isInstanceOf(EwsOutcomeUnknownException.class);
    }

    @Test
    void malformedOrHostileJsonIsAClearError() {
        stub.override = s -> GraphStub.Answer.of(200, new TextNode("{\"value\": [ {\"id\": \"x\""));
        assertThatThrownBy(() -> backend.findEvents(ROOM, T0, T0.plusSeconds(60), false))
                .isInstanceOf(EwsException.class).hasMessageContaining("cannot read").hasMessageContaining("malformed JSON");
        stub.override = s -> GraphStub.Answer.of(200, new TextNode("[".repeat(5000) + "]".repeat(5000)));
        assertThatThrownBy(() -> backend.findEvents(ROOM, T0, T0.plusSeconds(60), false))
                .isInstanceOf(EwsException.class).hasMessageContaining("cannot read");
        stub.override = s -> GraphStub.Answer.of(200, new TextNode("{\"value\": \"not a list\"}"));
        assertThatThrownBy(() -> backend.findEvents(ROOM, T0, T0.plusSeconds(60), false))
                .isInstanceOf(EwsException.class).hasMessageContaining("must be an array");
        stub.override = s -> GraphStub.Answer.of(200, new TextNode("{\"value\": [{\"id\": \"a\", \"id\": \"b\"}]}"));
        assertThatThrownBy(() -> backend.findEvents(ROOM, T0, T0.plusSeconds(60), false))
                .isInstanceOf(EwsException.class).hasMessageContaining("Duplicate field");
        // a create whose 201 cannot be read: the booking may exist, so its outcome is unknown
        stub.override = s -> s.method().equals("POST") ? GraphStub.Answer.of(201, new TextNode("<html>")) : null;
        assertThatThrownBy(() -> backend.createEvent(ROOM, new EventDraft("x", T0, T0.plusSeconds(60), List.of(), null)))
                .isInstanceOf(EwsOutcomeUnknownException.class);
    }
}
