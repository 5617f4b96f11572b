package io.roomrelease.camel.ews.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import io.roomrelease.camel.ews.EwsConflictException;
import io.roomrelease.camel.ews.EwsConstants;
import io.roomrelease.camel.ews.EwsItemNotFoundException;
import io.roomrelease.camel.ews.graph.GraphAccessDeniedException;
import io.roomrelease.camel.ews.graph.GraphClient;
import io.roomrelease.camel.ews.graph.GraphRoleMismatchException;
import io.roomrelease.camel.ews.model.EventDelta;
import io.roomrelease.camel.ews.model.EwsEvent;
import io.roomrelease.camel.ews.model.EwsWriteResult;
import io.roomrelease.camel.ews.model.MailboxAvailability;
import io.roomrelease.camel.ews.model.OccurrenceType;
import io.roomrelease.camel.ews.model.RoomAddress;
import io.roomrelease.ews.simulator.model.ResponseType;
import io.roomrelease.ews.simulator.model.SentMessage;
import io.roomrelease.ews.simulator.scenario.MeetingSpec;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

/** Every operation of the Graph backend through the {@code ews:} producer against the simulator's Graph front end. */
class GraphOperationsSimTest extends GraphSimSupport {

    @SuppressWarnings("unchecked")
    private List<EwsEvent> find(String extra, String mailbox, Instant start, Instant end) {
        Exchange ex = call("ews:rooms?operation=findEvents&" + extra, e -> {
            e.getIn().setHeader(EwsConstants.MAILBOX, mailbox);
            e.getIn().setHeader(EwsConstants.WINDOW_START, start);
            e.getIn().setHeader(EwsConstants.WINDOW_END, end);
        });
        assertThat(ex.getException()).isNull();
        assertThat(ex.getMessage().getHeader(EwsConstants.REQUEST_ID, String.class)).isNotBlank();
        return ex.getMessage().getBody(List.class);
    }

    private EwsEvent create(String room, String subject, Instant start, Instant end, List<String> attendees) {
        Exchange ex = call(uri("createEvent"), e -> {
            e.getIn().setHeader(EwsConstants.MAILBOX, room);
            e.getIn().setHeader(EwsConstants.SUBJECT, subject);
            e.getIn().setHeader(EwsConstants.START, start);
            e.getIn().setHeader(EwsConstants.END, end);
            e.getIn().setHeader(EwsConstants.ATTENDEES, attendees);
        });
        assertThat(ex.getException()).isNull();
        return ex.getMessage().getBody(EwsEvent.class);
    }

    @Test
    void findEventsFollowsPagesAndExpandsRecurrenceWithTheSecretOrTheCertificate() {
        long pagesBefore = sim.graphStats().requestsPerEndpoint().getOrDefault("calendarView", 0L);
        List<EwsEvent> slots = find(graph() + "&pageSize=3", room(2), BASE.minus(Duration.ofMinutes(1)),
                BASE.plus(Duration.ofHours(8)));
        assertThat(slots).extracting(EwsEvent::getSubject)
                .containsExactlyInAnyOrder("Slot 0", "Slot 1", "Slot 2", "Slot 3", "Slot 4", "Slot 5", "Slot 6");
        assertThat(sim.graphStats().requestsPerEndpoint().get("calendarView") - pagesBefore)
                .as("7 events at 3 per page").isEqualTo(3);

        // the same calendar with a token got through the certificate credential (a signed client assertion)
        Instant from = BASE.minus(Duration.ofDays(1));
        List<EwsEvent> series = find(graphWithCertificate() + "&fetchAttendees=true", room(1), from, BASE.plus(Duration.ofDays(3)));
        List<EwsEvent> standups = series.stream().filter(e -> e.getSubject().equals("Daily standup")).toList();
        assertThat(standups).hasSizeGreaterThanOrEqualTo(4).allSatisfy(e -> {
            assertThat(e.getOccurrence()).isEqualTo(OccurrenceType.Occurrence);
            assertThat(e.getSeriesMasterId()).isNotBlank();
            assertThat(e.getDuration()).isEqualTo(Duration.ofMinutes(15));
            assertThat(e.getOrganizer()).isEqualToIgnoringCase(ALICE);
        });
        assertThat(standups).extracting(EwsEvent::getItemId).doesNotHaveDuplicates();
        EwsEvent planning = series.stream().filter(e -> e.getSubject().equals("Planning")).findFirst().orElseThrow();
        assertThat(planning.getRequiredAttendees()).contains(BOB);
        assertThat(planning.getStart()).isEqualTo(BASE);
    }

