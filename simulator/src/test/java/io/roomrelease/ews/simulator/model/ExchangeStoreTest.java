package io.roomrelease.ews.simulator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.roomrelease.ews.simulator.MutableClock;
import io.roomrelease.ews.simulator.scenario.MeetingSpec;
import io.roomrelease.ews.simulator.scenario.Scenario;

/** Exchange's calendar semantics in the store, without SOAP. */
class ExchangeStoreTest {
    static final String SVC = "svc@contoso.com";
    static final String ORG = "olga@contoso.com";
    static final String USER = "ursula@contoso.com";
    static final String ROOM = "room@contoso.com";
    static final Instant NOW = Instant.parse("2025-03-10T09:00:00Z");

    MutableClock clock;
    ExchangeStore store;
    CalendarEntry series;
    Access asRoom = Access.impersonating(SVC, ROOM);
    Access asOrganizer = Access.impersonating(SVC, ORG);

    @BeforeEach
    void setUp() {
        clock = new MutableClock(NOW);
        store = new ExchangeStore(Scenario.builder().room(ROOM, "Room").user(ORG, "Olga").user(USER, "Ursula")
                .serviceAccount(SVC, "pw").build(), clock);
        series = store.addMeeting(MeetingSpec.builder("Daily", ORG).rooms(ROOM).attendees(USER)
                .start(Instant.parse("2025-03-10T10:00:00Z")).duration(Duration.ofMinutes(30))
                .recurrence(Recurrence.daily(1, LocalDate.of(2025, 3, 10)).withOccurrences(5)).build());
    }

    List<CalendarEntry> roomWeek() {
        return store.calendar(ROOM, Instant.parse("2025-03-10T00:00:00Z"), Instant.parse("2025-03-17T00:00:00Z"));
    }

    @Test
    void meetingsAreAnOrganizerItemPlusCopiesSharingTheUid() {
        assertThat(store.calendar(ROOM)).singleElement().satisfies(c -> {
            assertThat(c.uid()).isEqualTo(series.uid());
            assertThat(c.isOrganizer()).isFalse();
            assertThat(c.myResponse()).isEqualTo(ResponseType.Accept);
            assertThat(c.appointmentState()).isEqualTo(3);
            assertThat(c.id()).isNotEqualTo(series.id());
        });
        assertThat(series.isOrganizer()).isTrue();
        assertThat(series.myResponse()).isEqualTo(ResponseType.Organizer);
        assertThat(store.calendar(USER)).hasSize(1);
        assertThat(roomWeek()).hasSize(5).allSatisfy(o -> assertThat(o.type()).isEqualTo(CalendarItemKind.Occurrence));
    }

    @Test
    void decliningAnOccurrenceRemovesOnlyItAndTellsTheOrganizer() {
        CalendarEntry second = roomWeek().get(1);
        store.respond(asRoom, second.id(), ResponseType.Decline, "Nobody came", true);
        assertThat(roomWeek()).hasSize(4).extracting(CalendarEntry::start).doesNotContain(second.start());
        assertThatThrownBy(() -> store.getItem(asRoom, second.id())).isInstanceOf(StoreException.class)
                .extracting(e -> ((StoreException) e).responseCode()).isEqualTo("ErrorItemNotFound");
        CalendarEntry organizers = store.calendar(ORG, second.start(), second.end()).get(0);
        assertThat(organizers.responseOf(ROOM)).contains(ResponseType.Decline);
        assertThat(store.calendar(ORG, roomWeek().get(0).start(), roomWeek().get(0).end()).get(0).responseOf(ROOM))
                .contains(ResponseType.Accept);
        assertThat(store.sentMessages(ORG)).singleElement().satisfies(m -> {
            assertThat(m.subject()).isEqualTo("Declined: Daily");
            assertThat(m.body()).isEqualTo("Nobody came");
            assertThat(m.occurrenceStart()).isEqualTo(second.start());
        });
    }

    @Test
    void decliningTheMasterDeclinesTheWholeSeries() {
        CalendarEntry roomMaster = store.calendar(ROOM).get(0);
        store.respond(asRoom, roomMaster.id(), ResponseType.Decline, "Strikes", true);
        assertThat(store.calendar(ROOM)).isEmpty();
        assertThat(store.item(series.id()).orElseThrow().responseOf(ROOM)).contains(ResponseType.Decline);
        assertThat(store.sentMessages(ORG).get(0).occurrenceStart()).isNull();
    }

    @Test
    void theOrganizerCannotDeclineAndAnAttendeeCannotCancel() {
        assertThatThrownBy(() -> store.respond(asOrganizer, series.id(), ResponseType.Decline, "", true))
                .extracting(e -> ((StoreException) e).responseCode()).isEqualTo("ErrorCalendarIsOrganizerForDecline");
        String roomCopy = store.calendar(ROOM).get(0).id();
        assertThatThrownBy(() -> store.cancel(asRoom, roomCopy, "", true))
                .extracting(e -> ((StoreException) e).responseCode()).isEqualTo("ErrorCalendarIsNotOrganizer");
    }

