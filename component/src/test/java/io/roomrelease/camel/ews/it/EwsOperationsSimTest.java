package io.roomrelease.camel.ews.it;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.roomrelease.camel.ews.EwsConflictException;
import io.roomrelease.camel.ews.EwsConstants;
import io.roomrelease.camel.ews.model.EwsEvent;
import io.roomrelease.camel.ews.model.EwsWriteResult;
import io.roomrelease.camel.ews.model.MailboxAvailability;
import io.roomrelease.camel.ews.model.OccurrenceType;
import io.roomrelease.camel.ews.model.RoomAddress;
import io.roomrelease.ews.simulator.model.AuditEntry;
import io.roomrelease.ews.simulator.model.Recurrence;
import io.roomrelease.ews.simulator.scenario.MeetingSpec;
import io.roomrelease.ews.simulator.model.SentMessage;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every producer operation against the simulator over HTTPS, Basic auth, impersonation. */
class EwsOperationsSimTest extends SimulatorSupport {

    static final String OPS = "ews:rooms?" + "%s";

    String uri(String op) {
        return "ews:rooms?operation=" + op + "&" + basic();
    }

    @SuppressWarnings("unchecked")
    List<EwsEvent> find(String mailbox, Instant from, Instant to, boolean attendees) {
        Exchange ex = call(uri("findEvents") + "&fetchAttendees=" + attendees, e -> {
            e.getIn().setHeader(EwsConstants.MAILBOX, mailbox);
            e.getIn().setHeader(EwsConstants.WINDOW_START, from);
            e.getIn().setHeader(EwsConstants.WINDOW_END, to);
        });
        assertThat(ex.getException()).isNull();
        return ex.getMessage().getBody(List.class);
    }

