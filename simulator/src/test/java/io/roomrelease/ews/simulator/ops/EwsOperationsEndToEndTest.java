package io.roomrelease.ews.simulator.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import io.roomrelease.ews.simulator.EwsSimulator;
import io.roomrelease.ews.simulator.MutableClock;
import io.roomrelease.ews.simulator.model.Account;
import io.roomrelease.ews.simulator.model.CalendarEntry;
import io.roomrelease.ews.simulator.model.PermissionLevel;
import io.roomrelease.ews.simulator.model.Recurrence;
import io.roomrelease.ews.simulator.model.ResponseType;
import io.roomrelease.ews.simulator.model.SentMessage;
import io.roomrelease.ews.simulator.scenario.MeetingSpec;
import io.roomrelease.ews.simulator.scenario.Scenario;
import io.roomrelease.ews.simulator.schema.SchemaValidator;

import microsoft.exchange.webservices.data.core.ExchangeService;
import microsoft.exchange.webservices.data.core.PropertySet;
import microsoft.exchange.webservices.data.core.enumeration.availability.AvailabilityData;
import microsoft.exchange.webservices.data.core.enumeration.misc.ConnectingIdType;
import microsoft.exchange.webservices.data.core.enumeration.misc.ExchangeVersion;
import microsoft.exchange.webservices.data.core.enumeration.property.BasePropertySet;
import microsoft.exchange.webservices.data.core.enumeration.property.MeetingResponseType;
import microsoft.exchange.webservices.data.core.enumeration.property.WellKnownFolderName;
import microsoft.exchange.webservices.data.core.enumeration.property.time.DayOfTheWeek;
import microsoft.exchange.webservices.data.core.enumeration.search.ItemTraversal;
import microsoft.exchange.webservices.data.core.enumeration.service.ConflictResolutionMode;
import microsoft.exchange.webservices.data.core.enumeration.service.DeleteMode;
import microsoft.exchange.webservices.data.core.enumeration.service.SendCancellationsMode;
import microsoft.exchange.webservices.data.core.enumeration.service.SendInvitationsMode;
import microsoft.exchange.webservices.data.core.enumeration.service.SendInvitationsOrCancellationsMode;
import microsoft.exchange.webservices.data.core.enumeration.availability.FreeBusyViewType;
import microsoft.exchange.webservices.data.core.enumeration.availability.SuggestionQuality;
import microsoft.exchange.webservices.data.core.enumeration.property.LegacyFreeBusyStatus;
import microsoft.exchange.webservices.data.core.exception.service.remote.ServiceResponseException;
import microsoft.exchange.webservices.data.core.service.item.Appointment;
import microsoft.exchange.webservices.data.core.service.schema.AppointmentSchema;
import microsoft.exchange.webservices.data.misc.ImpersonatedUserId;
import microsoft.exchange.webservices.data.misc.availability.AttendeeInfo;
import microsoft.exchange.webservices.data.misc.availability.AvailabilityOptions;
import microsoft.exchange.webservices.data.misc.availability.GetUserAvailabilityResults;
import microsoft.exchange.webservices.data.misc.availability.TimeWindow;
import microsoft.exchange.webservices.data.property.complex.EmailAddress;
import microsoft.exchange.webservices.data.property.complex.FolderId;
import microsoft.exchange.webservices.data.property.complex.ItemId;
import microsoft.exchange.webservices.data.property.complex.Mailbox;
import microsoft.exchange.webservices.data.property.complex.availability.CalendarEvent;
import microsoft.exchange.webservices.data.property.complex.availability.Conflict;
import microsoft.exchange.webservices.data.property.complex.availability.Suggestion;
import microsoft.exchange.webservices.data.property.complex.availability.TimeSuggestion;
import microsoft.exchange.webservices.data.property.complex.recurrence.pattern.Recurrence.WeeklyPattern;
import microsoft.exchange.webservices.data.search.CalendarView;
import microsoft.exchange.webservices.data.search.FindItemsResults;
import microsoft.exchange.webservices.data.search.ItemView;

/**
 * Every calendar operation driven through ews-java-api 2.0 against the running simulator, with every
 * request and response validated against Microsoft's schema.
 */
class EwsOperationsEndToEndTest {
    static final String SVC = "svc@contoso.com";
    static final String PW = "Svc-Passw0rd!";
    static final String ALICE = "alice@contoso.com";
    static final String BOB = "bob@contoso.com";
    static final String ROOM_A = "room-a@contoso.com";
    static final String ROOM_B = "room-b@contoso.com";
    static final String ROOM_C = "room-c@contoso.com";
    /** Monday 2025-03-10 09:00 UTC. */
    static final Instant NOW = Instant.parse("2025-03-10T09:00:00Z");

    MutableClock clock;
    EwsSimulator sim;
    final List<ExchangeService> services = new ArrayList<>();