    @Test
    void getCreateUpdateWithAConflictEndEarlyAndDelete() {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(10));
        EwsEvent booked = create(room(4), "Ad hoc", start, start.plus(Duration.ofHours(1)), List.of(BOB));
        assertThat(booked.getItemId()).isNotBlank();
        assertThat(booked.getChangeKey()).isNotBlank();
        assertThat(booked.isRoomIsOrganizer()).isTrue();

        Exchange got = call(uri("getEvent"), e -> {
            e.getIn().setHeader(EwsConstants.MAILBOX, room(4));
            e.getIn().setHeader(EwsConstants.ITEM_ID, booked.getItemId());
        });
        assertThat(got.getException()).isNull();
        assertThat(got.getMessage().getBody(EwsEvent.class).getSubject()).isEqualTo("Ad hoc");
        // the same meeting as EWS sees it
        assertThat(sim.store().calendar(room(4))).anyMatch(c -> c.subject().equals("Ad hoc"));

        Instant newEnd = start.plus(Duration.ofMinutes(45));
        Exchange upd = call(uri("updateEvent"), e -> {
            e.getIn().setHeader(EwsConstants.END, newEnd);
            e.getIn().setBody(booked);
        });
        assertThat(upd.getException()).isNull();
        EwsEvent updated = upd.getMessage().getBody(EwsEvent.class);
        assertThat(updated.getEnd()).isEqualTo(newEnd);
        assertThat(updated.getChangeKey()).isNotEqualTo(booked.getChangeKey());

        // the version read before the update is stale now: If-Match fails (412) and the caller gets a conflict
        Exchange stale = call(uri("updateEvent"), e -> {
            e.getIn().setHeader(EwsConstants.END, start.plus(Duration.ofMinutes(30)));
            e.getIn().setBody(booked);
        });
        assertThat(stale.getException()).isInstanceOfSatisfying(EwsConflictException.class, c -> {
            assertThat(c.current().getChangeKey()).isEqualTo(updated.getChangeKey());
            assertThat(c.current().getEnd()).isEqualTo(newEnd);
        });

        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Exchange early = call(uri("endEarly"), e -> e.getIn().setBody(updated));
        assertThat(early.getException()).isNull();
        EwsEvent ended = early.getMessage().getBody(EwsEvent.class);
        assertThat(ended.getEnd()).isBetween(before, Instant.now().plusSeconds(1));