    EwsEvent create(String room, String subject, Instant start, Instant end, List<String> attendees) {
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
    void findEventsImpersonatingTheRoomOverHttps() {
        Exchange ex = call(uri("findEvents"), e -> {
            e.getIn().setHeader(EwsConstants.MAILBOX, ROOM1);
            e.getIn().setHeader(EwsConstants.WINDOW_START, BASE.minus(Duration.ofMinutes(30)));
            e.getIn().setHeader(EwsConstants.WINDOW_END, BASE.plus(Duration.ofHours(2)));
        });
        assertThat(ex.getException()).isNull();
        @SuppressWarnings("unchecked")
        List<EwsEvent> events = ex.getMessage().getBody(List.class);
        assertThat(events).extracting(EwsEvent::getSubject).containsExactly("Planning", "Daily standup");
        EwsEvent planning = events.get(0);
        assertThat(planning.getStart()).isEqualTo(BASE);
        assertThat(planning.getEnd()).isEqualTo(BASE.plus(Duration.ofHours(1)));
        assertThat(planning.getOrganizer()).isEqualTo(ALICE);
        assertThat(planning.getMailbox()).isEqualTo(ROOM1);
        assertThat(planning.getChangeKey()).isNotBlank();
        assertThat(planning.isRoomIsOrganizer()).isFalse();
        assertThat(planning.getRoomResponse()).isEqualTo("Accept");
        assertThat(planning.getOccurrence()).isEqualTo(OccurrenceType.Single);
        assertThat(planning.getCreated()).isEqualTo(BASE.minus(Duration.ofDays(2)));
        assertThat(planning.getFreeBusyStatus()).isEqualTo("Busy");
        assertThat(planning.isAttendeesLoaded()).isFalse();
        EwsEvent standup = events.get(1);
        assertThat(standup.isRecurring()).isTrue();
        assertThat(standup.getOccurrence()).isEqualTo(OccurrenceType.Occurrence);
        assertThat(ex.getMessage().getHeader(EwsConstants.REQUEST_ID, String.class)).isNotBlank();
        assertThat(sim.stats().userAgents()).anyMatch(ua -> ua.startsWith("RoomRelease-camel-ews/"));
    }

    @Test
    void findEventsPagesToTheEnd() {
        Exchange ex = call(uri("findEvents") + "&pageSize=2", e -> {
            e.getIn().setHeader(EwsConstants.MAILBOX, ROOM1);
            e.getIn().setHeader(EwsConstants.WINDOW_START, BASE.minus(Duration.ofDays(4)));
            e.getIn().setHeader(EwsConstants.WINDOW_END, BASE.plus(Duration.ofDays(10)));
        });
        assertThat(ex.getException()).isNull();
        @SuppressWarnings("unchecked")
        List<EwsEvent> events = ex.getMessage().getBody(List.class);
        // Planning + 10 standups, across pages of 2 (items whose start repeats the last page's are dropped)
        assertThat(events).hasSize(11);
        assertThat(events).extracting(EwsEvent::getItemId).doesNotHaveDuplicates();
        assertThat(sim.stats().requests("FindItem")).isGreaterThanOrEqualTo(6);
    }

    @Test
    void fetchAttendeesUsesABatchedGetItem() {
        long before = sim.stats().requests("GetItem");
        List<EwsEvent> events = find(ROOM1, BASE.minus(Duration.ofMinutes(30)), BASE.plus(Duration.ofHours(2)), true);
        assertThat(sim.stats().requests("GetItem") - before).isEqualTo(1);
        EwsEvent planning = events.get(0);
        assertThat(planning.isAttendeesLoaded()).isTrue();
        assertThat(planning.getRequiredAttendees()).contains(BOB);
        assertThat(planning.getOptionalAttendees()).contains("carol@partner.com");
    }

    @Test
    void getEventReadsAttendeesAndTheSeriesMaster() {
        EwsEvent standup = find(ROOM1, BASE, BASE.plus(Duration.ofHours(2)), false).stream()
                .filter(e -> e.getSubject().equals("Daily standup")).findFirst().orElseThrow();
        Exchange ex = call(uri("getEvent"), e -> {
            e.getIn().setHeader(EwsConstants.MAILBOX, ROOM1);
            e.getIn().setHeader(EwsConstants.ITEM_ID, standup.getItemId());
        });
        assertThat(ex.getException()).isNull();
        EwsEvent got = ex.getMessage().getBody(EwsEvent.class);
        assertThat(got.getItemId()).isEqualTo(standup.getItemId());
        assertThat(got.getRequiredAttendees()).contains(BOB);
        assertThat(got.getSeriesMasterId()).isNotBlank().isNotEqualTo(standup.getItemId());
    }

    @Test
    void createUpdateEndEarlyAndDeleteAsTheRoom() {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(10));
        EwsEvent booked = create(ROOM3, "Book now", start, start.plus(Duration.ofMinutes(60)), List.of(ALICE));
        assertThat(booked.isRoomIsOrganizer()).isTrue();
        assertThat(booked.getRoomResponse()).isEqualTo("Organizer");
        assertThat(booked.getStart()).isEqualTo(start);
        assertThat(sim.store().sentMessages(ALICE)).anyMatch(m -> m.kind() == SentMessage.Kind.REQUEST
                                                                   && m.subject().contains("Book now"));

        // update with the current ChangeKey
        Instant newEnd = start.plus(Duration.ofMinutes(45));
        Exchange upd = call(uri("updateEvent"), e -> {
            e.getIn().setHeader(EwsConstants.END, newEnd);
            e.getIn().setBody(booked);
        });
        assertThat(upd.getException()).isNull();
        EwsEvent updated = upd.getMessage().getBody(EwsEvent.class);
        assertThat(updated.getEnd()).isEqualTo(newEnd);
        assertThat(updated.getChangeKey()).isNotEqualTo(booked.getChangeKey());

        // the old ChangeKey is stale now: one re-read, reported in the exception
        Exchange stale = call(uri("updateEvent"), e -> {
            e.getIn().setHeader(EwsConstants.END, start.plus(Duration.ofMinutes(30)));
            e.getIn().setBody(booked);
        });
        assertThat(stale.getException()).isInstanceOfSatisfying(EwsConflictException.class, c -> {
            assertThat(c.current().getChangeKey()).isEqualTo(updated.getChangeKey());
            assertThat(c.current().getEnd()).isEqualTo(newEnd);
            assertThat(c.getMessage()).contains(booked.getChangeKey()).contains("re-read").contains(ROOM3);
            assertThat(c.requestId()).isNotBlank();
        });

        // end early: End moves to now
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Exchange early = call(uri("endEarly"), e -> e.getIn().setBody(updated));
        assertThat(early.getException()).isNull();
        EwsEvent ended = early.getMessage().getBody(EwsEvent.class);
        assertThat(ended.getEnd()).isBetween(before, Instant.now().plusSeconds(1));

        Exchange del = call(uri("deleteEvent"), e -> {
            e.getIn().setHeader(EwsConstants.MAILBOX, ROOM3);
            e.getIn().setHeader(EwsConstants.ITEM_ID, ended.getItemId());
        });
        assertThat(del.getException()).isNull();
        assertThat(del.getMessage().getBody(EwsWriteResult.class).getRequestId())
                .isEqualTo(del.getMessage().getHeader(EwsConstants.REQUEST_ID));
        assertThat(sim.store().calendar(ROOM3)).noneMatch(c -> c.id().equals(ended.getItemId()));

        // the mailbox audit log shows the service account acting on the room, by impersonation
        List<AuditEntry> writes = sim.store().auditLog().stream()
                .filter(a -> a.mailbox().equalsIgnoreCase(ROOM3) && a.result() == AuditEntry.Result.Succeeded
                             && !a.operation().startsWith("Find") && !a.operation().startsWith("Get"))
                .toList();
        assertThat(writes).isNotEmpty().allSatisfy(a -> {
            assertThat(a.actor()).isEqualToIgnoringCase(SVC);
            assertThat(a.logonType()).isEqualTo(AuditEntry.LogonType.Impersonation);
            assertThat(a.clientRequestId()).isNotBlank();
        });
    }