    @BeforeEach
    void start() {
        clock = new MutableClock(NOW);
        Scenario scenario = Scenario.builder()
                .room(ROOM_A, "Room A").room(ROOM_B, "Room B").room(ROOM_C, "Room C")
                .roomList("building1@contoso.com", "Building 1", ROOM_A, ROOM_B)
                .user(ALICE, "Alice").user(BOB, "Bob")
                .permission(ROOM_B, PermissionLevel.LIMITED_DETAILS)
                .account(new Account(SVC, PW, null, null, true, Set.of(), Set.of()))
                .account(new Account(ALICE, PW, null, null, false, Set.of(), Set.of(ROOM_C)))
                .meeting(MeetingSpec.builder("Standup", ALICE).rooms(ROOM_A).attendees(BOB)
                        .start(NOW.minus(Duration.ofMinutes(20))).duration(Duration.ofMinutes(30)).build())
                .meeting(MeetingSpec.builder("Weekly", BOB).rooms(ROOM_A)
                        .start(Instant.parse("2025-02-24T13:00:00Z")).duration(Duration.ofHours(1))
                        .recurrence(Recurrence.weekly(1, Set.of(DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY), LocalDate.of(2025, 2, 24))
                                .withOccurrences(10))
                        .build())
                .meeting(MeetingSpec.builder("Secret project", ALICE).rooms(ROOM_B)
                        .start(NOW.plus(Duration.ofHours(1))).duration(Duration.ofHours(1)).build())
                .build();
        sim = EwsSimulator.builder().scenario(scenario).clock(clock).schemaValidation(SchemaValidator.fromSystemProperties()).start();
    }

    @AfterEach
    void stop() {
        services.forEach(ExchangeService::close);
        try {
            sim.assertNoSchemaViolations();
        } finally {
            sim.close();
        }
    }

    ExchangeService as(String account, String impersonate) {
        ExchangeService ews = new ExchangeService(ExchangeVersion.Exchange2010_SP2);
        ews.setUrl(sim.httpUrl());
        ews.getHttpHeaders().put("Authorization", "Basic "
                + Base64.getEncoder().encodeToString((account + ":" + PW).getBytes(StandardCharsets.UTF_8)));
        if (impersonate != null) {
            ews.setImpersonatedUserId(new ImpersonatedUserId(ConnectingIdType.SmtpAddress, impersonate));
        }
        services.add(ews);
        return ews;
    }

    static FolderId calendar(String mailbox) {
        return new FolderId(WellKnownFolderName.Calendar, new Mailbox(mailbox));
    }

    static String subject(Appointment a) {
        try {
            return a.getSubject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The EWS error code of a client exception (direct or in its cause chain). */
    static String errorCode(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ServiceResponseException sre) {
                return sre.getErrorCode().name();
            }
        }
        return "no ServiceResponseException in " + t;
    }

    static org.assertj.core.api.AbstractStringAssert<?> assertError(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(t).isNotNull();
        return assertThat(errorCode(t));
    }

    static Date date(String instant) {
        return Date.from(Instant.parse(instant));
    }

    @Test
    void calendarViewExpandsTheWeeklySeriesAndPagesWithIncludesLastItemInRange() throws Exception {
        ExchangeService ews = as(SVC, ROOM_A);
        // Week of 2025-03-10: the standup (Mon 08:40) and the series on Mon 13:00 and Wed 13:00.
        FindItemsResults<Appointment> week = ews.findAppointments(calendar(ROOM_A),
                new CalendarView(date("2025-03-10T00:00:00Z"), date("2025-03-17T00:00:00Z")));
        assertThat(week.getItems()).extracting(EwsOperationsEndToEndTest::subject).containsExactly("Standup", "Weekly", "Weekly");
        assertThat(week.isMoreAvailable()).isFalse();
        Appointment occurrence = week.getItems().get(1);
        assertThat(occurrence.getStart()).isEqualTo(date("2025-03-10T13:00:00Z"));
        assertThat(occurrence.getAppointmentType().name()).isEqualTo("Occurrence");
        assertThat(occurrence.getIsRecurring()).isTrue();
        assertThat(occurrence.getMyResponseType()).isEqualTo(MeetingResponseType.Accept);
        assertThat(occurrence.getOrganizer().getAddress()).isEqualTo(BOB);

        FindItemsResults<Appointment> page = ews.findAppointments(calendar(ROOM_A),
                new CalendarView(date("2025-03-10T00:00:00Z"), date("2025-03-17T00:00:00Z"), 2));
        assertThat(page.getItems()).hasSize(2);
        assertThat(page.isMoreAvailable()).isTrue();

        // the whole series: 10 occurrences, Mon/Wed from 2025-02-24
        FindItemsResults<Appointment> all = ews.findAppointments(calendar(ROOM_A),
                new CalendarView(date("2025-02-01T00:00:00Z"), date("2025-06-01T00:00:00Z")));
        assertThat(all.getItems().stream().filter(a -> subject(a).equals("Weekly"))).hasSize(10);
    }

    @Test
    void calendarViewIncludesItemsThatEndExactlyAtItsStart() throws Exception {
        // Exchange: "All calendar items that have an end time that is before StartDate will not be returned",
        // so the Standup (08:40-09:10) and the Monday occurrence (13:00-14:00) are in views starting at their end.
        ExchangeService ews = as(SVC, ROOM_A);
        assertThat(ews.findAppointments(calendar(ROOM_A),
                new CalendarView(date("2025-03-10T09:10:00Z"), date("2025-03-10T10:00:00Z"))).getItems())
                .extracting(EwsOperationsEndToEndTest::subject).containsExactly("Standup");
        assertThat(ews.findAppointments(calendar(ROOM_A),
                new CalendarView(date("2025-03-10T14:00:00Z"), date("2025-03-10T15:00:00Z"))).getItems())
                .extracting(EwsOperationsEndToEndTest::subject).containsExactly("Weekly");
        // ... but not in a view that ends at their start
        assertThat(ews.findAppointments(calendar(ROOM_A),
                new CalendarView(date("2025-03-10T12:00:00Z"), date("2025-03-10T13:00:00Z"))).getItems()).isEmpty();
    }