    @Test
    void updatingAnOccurrenceMakesAnExceptionThatReachesTheRoom() {
        CalendarEntry third = store.calendar(ORG, Instant.parse("2025-03-12T00:00:00Z"), Instant.parse("2025-03-13T00:00:00Z")).get(0);
        CalendarEntry updated = store.updateItem(asOrganizer, third.id(), third.changeKey(), false, true,
                ItemChanges.none().withEnd(Instant.parse("2025-03-12T10:15:00Z")));
        assertThat(updated.type()).isEqualTo(CalendarItemKind.Exception);
        assertThat(updated.changeKey()).isNotEqualTo(third.changeKey());
        CalendarEntry roomThird = roomWeek().get(2);
        assertThat(roomThird.type()).isEqualTo(CalendarItemKind.Exception);
        assertThat(roomThird.end()).isEqualTo(Instant.parse("2025-03-12T10:15:00Z"));
        assertThat(store.item(series.id()).orElseThrow().modifiedOccurrences()).containsExactly(third.originalStart());
        // the old ChangeKey is stale now
        assertThatThrownBy(() -> store.updateItem(asOrganizer, third.id(), third.changeKey(), false, false,
                ItemChanges.none().withSubject("x"))).extracting(e -> ((StoreException) e).responseCode())
                .isEqualTo("ErrorIrresolvableConflict");
    }

    @Test
    void cancellingOneOccurrenceRemovesItFromTheRoomAndMarksTheUsersCopy() {
        CalendarEntry fourth = store.calendar(ORG, Instant.parse("2025-03-13T00:00:00Z"), Instant.parse("2025-03-14T00:00:00Z")).get(0);
        store.cancel(asOrganizer, fourth.id(), "Holiday", true);
        assertThat(roomWeek()).hasSize(4);
        assertThat(store.calendar(USER, fourth.start(), fourth.end())).singleElement()
                .satisfies(c -> assertThat(c.cancelled()).isTrue());
        assertThat(store.sentMessages(USER)).singleElement().satisfies(m -> {
            assertThat(m.kind()).isEqualTo(SentMessage.Kind.CANCELLATION);
            assertThat(m.subject()).isEqualTo("Canceled: Daily");
        });
    }

    @Test
    void aCancellationWithAStaleChangeKeyConflictsAndChangesNothing() {
        CalendarEntry fourth = store.calendar(ORG, Instant.parse("2025-03-13T00:00:00Z"), Instant.parse("2025-03-14T00:00:00Z")).get(0);
        assertThat(fourth.changeKey()).isEqualTo(series.changeKey()); // an occurrence carries its master's ChangeKey
        store.updateItem(asOrganizer, series.id(), series.changeKey(), false, true, ItemChanges.none().withSubject("Daily sync"));

        assertThatThrownBy(() -> store.cancel(asOrganizer, fourth.id(), fourth.changeKey(), "Holiday", true))
                .extracting(e -> ((StoreException) e).responseCode()).isEqualTo("ErrorIrresolvableConflict");
        assertThatThrownBy(() -> store.cancel(asOrganizer, fourth.id(), "garbage", "Holiday", true))
                .extracting(e -> ((StoreException) e).responseCode()).isEqualTo("ErrorInvalidChangeKey");
        assertThat(roomWeek()).hasSize(5);
        assertThat(store.sentMessages()).extracting(SentMessage::kind).containsExactly(SentMessage.Kind.UPDATE);

        String current = store.item(series.id()).orElseThrow().changeKey();
        store.cancel(asOrganizer, fourth.id(), current, "Holiday", true);
        assertThat(roomWeek()).hasSize(4);
    }

    @Test
    void occurrenceIdsResolveByIndexAndBackToTheirMaster() {
        String roomMaster = store.calendar(ROOM).get(0).id();
        String occ = store.occurrenceId(asRoom, roomMaster, 2);
        assertThat(store.getItem(asRoom, occ).start()).isEqualTo(Instant.parse("2025-03-11T10:00:00Z"));
        assertThat(store.getItem(asRoom, occ).instanceIndex()).isEqualTo(2);
        assertThat(store.masterId(asRoom, occ)).isEqualTo(roomMaster);
        assertThatThrownBy(() -> store.occurrenceId(asRoom, roomMaster, 6))
                .extracting(e -> ((StoreException) e).responseCode()).isEqualTo("ErrorCalendarOccurrenceIndexIsOutOfRecurrenceRange");
        assertThatThrownBy(() -> store.getItem(asRoom, "not-an-id"))
                .extracting(e -> ((StoreException) e).responseCode()).isEqualTo("ErrorInvalidIdMalformed");
    }