    @Test
    void cancelAMeetingTheRoomOrganizes() {
        Instant start = BASE.plus(Duration.ofDays(1));
        EwsEvent booked = create(ROOM3, "To cancel", start, start.plus(Duration.ofMinutes(30)), List.of(BOB));
        Exchange ex = call(uri("cancelEvent"), e -> {
            e.getIn().setBody(booked);
            e.getIn().setHeader(EwsConstants.MESSAGE, "The room is needed elsewhere");
        });
        assertThat(ex.getException()).isNull();
        assertThat(sim.store().sentMessages(BOB)).anyMatch(m -> m.kind() == SentMessage.Kind.CANCELLATION
                                                                 && m.body().contains("needed elsewhere"));
    }

    @Test
    void aDeclineWithTheChangeKeyFromFindEventsIsOneCallAndAStaleOneIsRefused() {
        Instant at = BASE.plus(Duration.ofDays(3));
        sim.store().addMeeting(MeetingSpec.builder("Nobody came", ALICE).rooms(ROOM1).start(at)
                .duration(Duration.ofMinutes(30)).build());
        EwsEvent planning = find(ROOM1, at, at.plus(Duration.ofHours(1)), false).stream()
                .filter(e -> e.getSubject().equals("Nobody came")).findFirst().orElseThrow();
        long getItems = sim.stats().requests("GetItem");
        long creates = sim.stats().requests("CreateItem");
        Exchange declined = call(uri("declineEvent"), e -> {
            e.getIn().setBody(planning);
            e.getIn().setHeader(EwsConstants.MESSAGE, "Released: nobody checked in");
        });
        assertThat(declined.getException()).isNull();
        assertThat(sim.stats().requests("GetItem")).as("no read before the decline").isEqualTo(getItems);
        assertThat(sim.stats().requests("CreateItem")).isEqualTo(creates + 1);
        assertThat(sim.store().sentMessages(ALICE)).anyMatch(m -> m.kind() == SentMessage.Kind.DECLINE
                                                                   && m.from().equalsIgnoreCase(ROOM1)
                                                                   && m.subject().contains("Nobody came"));

        // a meeting the room organizes, changed after it was read: the cancel with the old ChangeKey is refused
        Instant start = BASE.plus(Duration.ofDays(2));
        EwsEvent booked = create(ROOM3, "Moved meanwhile", start, start.plus(Duration.ofMinutes(30)), List.of(BOB));
        Exchange moved = call(uri("updateEvent"), e -> {
            e.getIn().setHeader(EwsConstants.END, start.plus(Duration.ofMinutes(45)));
            e.getIn().setBody(booked);
        });
        assertThat(moved.getException()).isNull();
        Exchange stale = call(uri("cancelEvent"), e -> e.getIn().setBody(booked));
        assertThat(stale.getException()).isInstanceOfSatisfying(EwsConflictException.class, c ->
                assertThat(c.current().getEnd()).as("the conflict carries the current copy")
                        .isEqualTo(start.plus(Duration.ofMinutes(45))));
        assertThat(find(ROOM3, start, start.plus(Duration.ofHours(1)), false))
                .extracting(EwsEvent::getSubject).contains("Moved meanwhile");
        assertThat(sim.store().sentMessages(BOB)).noneMatch(m -> m.kind() == SentMessage.Kind.CANCELLATION
                                                                 && m.subject().contains("Moved meanwhile"));
    }