        Exchange del = call(uri("deleteEvent"), e -> {
            e.getIn().setHeader(EwsConstants.MAILBOX, room(4));
            e.getIn().setHeader(EwsConstants.ITEM_ID, ended.getItemId());
        });
        assertThat(del.getException()).isNull();
        assertThat(sim.store().calendar(room(4))).noneMatch(c -> c.subject().equals("Ad hoc"));
        Exchange gone = call(uri("getEvent"), e -> {
            e.getIn().setHeader(EwsConstants.MAILBOX, room(4));
            e.getIn().setHeader(EwsConstants.ITEM_ID, ended.getItemId());
        });
        assertThat(gone.getException()).isInstanceOf(EwsItemNotFoundException.class);
    }

    @Test
    void aDeclineThroughGraphIsADeclineInTheEwsViewAndTheOrganizerIsTold() {
        Instant at = BASE.plus(Duration.ofDays(3));
        sim.store().addMeeting(MeetingSpec.builder("Nobody came", ALICE).rooms(room(5)).start(at)
                .duration(Duration.ofMinutes(30)).build());
        EwsEvent meeting = find(graph(), room(5), at, at.plus(Duration.ofHours(1))).stream()
                .filter(e -> e.getSubject().equals("Nobody came")).findFirst().orElseThrow();
        Exchange declined = call(uri("declineEvent"), e -> {
            e.getIn().setBody(meeting);
            e.getIn().setHeader(EwsConstants.MESSAGE, "Released: nobody checked in");
        });
        assertThat(declined.getException()).isNull();
        assertThat(declined.getMessage().getBody(EwsWriteResult.class).getRequestId()).isNotBlank();
        assertThat(sim.store().sentMessages(ALICE)).anyMatch(m -> m.kind() == SentMessage.Kind.DECLINE
                                                                   && m.from().equalsIgnoreCase(room(5))
                                                                   && m.subject().contains("Nobody came")
                                                                   && m.body().contains("nobody checked in"));
        // the EWS view of the room: the meeting no longer holds the room
        List<EwsEvent> viaEws = find(ews() + "&url=" + sim.httpsUrl(), room(5), at, at.plus(Duration.ofHours(1)));
        assertThat(viaEws).filteredOn(e -> e.getSubject().equals("Nobody came"))
                .allSatisfy(e -> assertThat(e.getRoomResponse()).isEqualTo("Decline"));
        // and the organizer's copy records the room's answer
        assertThat(sim.store().calendar(ALICE)).filteredOn(c -> c.subject().equals("Nobody came")).singleElement()
                .satisfies(c -> assertThat(c.resources()).anySatisfy(a -> {
                    assertThat(a.email()).isEqualToIgnoringCase(room(5));
                    assertThat(a.response()).isEqualTo(ResponseType.Decline);
                }));
    }

    @Test
    void cancelIsForTheOrganizerAndGraphRefusesAnAttendee() {
        Instant start = BASE.plus(Duration.ofDays(1));
        EwsEvent own = create(room(6), "To cancel", start, start.plus(Duration.ofMinutes(30)), List.of(BOB));
        Exchange ok = call(uri("cancelEvent"), e -> {
            e.getIn().setBody(own);
            e.getIn().setHeader(EwsConstants.MESSAGE, "The room is needed elsewhere");
        });
        assertThat(ok.getException()).isNull();
        assertThat(sim.store().sentMessages(BOB)).anyMatch(m -> m.kind() == SentMessage.Kind.CANCELLATION
                                                                 && m.body().contains("needed elsewhere"));

        // room 3 attends Bob's review: with its version in hand the cancel goes straight to Graph, which says 400
        EwsEvent review = find(graph(), room(3), BASE, BASE.plus(Duration.ofHours(2))).stream()
                .filter(e -> e.getSubject().equals("Review")).findFirst().orElseThrow();
        Exchange refused = call(uri("cancelEvent"), e -> e.getIn().setBody(review));
        assertThat(refused.getException()).isInstanceOf(GraphRoleMismatchException.class)
                .hasMessageContaining("declineEvent");
        assertThat(sim.store().sentMessages(ALICE)).noneMatch(m -> m.kind() == SentMessage.Kind.CANCELLATION
                                                                    && m.subject().contains("Review"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void availabilityOfMoreThanTwentyRoomsIsBatchedAndAnOutOfScopeMailboxIsReportedOnItsOwn() {
        List<String> asked = new ArrayList<>(rooms());
        asked.add(ALICE); // a user: outside the app's scope (rooms)
        long schedulesBefore = sim.graphStats().requestsPerEndpoint().getOrDefault("getSchedule", 0L);
        Exchange ex = call(uri("getAvailability"), e -> {
            e.getIn().setHeader(EwsConstants.MAILBOXES, asked);
            e.getIn().setHeader(EwsConstants.WINDOW_START, BASE.minus(Duration.ofMinutes(30)));
            e.getIn().setHeader(EwsConstants.WINDOW_END, BASE.plus(Duration.ofHours(3)));
        });
        assertThat(ex.getException()).isNull();
        List<MailboxAvailability> all = ex.getMessage().getBody(List.class);
        assertThat(all).extracting(MailboxAvailability::getMailbox).containsExactlyElementsOf(asked);
        assertThat(all.subList(0, ROOMS)).allMatch(MailboxAvailability::isOk);
        assertThat(all.get(0).getBusySlots()).isNotEmpty(); // Planning
        assertThat(all.get(1).getBusySlots()).hasSizeGreaterThanOrEqualTo(3); // Slot 0..2 at least
        assertThat(all.get(ROOMS).isOk()).isFalse();
        assertThat(all.get(ROOMS).getErrorCode()).isNotBlank();
        assertThat(sim.graphStats().requestsPerEndpoint().get("getSchedule") - schedulesBefore)
                .as("31 schedules at most 20 per request").isGreaterThanOrEqualTo(2);
    }

    @Test
    @SuppressWarnings("unchecked")
    void freeBusyViewHasNoGraphEquivalentAndIsIgnored() {
        List<List<MailboxAvailability>> answers = new ArrayList<>();
        for (String view : List.of("", "&freeBusyView=FreeBusy")) {
            Exchange ex = call(uri("getAvailability") + view, e -> {
                e.getIn().setHeader(EwsConstants.MAILBOXES, rooms().subList(0, 3));
                e.getIn().setHeader(EwsConstants.WINDOW_START, BASE.minus(Duration.ofMinutes(30)));
                e.getIn().setHeader(EwsConstants.WINDOW_END, BASE.plus(Duration.ofHours(3)));
            });
            assertThat(ex.getException()).isNull();
            answers.add(ex.getMessage().getBody(List.class));
        }
        assertThat(answers.get(0).get(0).getBusySlots()).isNotEmpty();
        assertThat(answers.get(1)).extracting(MailboxAvailability::getBusySlots)
                .containsExactlyElementsOf(answers.get(0).stream().map(MailboxAvailability::getBusySlots).toList());
    }

    @Test
    @SuppressWarnings("unchecked")
    void roomListsRoomsAndSendMessage() {
        Exchange lists = call(uri("listRoomLists"), e -> { });
        assertThat(lists.getException()).isNull();
        assertThat((List<RoomAddress>) lists.getMessage().getBody(List.class)).extracting(RoomAddress::getEmail)
                .containsExactly(BUILDING);
        Exchange members = call(uri("listRooms"), e -> e.getIn().setHeader(EwsConstants.ROOM_LIST, BUILDING));
        assertThat(members.getException()).isNull();
        assertThat((List<RoomAddress>) members.getMessage().getBody(List.class)).extracting(RoomAddress::getEmail)
                .containsExactlyInAnyOrderElementsOf(rooms());

        Exchange sent = call(uri("sendMessage"), e -> {
            e.getIn().setHeader(EwsConstants.MAILBOX, room(7));
            e.getIn().setHeader(EwsConstants.RECIPIENTS, BOB + "," + ALICE);
            e.getIn().setHeader(EwsConstants.SUBJECT, "Check in, please");
            e.getIn().setBody("Your meeting starts now; check in or the room is released.");
        });
        assertThat(sent.getException()).isNull();
        assertThat(sim.store().sentMessages(BOB)).anyMatch(m -> m.from().equalsIgnoreCase(room(7))
                                                                 && m.subject().equals("Check in, please")
                                                                 && m.body().contains("check in"));
    }

    private EventDelta delta(String mailbox, Instant start, Instant end, String link) {
        Exchange ex = call(uri("deltaEvents"), e -> {
            e.getIn().setHeader(EwsConstants.MAILBOX, mailbox);
            e.getIn().setHeader(EwsConstants.WINDOW_START, start);
            e.getIn().setHeader(EwsConstants.WINDOW_END, end);
            if (link != null) {
                e.getIn().setHeader(EwsConstants.DELTA_LINK, link);
            }
        });
        assertThat(ex.getException()).isNull();
        EventDelta d = ex.getMessage().getBody(EventDelta.class);
        assertThat(ex.getMessage().getHeader(EwsConstants.DELTA_LINK)).isEqualTo(d.deltaLink());
        return d;
    }

    @Test
    void deltaReadsTheWindowThenOnlyChangesRemovalsAndRestartsAfterTheTokenExpired() {
        Instant start = BASE.plus(Duration.ofDays(5));
        Instant end = start.plus(Duration.ofDays(1));
        sim.store().addMeeting(MeetingSpec.builder("First", ALICE).rooms(room(8)).start(start.plus(Duration.ofHours(1)))
                .duration(Duration.ofMinutes(30)).build());
        EventDelta initial = delta(room(8), start, end, null);
        assertThat(initial.restarted()).isFalse();
        assertThat(initial.changed()).extracting(EwsEvent::getSubject).containsExactly("First");
        assertThat(initial.deltaLink()).isNotBlank();

        EventDelta nothing = delta(room(8), start, end, initial.deltaLink());
        assertThat(nothing.changed()).isEmpty();
        assertThat(nothing.removedIds()).isEmpty();

        sim.store().addMeeting(MeetingSpec.builder("Second", BOB).rooms(room(8)).start(start.plus(Duration.ofHours(3)))
                .duration(Duration.ofMinutes(30)).build());
        EventDelta added = delta(room(8), start, end, nothing.deltaLink());
        assertThat(added.changed()).extracting(EwsEvent::getSubject).containsExactly("Second");

        String firstId = initial.changed().get(0).getItemId();
        Exchange del = call(uri("deleteEvent"), e -> {
            e.getIn().setHeader(EwsConstants.MAILBOX, room(8));
            e.getIn().setHeader(EwsConstants.ITEM_ID, firstId);
        });
        assertThat(del.getException()).isNull();
        EventDelta removed = delta(room(8), start, end, added.deltaLink());
        assertThat(removed.removedIds()).containsExactly(firstId);
        assertThat(removed.changed()).isEmpty();

        sim.expireGraphDeltaTokens();
        EventDelta restarted = delta(room(8), start, end, removed.deltaLink());
        assertThat(restarted.restarted()).isTrue();
        assertThat(restarted.changed()).extracting(EwsEvent::getSubject).containsExactly("Second");
        assertThat(restarted.deltaLink()).isNotEqualTo(removed.deltaLink());
    }

    @Test
    void repeatedHeadersOfABatchedRequestAllReachGraph() {
        find(graph(), room(2), BASE, BASE.plus(Duration.ofHours(1))); // the app's client comes into use
        String view = "/users/" + room(2) + "/calendarView?startDateTime=" + BASE + "&endDateTime="
                      + BASE.plus(Duration.ofHours(8));
        List<String> prefer = List.of("Prefer", "odata.maxpagesize=2", "Prefer", "outlook.timezone=\"UTC\"");
        long batches = sim.graphStats().batches();
        List<GraphClient.Result> results = graphClient().sendAll("findEvents", List.of(
                new GraphClient.Request("findEvents", "GET", view, null, room(2), null, true, prefer),
                new GraphClient.Request("findEvents", "GET", view, null, room(2), null, true, prefer)));
        assertThat(sim.graphStats().batches() - batches).isEqualTo(1);
        assertThat(results).allSatisfy(r -> {
            var body = r.get().body();
            assertThat(body.get("value").size()).as("odata.maxpagesize=2 arrived").isEqualTo(2);
            assertThat(body.get("@odata.nextLink").asText()).isNotBlank();
            assertThat(body.get("value").get(0).get("start").get("timeZone").asText())
                    .as("outlook.timezone arrived too").isEqualTo("UTC");
        });
    }

    @Test
    void aMailboxOutsideTheAppsScopeIsAccessDeniedWithTheExchangeOnlineFix() {
        Exchange ex = call(uri("findEvents"), e -> {
            e.getIn().setHeader(EwsConstants.MAILBOX, ALICE);
            e.getIn().setHeader(EwsConstants.WINDOW_START, BASE);
            e.getIn().setHeader(EwsConstants.WINDOW_END, BASE.plus(Duration.ofHours(1)));
        });
        assertThat(ex.getException()).isInstanceOfSatisfying(GraphAccessDeniedException.class, a -> {
            assertThat(a.responseCode()).isEqualTo("ErrorAccessDenied");
            assertThat(a.getMessage()).contains(ALICE).contains("New-ApplicationAccessPolicy")
                    .contains("New-ManagementRoleAssignment").doesNotContain(CLIENT_SECRET);
            assertThat(a.requestId()).isNotBlank();
        });
    }
}