    @Test
    void anOccurrenceOfASeriesStartingAtAFractionOfASecondResolvesFromItsViewId() {
        // scenarios place meetings relative to "now", which has a fraction of a second
        Instant start = Instant.parse("2025-03-10T14:10:10.123456789Z");
        store.addMeeting(MeetingSpec.builder("Weekly", USER).rooms(ROOM).start(start).duration(Duration.ofHours(1))
                .recurrence(Recurrence.daily(1, LocalDate.of(2025, 3, 10)).withOccurrences(3)).build());
        CalendarEntry second = store.findCalendarView(asRoom, ROOM, Instant.parse("2025-03-11T14:00:00Z"),
                Instant.parse("2025-03-11T16:00:00Z")).stream().filter(c -> c.subject().equals("Weekly")).findFirst().orElseThrow();
        assertThat(store.getItem(asRoom, second.id()).start()).isEqualTo(start.plus(Duration.ofDays(1)));
        store.respond(asRoom, second.id(), ResponseType.Decline, "released", true);
        assertThat(store.sentMessages(USER)).singleElement()
                .satisfies(m -> assertThat(m.occurrenceStart()).isEqualTo(start.plus(Duration.ofDays(1))));
        assertThat(store.calendar(ROOM, start, start.plus(Duration.ofDays(3)))).filteredOn(c -> c.subject().equals("Weekly"))
                .extracting(CalendarEntry::start).containsExactly(start, start.plus(Duration.ofDays(2)));
    }

    @Test
    void nonOwnerAccessIsAuditedAndOwnerAccessIsNot() {
        store.findCalendarView(asRoom, ROOM, NOW, NOW.plus(Duration.ofDays(1)));
        store.findCalendarView(Access.owner(ORG), ORG, NOW, NOW.plus(Duration.ofDays(1)));
        assertThat(store.auditLog()).singleElement().satisfies(a -> {
            assertThat(a.actor()).isEqualTo(SVC);
            assertThat(a.mailbox()).isEqualTo(ROOM);
            assertThat(a.operation()).isEqualTo("FindItem");
            assertThat(a.logonType()).isEqualTo(AuditEntry.LogonType.Impersonation);
            assertThat(a.result()).isEqualTo(AuditEntry.Result.Succeeded);
            assertThat(a.time()).isEqualTo(NOW);
        });
        assertThatThrownBy(() -> store.findCalendarView(Access.owner(USER), ROOM, NOW, NOW.plus(Duration.ofDays(1))))
                .extracting(e -> ((StoreException) e).responseCode()).isEqualTo("ErrorAccessDenied");
        assertThat(store.auditLog()).last().satisfies(a -> assertThat(a.result()).isEqualTo(AuditEntry.Result.Failed));
    }

    @Test
    void bookingAssistantDeclinesAClashAndAcceptsAFreeSlot() {
        NewItem clash = new NewItem("Clash", null, null, Instant.parse("2025-03-11T10:15:00Z"), Instant.parse("2025-03-11T11:00:00Z"),
                false, null, List.of(), List.of(), List.of(new Attendee(ROOM, "Room", ResponseType.Unknown, null)), null, List.of());
        CalendarEntry created = store.createItem(Access.owner(USER), USER, clash, true);
        assertThat(created.responseOf(ROOM)).contains(ResponseType.Decline);
        NewItem free = new NewItem("Free", null, null, Instant.parse("2025-03-11T11:00:00Z"), Instant.parse("2025-03-11T12:00:00Z"),
                false, null, List.of(), List.of(), List.of(new Attendee(ROOM, "Room", ResponseType.Unknown, null)), null, List.of());
        assertThat(store.createItem(Access.owner(USER), USER, free, true).responseOf(ROOM)).contains(ResponseType.Accept);
        assertThat(store.sentMessages(USER)).extracting(SentMessage::subject).containsExactly("Declined: Clash", "Accepted: Free");
        assertThat(store.createItem(Access.owner(USER), USER, new NewItem("Series clash", null, null,
                Instant.parse("2025-03-09T10:00:00Z"), Instant.parse("2025-03-09T11:00:00Z"), false,
                Recurrence.weekly(1, Set.of(DayOfWeek.SUNDAY, DayOfWeek.FRIDAY), LocalDate.of(2025, 3, 9)), List.of(), List.of(),
                List.of(new Attendee(ROOM, "Room", ResponseType.Unknown, null)), null, List.of()), true).responseOf(ROOM))
                .contains(ResponseType.Decline); // Friday 2025-03-14 10:00 clashes with the daily series' 5th occurrence
    }

    @Test
    void freeBusyPermissionFollowsRightsAndTheScenarioDefault() {
        assertThat(store.freeBusyPermission(asOrganizer, ROOM)).isEqualTo(PermissionLevel.AVAILABILITY_ONLY);
        assertThat(store.freeBusyPermission(asRoom, ROOM)).isEqualTo(PermissionLevel.FULL_DETAILS);
    }
}