    @Test
    void declineOneOccurrenceThenTheWholeSeries() {
        List<EwsEvent> events = find(ROOM4, BASE, BASE.plus(Duration.ofHours(3)), false);
        EwsEvent team = events.stream().filter(e -> e.getSubject().equals("Team series")).findFirst().orElseThrow();
        EwsEvent other = events.stream().filter(e -> e.getSubject().equals("Other series")).findFirst().orElseThrow();
        Exchange one = call(uri("declineEvent"), e -> {
            e.getIn().setBody(team);
            e.getIn().setHeader(EwsConstants.MESSAGE, "Released: nobody checked in");
        });
        assertThat(one.getException()).isNull();
        assertThat(sim.store().sentMessages(ALICE)).anyMatch(m -> m.kind() == SentMessage.Kind.DECLINE
                                                                   && m.from().equalsIgnoreCase(ROOM4)
                                                                   && m.body().contains("nobody checked in"));
        Exchange series = call(uri("declineEvent"), e -> {
            e.getIn().setBody(other);
            e.getIn().setHeader(EwsConstants.MESSAGE, "Three no-shows");
            e.getIn().setHeader(EwsConstants.WHOLE_SERIES, true);
        });
        assertThat(series.getException()).isNull();
        EwsWriteResult r = series.getMessage().getBody(EwsWriteResult.class);
        assertThat(r.getItemId()).isNotEqualTo(other.getItemId()); // the series master was declined
        List<EwsEvent> after = find(ROOM4, BASE, BASE.plus(Duration.ofDays(3)), false);
        assertThat(after).filteredOn(e -> e.getSubject().equals("Other series"))
                .allMatch(e -> !e.getRoomResponse().equals("Accept"));
    }