    @Test
    void calendarViewOverTwoYearsIsRefused() {
        ExchangeService ews = as(SVC, ROOM_A);
        assertError(() -> ews.findAppointments(calendar(ROOM_A),
                new CalendarView(date("2025-01-01T00:00:00Z"), date("2027-01-02T00:00:00Z")))).isEqualTo("ErrorCalendarViewRangeTooBig");
    }

    @Test
    void findItemPagesWithIndexedPageItemView() throws Exception {
        ExchangeService ews = as(SVC, ROOM_A);
        ItemView view = new ItemView(1, 0);
        view.setTraversal(ItemTraversal.Shallow);
        var first = ews.findItems(calendar(ROOM_A), view);
        assertThat(first.getTotalCount()).isEqualTo(2);
        assertThat(first.isMoreAvailable()).isTrue();
        assertThat(first.getNextPageOffset()).isEqualTo(1);
        var second = ews.findItems(calendar(ROOM_A), new ItemView(1, first.getNextPageOffset()));
        assertThat(second.isMoreAvailable()).isFalse();
    }

    @Test
    void getItemReturnsAttendeesAndResolvesOccurrenceIdsAndReportsUnknownIds() throws Exception {
        ExchangeService ews = as(SVC, ROOM_A);
        Appointment occ = ews.findAppointments(calendar(ROOM_A),
                new CalendarView(date("2025-03-12T00:00:00Z"), date("2025-03-13T00:00:00Z"))).getItems().get(0);
        Appointment full = Appointment.bind(ews, occ.getId());
        assertThat(full.getResources().getItems()).extracting(EmailAddress::getAddress).containsExactly(ROOM_A);
        assertThat(full.getStart()).isEqualTo(date("2025-03-12T13:00:00Z"));
        Appointment master = Appointment.bindToRecurringMaster(ews, occ.getId());
        assertThat(master.getAppointmentType().name()).isEqualTo("RecurringMaster");
        assertThat(master.getRecurrence()).isInstanceOf(WeeklyPattern.class);
        assertThat(((WeeklyPattern) master.getRecurrence()).getDaysOfTheWeek().getCount()).isEqualTo(2);
        assertThat(master.getRecurrence().getNumberOfOccurrences()).isEqualTo(10);
        Appointment third = Appointment.bindToOccurrence(ews, master.getId(), 3);
        assertThat(third.getStart()).isEqualTo(date("2025-03-03T13:00:00Z"));

        String unknown = sim.store().calendar(ROOM_A).get(0).id().replace("A", "B");
        var responses = ews.bindToItems(List.of(occ.getId(), new ItemId(unknown)), PropertySet.FirstClassProperties);
        assertThat(responses.getCount()).isEqualTo(2);
        assertThat(responses.getResponseAtIndex(0).getErrorCode().name()).isEqualTo("NoError");
        assertThat(responses.getResponseAtIndex(1).getErrorCode().name()).isIn("ErrorItemNotFound", "ErrorInvalidIdMalformed");
    }

    @Test
    void roomDeclinesOneOccurrenceAndTheOrganizerIsTold() throws Exception {
        ExchangeService ews = as(SVC, ROOM_A);
        Appointment occ = ews.findAppointments(calendar(ROOM_A),
                new CalendarView(date("2025-03-10T12:00:00Z"), date("2025-03-10T15:00:00Z"))).getItems().get(0);
        occ.decline(true);
        // gone from the room's calendar, other occurrences stay
        assertThat(sim.store().calendar(ROOM_A, Instant.parse("2025-03-10T12:00:00Z"), Instant.parse("2025-03-13T00:00:00Z")))
                .extracting(CalendarEntry::start).containsExactly(Instant.parse("2025-03-12T13:00:00Z"));
        List<SentMessage> toBob = sim.store().sentMessages(BOB);
        assertThat(toBob).singleElement().satisfies(m -> {
            assertThat(m.kind()).isEqualTo(SentMessage.Kind.DECLINE);
            assertThat(m.from()).isEqualTo(ROOM_A);
            assertThat(m.subject()).isEqualTo("Declined: Weekly");
            assertThat(m.occurrenceStart()).isEqualTo(Instant.parse("2025-03-10T13:00:00Z"));
        });
        // the organizer's occurrence records the room's decline
        CalendarEntry bobs = sim.store().calendar(BOB, Instant.parse("2025-03-10T12:00:00Z"), Instant.parse("2025-03-10T15:00:00Z")).get(0);
        assertThat(bobs.responseOf(ROOM_A)).contains(ResponseType.Decline);
        assertThat(sim.store().auditLog()).anySatisfy(a -> {
            assertThat(a.operation()).isEqualTo("Decline");
            assertThat(a.actor()).isEqualTo(SVC);
            assertThat(a.mailbox()).isEqualTo(ROOM_A);
        });
    }