    @Test
    void declineOneOccurrenceOfAWeeklySeriesFoundThroughFindEvents() {
        // like the demo's weekly no-show series: placed relative to "now", so its start has a fraction of a second
        Instant first = BASE.minus(Duration.ofDays(21)).plusSeconds(10).plusNanos(123_456_789);
        sim.store().addMeeting(MeetingSpec.builder("Weekly sync", BOB).attendees(ALICE).rooms(ROOM3).start(first)
                .duration(Duration.ofHours(1)).recurrence(Recurrence.weekly(1,
                        java.util.Set.of(first.atZone(java.time.ZoneOffset.UTC).getDayOfWeek()),
                        java.time.LocalDate.ofInstant(first, java.time.ZoneOffset.UTC)).withOccurrences(10))
                .build());
        Instant today = first.plus(Duration.ofDays(21));
        List<EwsEvent> found = find(ROOM3, BASE, BASE.plus(Duration.ofHours(2)), false);
        EwsEvent occurrence = found.stream().filter(e -> e.getSubject().equals("Weekly sync")).findFirst().orElseThrow();
        Exchange ex = call(uri("declineEvent"), e -> {
            e.getIn().setBody(occurrence);
            e.getIn().setHeader(EwsConstants.MESSAGE, "Released: nobody checked in");
        });
        assertThat(ex.getException()).as("declining the occurrence").isNull();
        assertThat(sim.store().sentMessages(BOB)).anyMatch(m -> m.kind() == SentMessage.Kind.DECLINE
                                                                 && m.from().equalsIgnoreCase(ROOM3)
                                                                 && today.equals(m.occurrenceStart())
                                                                 && m.body().contains("nobody checked in"));
        // only that occurrence left the room's calendar: the weeks before and after are still booked
        List<EwsEvent> around = find(ROOM3, first.minus(Duration.ofMinutes(1)), today.plus(Duration.ofDays(8)), false);
        assertThat(around).filteredOn(e -> e.getSubject().equals("Weekly sync"))
                .allSatisfy(e -> assertThat(e.getRoomResponse()).isEqualTo("Accept"))
                .extracting(e -> e.getStart().getEpochSecond())
                .containsExactly(first.getEpochSecond(), first.plus(Duration.ofDays(7)).getEpochSecond(),
                        first.plus(Duration.ofDays(14)).getEpochSecond(), first.plus(Duration.ofDays(28)).getEpochSecond());
    }

    @Test
    void availabilityAcrossRoomsAndUnknownMailbox() {
        Exchange ex = call(uri("getAvailability"), e -> {
            e.getIn().setHeader(EwsConstants.MAILBOXES, List.of(ROOM1, ROOM2, "nobody@example.com"));
            e.getIn().setHeader(EwsConstants.WINDOW_START, BASE.minus(Duration.ofHours(1)));
            e.getIn().setHeader(EwsConstants.WINDOW_END, BASE.plus(Duration.ofHours(3)));
        });
        assertThat(ex.getException()).isNull();
        @SuppressWarnings("unchecked")
        List<MailboxAvailability> av = ex.getMessage().getBody(List.class);
        assertThat(av).extracting(MailboxAvailability::getMailbox).containsExactly(ROOM1, ROOM2, "nobody@example.com");
        assertThat(av.get(0).getBusySlots()).anySatisfy(s -> {
            assertThat(s.getStart()).isEqualTo(BASE);
            assertThat(s.getEnd()).isEqualTo(BASE.plus(Duration.ofHours(1)));
        });
        assertThat(av.get(1).getBusySlots()).anySatisfy(s -> assertThat(s.getStart()).isEqualTo(BASE.plus(Duration.ofMinutes(30))));
        assertThat(av.get(2).isOk()).isFalse();
    }

    @Test
    void availabilityOverMoreThan42DaysIsSplitAndMerged() {
        long before = sim.stats().requests("GetUserAvailabilityRequest");
        Exchange ex = call(uri("getAvailability"), e -> {
            e.getIn().setBody(ROOM1);
            e.getIn().setHeader(EwsConstants.WINDOW_START, BASE.minus(Duration.ofDays(4)));
            e.getIn().setHeader(EwsConstants.WINDOW_END, BASE.plus(Duration.ofDays(60)));
        });
        assertThat(ex.getException()).isNull();
        assertThat(sim.stats().requests("GetUserAvailabilityRequest") - before).isEqualTo(2);
        @SuppressWarnings("unchecked")
        List<MailboxAvailability> av = ex.getMessage().getBody(List.class);
        assertThat(av.get(0).getBusySlots()).hasSize(11);
    }

    @Test
    void roomListsAndRooms() {
        @SuppressWarnings("unchecked")
        List<RoomAddress> lists = template.requestBody(uri("listRoomLists"), null, List.class);
        assertThat(lists).extracting(RoomAddress::getEmail).contains(BUILDING);
        @SuppressWarnings("unchecked")
        List<RoomAddress> rooms = template.requestBodyAndHeader(uri("listRooms"), null, EwsConstants.ROOM_LIST, BUILDING,
                List.class);
        assertThat(rooms).extracting(RoomAddress::getEmail).containsExactly(ROOM1, ROOM2);
    }
}