    /** The room's copy of the Standup (Alice organizes it, Bob and Room A attend), as FindItem returns it to the room. */
    Appointment roomsStandup(ExchangeService asRoom) throws Exception {
        return asRoom.findAppointments(calendar(ROOM_A),
                new CalendarView(date("2025-03-10T08:00:00Z"), date("2025-03-10T09:00:00Z"))).getItems().get(0);
    }

    List<SentMessage> declinesTo(String organizer) {
        return sim.store().sentMessages(organizer).stream().filter(m -> m.kind() == SentMessage.Kind.DECLINE).toList();
    }

    /**
     * Declines the item {@code id} as Room A through raw SOAP, so that the ReferenceItemId carries exactly this
     * ChangeKey (none when null), and returns the ResponseCode of the CreateItem response message.
     */
    String declineAsRoomA(String id, String changeKey) throws Exception {
        String reference = "<t:ReferenceItemId Id=\"" + id + "\"" + (changeKey == null ? "" : " ChangeKey=\"" + changeKey + "\"") + "/>";
        String xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                + "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\""
                + " xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\""
                + " xmlns:m=\"http://schemas.microsoft.com/exchange/services/2006/messages\">"
                + "<soap:Header><t:RequestServerVersion Version=\"Exchange2016\"/>"
                + "<t:ExchangeImpersonation><t:ConnectingSID><t:SmtpAddress>" + ROOM_A + "</t:SmtpAddress></t:ConnectingSID>"
                + "</t:ExchangeImpersonation></soap:Header>"
                + "<soap:Body><m:CreateItem MessageDisposition=\"SendAndSaveCopy\"><m:Items><t:DeclineItem>" + reference
                + "</t:DeclineItem></m:Items></m:CreateItem></soap:Body></soap:Envelope>";
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(sim.httpUrl())
                .header("Content-Type", "text/xml; charset=utf-8")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((SVC + ":" + PW).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(xml, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document d = factory.newDocumentBuilder().parse(new ByteArrayInputStream(response.body()));
        return d.getElementsByTagNameNS("http://schemas.microsoft.com/exchange/services/2006/messages", "ResponseCode")
                .item(0).getTextContent();
    }

    @Test
    void aResponseWithTheCurrentChangeKeyIsAccepted() throws Exception {
        Appointment standup = roomsStandup(as(SVC, ROOM_A));
        assertThat(standup.getId().getChangeKey()).isNotEmpty();
        standup.decline(true); // ews-java-api sends the ChangeKey FindItem returned
        assertThat(sim.store().calendar(ROOM_A)).extracting(CalendarEntry::subject).containsExactly("Weekly");
        assertThat(declinesTo(ALICE)).singleElement().satisfies(m -> {
            assertThat(m.from()).isEqualTo(ROOM_A);
            assertThat(m.subject()).isEqualTo("Declined: Standup");
        });
    }

    @Test
    void aResponseWithAStaleChangeKeyConflictsAndChangesNothing() throws Exception {
        Appointment stale = roomsStandup(as(SVC, ROOM_A));
        Appointment organizers = as(SVC, ALICE).findAppointments(calendar(ALICE),
                new CalendarView(date("2025-03-10T08:00:00Z"), date("2025-03-10T09:00:00Z"))).getItems().get(0);
        organizers.setSubject("Standup (moved to the lab)");
        organizers.update(ConflictResolutionMode.AutoResolve, SendInvitationsOrCancellationsMode.SendToAllAndSaveCopy);

        assertError(() -> stale.decline(true)).isEqualTo("ErrorIrresolvableConflict");
        assertThat(sim.store().calendar(ROOM_A)).extracting(CalendarEntry::subject)
                .containsExactlyInAnyOrder("Standup (moved to the lab)", "Weekly");
        assertThat(declinesTo(ALICE)).isEmpty();
        assertThat(sim.store().item(organizers.getId().getUniqueId()).orElseThrow().responseOf(ROOM_A))
                .contains(ResponseType.Accept);

        roomsStandup(as(SVC, ROOM_A)).decline(true); // with the ChangeKey of the updated copy
        assertThat(declinesTo(ALICE)).hasSize(1);
    }

    @Test
    void aResponseWithAChangeKeyThatIsNotTheItemsIsInvalid() throws Exception {
        String standup = roomsStandup(as(SVC, ROOM_A)).getId().getUniqueId();
        String weeklysKey = sim.store().calendar(ROOM_A).stream().filter(c -> c.subject().equals("Weekly"))
                .findFirst().orElseThrow().changeKey();
        assertThat(declineAsRoomA(standup, "not-a-change-key")).isEqualTo("ErrorInvalidChangeKey");
        assertThat(declineAsRoomA(standup, weeklysKey)).as("another item's ChangeKey").isEqualTo("ErrorInvalidChangeKey");
        assertThat(sim.store().calendar(ROOM_A)).extracting(CalendarEntry::subject).containsExactlyInAnyOrder("Standup", "Weekly");
        assertThat(sim.store().sentMessages()).isEmpty();
    }

    @Test
    void aResponseWithoutChangeKeyIsNotChecked() throws Exception {
        Appointment standup = roomsStandup(as(SVC, ROOM_A));
        Appointment organizers = as(SVC, ALICE).findAppointments(calendar(ALICE),
                new CalendarView(date("2025-03-10T08:00:00Z"), date("2025-03-10T09:00:00Z"))).getItems().get(0);
        organizers.setSubject("Standup (moved to the lab)");
        organizers.update(ConflictResolutionMode.AutoResolve, SendInvitationsOrCancellationsMode.SendToAllAndSaveCopy);

        assertThat(declineAsRoomA(standup.getId().getUniqueId(), null)).isEqualTo("NoError");
        assertThat(sim.store().calendar(ROOM_A)).extracting(CalendarEntry::subject).containsExactly("Weekly");
        assertThat(declinesTo(ALICE)).singleElement().satisfies(m -> assertThat(m.from()).isEqualTo(ROOM_A));
    }

    @Test
    void anOccurrenceIsAnsweredWithTheChangeKeyFindItemReturnedForIt() throws Exception {
        ExchangeService ews = as(SVC, ROOM_A);
        List<Appointment> week = ews.findAppointments(calendar(ROOM_A),
                new CalendarView(date("2025-03-10T12:00:00Z"), date("2025-03-13T00:00:00Z"))).getItems();
        assertThat(week).extracting(a -> a.getAppointmentType().name()).containsExactly("Occurrence", "Occurrence");
        Appointment monday = week.get(0);
        Appointment wednesday = week.get(1);
        assertThat(monday.getId().getChangeKey()).isNotEmpty();

        monday.decline(true);
        assertThat(declinesTo(BOB)).singleElement()
                .satisfies(m -> assertThat(m.occurrenceStart()).isEqualTo(Instant.parse("2025-03-10T13:00:00Z")));
        // declining Monday changed the series in the room's mailbox, so the key FindItem gave for Wednesday is stale
        assertError(() -> wednesday.decline(true)).isEqualTo("ErrorIrresolvableConflict");
        assertThat(sim.store().calendar(ROOM_A, Instant.parse("2025-03-12T00:00:00Z"), Instant.parse("2025-03-13T00:00:00Z")))
                .hasSize(1);
        assertThat(declinesTo(BOB)).hasSize(1);
    }

    @Test
    void anAllDayEventIsMovedToMidnightsInTheRequestsTimeZone() throws Exception {
        ExchangeService ews = as(SVC, ALICE);
        Appointment holiday = new Appointment(ews);
        holiday.setSubject("Offsite");
        holiday.setIsAllDayEvent(true);
        holiday.setStart(date("2025-03-12T10:00:00Z"));
        holiday.setEnd(date("2025-03-12T11:00:00Z"));
        holiday.save(SendInvitationsMode.SendToNone);
        java.time.ZoneId zone = java.time.ZoneId.systemDefault(); // ews-java-api sends the JVM's zone as TimeZoneContext
        CalendarEntry saved = sim.store().item(holiday.getId().getUniqueId()).orElseThrow();
        assertThat(saved.start()).isEqualTo(LocalDate.of(2025, 3, 12).atStartOfDay(zone).toInstant());
        assertThat(saved.end()).isEqualTo(LocalDate.of(2025, 3, 13).atStartOfDay(zone).toInstant());
    }

    @Test
    void aSaveOnlyDeclineTellsTheOrganizerNothing() throws Exception {
        ExchangeService ews = as(SVC, ROOM_A);
        Appointment standup = ews.findAppointments(calendar(ROOM_A),
                new CalendarView(date("2025-03-10T08:00:00Z"), date("2025-03-10T09:00:00Z"))).getItems().get(0);
        standup.decline(false); // MessageDisposition=SaveOnly: the response stays a draft in the room's mailbox
        assertThat(sim.store().sentMessages()).isEmpty();
        CalendarEntry organizers = sim.store().calendar(ALICE).stream()
                .filter(c -> c.subject().equals("Standup")).findFirst().orElseThrow();
        assertThat(organizers.responseOf(ROOM_A)).as("the organizer never received a response").contains(ResponseType.Accept);
    }

    @Test
    void aSaveOnlyCancellationLeavesTheRoomBooked() throws Exception {
        ExchangeService ews = as(SVC, ALICE);
        Appointment secret = ews.findAppointments(calendar(ALICE),
                new CalendarView(date("2025-03-10T10:00:00Z"), date("2025-03-10T11:00:00Z"))).getItems().get(0);
        secret.createCancelMeetingMessage().calendarSave(); // MessageDisposition=SaveOnly: nobody is told
        assertThat(sim.store().sentMessages()).isEmpty();
        assertThat(sim.store().calendar(ROOM_B)).singleElement()
                .satisfies(c -> assertThat(c.subject()).isEqualTo("Secret project"));
    }

    @Test
    void createMeetingLetsTheRoomAcceptOrDeclineAndTheOrganizerCancels() throws Exception {
        ExchangeService ews = as(SVC, ALICE);
        Appointment meeting = new Appointment(ews);
        meeting.setSubject("Planning");
        meeting.setStart(date("2025-03-11T10:00:00Z"));
        meeting.setEnd(date("2025-03-11T11:00:00Z"));
        meeting.getRequiredAttendees().add(BOB);
        meeting.getResources().add(ROOM_C);
        meeting.save(SendInvitationsMode.SendToAllAndSaveCopy);
        assertThat(sim.store().calendar(ROOM_C)).singleElement().satisfies(c -> {
            assertThat(c.subject()).isEqualTo("Planning");
            assertThat(c.myResponse()).isEqualTo(ResponseType.Accept);
        });
        assertThat(sim.store().sentMessages(ALICE)).extracting(SentMessage::subject).containsExactly("Accepted: Planning");

        // a clashing booking is declined by the booking assistant
        Appointment clash = new Appointment(ews);
        clash.setSubject("Clash");
        clash.setStart(date("2025-03-11T10:30:00Z"));
        clash.setEnd(date("2025-03-11T11:30:00Z"));
        clash.getResources().add(ROOM_C);
        clash.save(SendInvitationsMode.SendToAllAndSaveCopy);
        assertThat(sim.store().calendar(ROOM_C)).hasSize(1);
        assertThat(sim.store().sentMessages(ALICE)).extracting(SentMessage::subject).contains("Declined: Clash");

        Appointment mine = Appointment.bind(ews, meeting.getId());
        mine.cancelMeeting("Sorry, moved online");
        assertThat(sim.store().calendar(ROOM_C)).isEmpty();
        assertThat(sim.store().calendar(BOB)).filteredOn(c -> c.subject().endsWith("Planning")).singleElement()
                .satisfies(c -> {
                    assertThat(c.cancelled()).isTrue();
                    assertThat(c.subject()).isEqualTo("Canceled: Planning");
                });
        assertThat(sim.store().sentMessages(ROOM_C)).anySatisfy(m -> {
            assertThat(m.kind()).isEqualTo(SentMessage.Kind.CANCELLATION);
            assertThat(m.body()).isEqualTo("Sorry, moved online");
        });
    }

    @Test
    void anAttendeeAcceptsTentativelyAndTheOrganizerSeesIt() throws Exception {
        ExchangeService bob = as(SVC, BOB);
        Appointment standup = bob.findAppointments(calendar(BOB),
                new CalendarView(date("2025-03-10T08:00:00Z"), date("2025-03-10T09:00:00Z"))).getItems().get(0);
        assertThat(standup.getMyResponseType()).isEqualTo(MeetingResponseType.Accept);
        standup.acceptTentatively(true);
        assertThat(sim.store().sentMessages(ALICE)).singleElement().satisfies(m -> {
            assertThat(m.kind()).isEqualTo(SentMessage.Kind.TENTATIVE);
            assertThat(m.subject()).isEqualTo("Tentative: Standup");
        });
        Appointment organizers = as(SVC, ALICE).findAppointments(calendar(ALICE),
                new CalendarView(date("2025-03-10T08:00:00Z"), date("2025-03-10T09:00:00Z"))).getItems().get(0);
        Appointment full = Appointment.bind(services.get(1), organizers.getId());
        assertThat(full.getRequiredAttendees().getItems()).singleElement()
                .satisfies(a -> assertThat(a.getResponseType()).isEqualTo(MeetingResponseType.Tentative));
        // the organizer cannot answer their own meeting
        assertError(() -> full.accept(true)).isEqualTo("ErrorCalendarIsOrganizerForAccept");
    }

    @Test
    void deletingOneOccurrenceAsTheRoomLeavesTheRestOfTheSeries() throws Exception {
        ExchangeService ews = as(SVC, ROOM_A);
        Appointment occ = ews.findAppointments(calendar(ROOM_A),
                new CalendarView(date("2025-03-12T00:00:00Z"), date("2025-03-13T00:00:00Z"))).getItems().get(0);
        occ.delete(DeleteMode.HardDelete, SendCancellationsMode.SendToNone);
        assertThat(sim.store().calendar(ROOM_A, Instant.parse("2025-03-10T12:00:00Z"), Instant.parse("2025-03-20T00:00:00Z")))
                .extracting(CalendarEntry::start).containsExactly(Instant.parse("2025-03-10T13:00:00Z"),
                        Instant.parse("2025-03-17T13:00:00Z"), Instant.parse("2025-03-19T13:00:00Z"));
        assertThat(sim.store().item(sim.store().calendar(ROOM_A).get(0).id()).orElseThrow().deletedOccurrences())
                .containsExactly(Instant.parse("2025-03-12T13:00:00Z"));
        assertThat(sim.store().sentMessages()).isEmpty();
    }

    @Test
    void onlyTheOrganizerMayCancel() throws Exception {
        ExchangeService ews = as(SVC, ROOM_A);
        Appointment standup = ews.findAppointments(calendar(ROOM_A),
                new CalendarView(date("2025-03-10T08:00:00Z"), date("2025-03-10T09:00:00Z"))).getItems().get(0);
        assertError(() -> standup.cancelMeeting()).isEqualTo("ErrorCalendarIsNotOrganizer");
    }

    @Test
    void staleChangeKeyConflictsAndOrganizerUpdatesReachTheRoom() throws Exception {
        ExchangeService ews = as(SVC, ALICE);
        Appointment first = ews.findAppointments(calendar(ALICE),
                new CalendarView(date("2025-03-10T08:00:00Z"), date("2025-03-10T09:00:00Z"))).getItems().get(0);
        Appointment second = Appointment.bind(ews, first.getId());
        first.setEnd(date("2025-03-10T09:15:00Z"));
        first.update(ConflictResolutionMode.AutoResolve, SendInvitationsOrCancellationsMode.SendToAllAndSaveCopy);
        assertThat(sim.store().calendar(ROOM_A)).filteredOn(c -> c.subject().equals("Standup")).singleElement()
                .satisfies(c -> assertThat(c.end()).isEqualTo(Instant.parse("2025-03-10T09:15:00Z")));
        assertThat(sim.store().sentMessages(ROOM_A)).anySatisfy(m -> assertThat(m.kind()).isEqualTo(SentMessage.Kind.UPDATE));

        second.setSubject("Stale");
        assertError(() -> second.update(ConflictResolutionMode.AutoResolve, SendInvitationsOrCancellationsMode.SendToNone))
                .isEqualTo("ErrorIrresolvableConflict");
        second.update(ConflictResolutionMode.AlwaysOverwrite, SendInvitationsOrCancellationsMode.SendToNone);
        assertThat(sim.store().item(first.getId().getUniqueId()).orElseThrow().subject()).isEqualTo("Stale");

        Appointment backwards = Appointment.bind(ews, first.getId());
        backwards.setEnd(date("2025-03-10T08:00:00Z"));
        assertError(() -> backwards.update(ConflictResolutionMode.AlwaysOverwrite, SendInvitationsOrCancellationsMode.SendToNone)).isEqualTo("ErrorCalendarEndDateIsEarlierThanStartDate");
    }

    @Test
    void deleteWithCancellationsRemovesTheRoomCopy() throws Exception {
        ExchangeService ews = as(SVC, ALICE);
        Appointment secret = ews.findAppointments(calendar(ALICE),
                new CalendarView(date("2025-03-10T10:00:00Z"), date("2025-03-10T11:00:00Z"))).getItems().get(0);
        secret.delete(DeleteMode.MoveToDeletedItems, SendCancellationsMode.SendToAllAndSaveCopy);
        assertThat(sim.store().calendar(ROOM_B)).isEmpty();
        assertThat(sim.store().sentMessages(ROOM_B)).singleElement()
                .satisfies(m -> assertThat(m.kind()).isEqualTo(SentMessage.Kind.CANCELLATION));
    }

    @Test
    void delegateAccessNeedsAGrant() throws Exception {
        ExchangeService alice = as(ALICE, null);
        assertThat(alice.findAppointments(calendar(ROOM_C),
                new CalendarView(date("2025-03-10T00:00:00Z"), date("2025-03-11T00:00:00Z"))).getItems()).isEmpty();
        assertError(() -> alice.findAppointments(calendar(ROOM_A),
                new CalendarView(date("2025-03-10T00:00:00Z"), date("2025-03-11T00:00:00Z")))).isEqualTo("ErrorAccessDenied");
        assertThat(sim.store().auditLog()).anySatisfy(a -> {
            assertThat(a.mailbox()).isEqualTo(ROOM_A);
            assertThat(a.result().name()).isEqualTo("Failed");
            assertThat(a.logonType().name()).isEqualTo("Delegate");
        });
    }

    @Test
    void availabilityShowsDetailsOnlyWhereRightsAllowAndEnforcesLimits() throws Exception {
        ExchangeService ews = as(SVC, ALICE);
        List<AttendeeInfo> attendees = List.of(new AttendeeInfo(ROOM_A), new AttendeeInfo(ROOM_B),
                new AttendeeInfo("nobody@contoso.com"));
        AvailabilityOptions options = new AvailabilityOptions();
        options.setRequestedFreeBusyView(FreeBusyViewType.Detailed);
        GetUserAvailabilityResults results = ews.getUserAvailability(attendees,
                new TimeWindow(date("2025-03-10T00:00:00Z"), date("2025-03-11T00:00:00Z")), AvailabilityData.FreeBusy, options);
        var roomA = results.getAttendeesAvailability().getResponseAtIndex(0);
        var roomB = results.getAttendeesAvailability().getResponseAtIndex(1);
        var nobody = results.getAttendeesAvailability().getResponseAtIndex(2);
        // Room A: Default permission AvailabilityOnly -> times only; Room B: LimitedDetails -> subject
        assertThat(roomA.getCalendarEvents()).extracting(e -> e.getStartTime())
                .containsExactly(date("2025-03-10T08:40:00Z"), date("2025-03-10T13:00:00Z"));
        assertThat(roomA.getCalendarEvents()).allSatisfy(e -> assertThat(e.getDetails()).isNull());
        assertThat(roomB.getCalendarEvents()).singleElement().satisfies(e -> {
            assertThat(e.getDetails().getSubject()).isEqualTo("Secret project");
            assertThat(e.getDetails().getStoreId()).isNull();
        });
        assertThat(nobody.getErrorCode().name()).isEqualTo("ErrorMailRecipientNotFound");

        assertError(() -> ews.getUserAvailability(attendees,
                new TimeWindow(date("2025-03-10T00:00:00Z"), date("2025-04-22T00:00:00Z")), AvailabilityData.FreeBusy, options)).isEqualTo("ErrorTimeIntervalTooBig");
        List<AttendeeInfo> many = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            many.add(new AttendeeInfo(ROOM_A));
        }
        assertError(() -> ews.getUserAvailability(many,
                new TimeWindow(date("2025-03-10T00:00:00Z"), date("2025-03-11T00:00:00Z")), AvailabilityData.FreeBusy, options)).isEqualTo("ErrorMailboxDataArrayTooBig");
    }

    @Test
    void suggestedMeetingTimesThroughEwsJavaApi() throws Exception {
        // Alice: Standup 08:40-09:10, Secret project 10:00-11:00; Bob: Weekly 13:00-14:00 (all UTC, Monday)
        ExchangeService ews = as(SVC, ALICE);
        List<AttendeeInfo> attendees = List.of(new AttendeeInfo(ALICE), new AttendeeInfo(BOB));
        TimeWindow day = new TimeWindow(date("2025-03-10T00:00:00Z"), date("2025-03-11T00:00:00Z"));
        AvailabilityOptions options = new AvailabilityOptions();
        options.setGoodSuggestionThreshold(25);
        options.setMaximumSuggestionsPerDay(48);
        options.setMaximumNonWorkHoursSuggestionsPerDay(0);
        options.setMeetingDuration(60);
        options.setMinimumSuggestionQuality(SuggestionQuality.Poor);
        options.setDetailedSuggestionsWindow(day);
        GetUserAvailabilityResults results = ews.getUserAvailability(attendees, day, AvailabilityData.FreeBusyAndSuggestions,
                options);
        assertThat(results.getAttendeesAvailability().getCount()).isEqualTo(2);
        Suggestion monday = results.getSuggestions().iterator().next();
        assertThat(results.getSuggestions()).hasSize(1);
        assertThat(monday.getDate()).isEqualTo(date("2025-03-10T00:00:00Z"));
        assertThat(monday.getTimeSuggestions()).hasSize(17).allSatisfy(t -> assertThat(t.isWorkTime()).isTrue());
        TimeSuggestion atTen = monday.getTimeSuggestions().stream()
                .filter(t -> t.getMeetingTime().equals(date("2025-03-10T10:00:00Z"))).findFirst().orElseThrow();
        assertThat(atTen.getQuality()).isEqualTo(SuggestionQuality.Fair);
        assertThat(atTen.getConflicts()).extracting(Conflict::getFreeBusyStatus)
                .containsExactly(LegacyFreeBusyStatus.Busy, LegacyFreeBusyStatus.Free);
        assertThat(monday.getTimeSuggestions()).filteredOn(t -> t.getQuality() == SuggestionQuality.Excellent)
                .extracting(TimeSuggestion::getMeetingTime)
                .contains(date("2025-03-10T11:00:00Z"), date("2025-03-10T12:00:00Z"), date("2025-03-10T14:00:00Z"))
                .doesNotContain(date("2025-03-10T10:00:00Z"), date("2025-03-10T12:30:00Z"));

        // the how-to's options: two a day, Good or better -> the first two free hours after the busy morning
        options.setMaximumSuggestionsPerDay(2);
        options.setMinimumSuggestionQuality(SuggestionQuality.Good);
        Suggestion best = ews.getUserAvailability(attendees, day, AvailabilityData.Suggestions, options)
                .getSuggestions().iterator().next();
        assertThat(best.getTimeSuggestions()).extracting(TimeSuggestion::getMeetingTime)
                .containsExactly(date("2025-03-10T11:00:00Z"), date("2025-03-10T11:30:00Z"));
        assertThat(best.getQuality()).isEqualTo(SuggestionQuality.Excellent);
    }

    @Test
    void roomListsAndRooms() throws Exception {
        ExchangeService ews = as(SVC, null);
        assertThat(ews.getRoomLists().getItems()).extracting(EmailAddress::getAddress).containsExactly("building1@contoso.com");
        assertThat(ews.getRooms(new EmailAddress("building1@contoso.com"))).extracting(EmailAddress::getAddress)
                .containsExactly(ROOM_A, ROOM_B);
        assertError(() -> ews.getRooms(new EmailAddress("nowhere@contoso.com"))).isEqualTo("ErrorNameResolutionNoResults");
    }

    @Test
    void createRecurringSeriesThroughTheClient() throws Exception {
        ExchangeService ews = as(SVC, BOB);
        Appointment series = new Appointment(ews);
        series.setSubject("Daily check");
        series.setStart(date("2025-03-17T08:00:00Z"));
        series.setEnd(date("2025-03-17T08:15:00Z"));
        WeeklyPattern pattern = new WeeklyPattern(date("2025-03-17T00:00:00Z"), 1, DayOfTheWeek.Monday, DayOfTheWeek.Friday);
        pattern.setNumberOfOccurrences(4);
        series.setRecurrence(pattern);
        series.getResources().add(ROOM_C);
        series.save(SendInvitationsMode.SendToAllAndSaveCopy);
        assertThat(sim.store().calendar(ROOM_C, Instant.parse("2025-03-01T00:00:00Z"), Instant.parse("2025-05-01T00:00:00Z")))
                .extracting(CalendarEntry::start).containsExactly(Instant.parse("2025-03-17T08:00:00Z"),
                        Instant.parse("2025-03-21T08:00:00Z"), Instant.parse("2025-03-24T08:00:00Z"),
                        Instant.parse("2025-03-28T08:00:00Z"));
        // Bob organizes it and the existing Monday/Wednesday series' 7th occurrence falls on 03-17 too
        assertThat(ews.findAppointments(calendar(BOB), new CalendarView(date("2025-03-17T00:00:00Z"),
                date("2025-03-18T00:00:00Z"))).getItems()).extracting(EwsOperationsEndToEndTest::subject)
                .containsExactly("Daily check", "Weekly");
    }
}
