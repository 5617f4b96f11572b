package io.roomrelease.ews.simulator.server;

import static io.roomrelease.ews.simulator.server.SimulatorFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import io.roomrelease.ews.simulator.model.CalendarEntry;
import io.roomrelease.ews.simulator.model.SentMessage;
import io.roomrelease.ews.simulator.scenario.MeetingSpec;
import io.roomrelease.ews.simulator.soap.Namespaces;

/**
 * Issue 11 ("Exchange fidelity, round 2"): raw SOAP over HTTP with schema validation on, in the shapes of
 * Microsoft's reference pages and of exchangelib's requests.
 */
class ExchangeFidelityRound2Test {
    private final SimulatorFixture f = new SimulatorFixture();

    @AfterEach
    void close() {
        f.sim.assertNoSchemaViolations();
        f.close();
    }

    static String envelope(String version, String headers, String body) {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                + "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\""
                + " xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\""
                + " xmlns:m=\"http://schemas.microsoft.com/exchange/services/2006/messages\">"
                + "<soap:Header>" + (version == null ? "" : "<t:RequestServerVersion Version=\"" + version + "\"/>")
                + headers + "</soap:Header><soap:Body>" + body + "</soap:Body></soap:Envelope>";
    }

    static String impersonating(String mailbox) {
        return "<t:ExchangeImpersonation><t:ConnectingSID><t:PrimarySmtpAddress>" + mailbox
                + "</t:PrimarySmtpAddress></t:ConnectingSID></t:ExchangeImpersonation>";
    }

    HttpResponse<String> post(String version, String headers, String body) throws Exception {
        return f.postSoap(envelope(version, headers, body), SVC, SVC_PASSWORD);
    }

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setNamespaceAware(true);
        return dbf.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    static List<Element> all(Document d, String ns, String local) {
        NodeList list = d.getElementsByTagNameNS(ns, local);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) {
            out.add((Element) list.item(i));
        }
        return out;
    }

    static String text(Document d, String ns, String local) {
        List<Element> e = all(d, ns, local);
        return e.isEmpty() ? null : e.get(0).getTextContent();
    }

    private CalendarEntry meetingWithRoom(Instant start) {
        f.sim.store().addMeeting(MeetingSpec.builder("Planning " + start, ALICE).attendees("bob@contoso.com")
                .rooms(ROOM1).start(start).duration(Duration.ofMinutes(30)).created(start.minus(Duration.ofDays(2))).build());
        return f.sim.store().calendar(ROOM1).stream().filter(e -> e.start().equals(start)).findFirst().orElseThrow();
    }

    // ---------------------------------------------------------------- item 2

    @Test
    void declineWithSendAndSaveCopyToSentItemsIsSavedAndSent() throws Exception {
        CalendarEntry roomCopy = meetingWithRoom(Instant.parse("2025-03-10T13:00:00Z"));
        HttpResponse<String> r = post("Exchange2016", impersonating(ROOM1),
                "<m:CreateItem MessageDisposition=\"SendAndSaveCopy\">"
                        + "<m:SavedItemFolderId><t:DistinguishedFolderId Id=\"sentitems\"/></m:SavedItemFolderId>"
                        + "<m:Items><t:DeclineItem><t:ReferenceItemId Id=\"" + roomCopy.id() + "\" ChangeKey=\""
                        + roomCopy.changeKey() + "\"/></t:DeclineItem></m:Items></m:CreateItem>");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Document d = parse(r.body());
        assertThat(text(d, Namespaces.MESSAGES, "ResponseCode")).isEqualTo("NoError");
        assertThat(f.sim.store().calendar(ROOM1)).isEmpty();
        assertThat(f.sim.store().sentMessages(ALICE)).extracting(SentMessage::kind).contains(SentMessage.Kind.DECLINE);
    }

    @Test
    void aSavedItemFolderWithSendOnlyIsExchangesItemError() throws Exception {
        CalendarEntry roomCopy = meetingWithRoom(Instant.parse("2025-03-10T13:00:00Z"));
        HttpResponse<String> r = post("Exchange2016", impersonating(ROOM1),
                "<m:CreateItem MessageDisposition=\"SendOnly\">"
                        + "<m:SavedItemFolderId><t:DistinguishedFolderId Id=\"sentitems\"/></m:SavedItemFolderId>"
                        + "<m:Items><t:DeclineItem><t:ReferenceItemId Id=\"" + roomCopy.id() + "\"/></t:DeclineItem>"
                        + "</m:Items></m:CreateItem>");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(text(parse(r.body()), Namespaces.MESSAGES, "ResponseCode")).isEqualTo("ErrorInvalidSendItemSaveSettings");
        assertThat(f.sim.store().calendar(ROOM1)).hasSize(1);
    }

    // ---------------------------------------------------------------- item 9 (CancelCalendarItem answer)

    @Test
    void cancelCalendarItemAnswersWithTheCancelledItem() throws Exception {
        meetingWithRoom(Instant.parse("2025-03-10T13:00:00Z"));
        CalendarEntry organizers = f.sim.store().calendar(ALICE).get(0);
        HttpResponse<String> r = post("Exchange2016", impersonating(ALICE),
                "<m:CreateItem MessageDisposition=\"SendAndSaveCopy\">"
                        + "<m:SavedItemFolderId><t:DistinguishedFolderId Id=\"sentitems\"/></m:SavedItemFolderId>"
                        + "<m:Items><t:CancelCalendarItem><t:ReferenceItemId Id=\"" + organizers.id() + "\" ChangeKey=\""
                        + organizers.changeKey() + "\"/></t:CancelCalendarItem></m:Items></m:CreateItem>");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Document d = parse(r.body());
        Element itemId = all(d, Namespaces.TYPES, "ItemId").get(0);
        assertThat(itemId.getParentNode().getLocalName()).isEqualTo("CalendarItem");
        assertThat(itemId.getAttribute("Id")).isEqualTo(organizers.id());
        assertThat(f.sim.store().calendar(ALICE)).isEmpty();
        assertThat(f.sim.store().calendar(ROOM1)).isEmpty();
    }

    // ---------------------------------------------------------------- item 6

    @Test
    void totalItemsInViewCountsTheWholeCalendarView() throws Exception {
        for (int h = 10; h < 15; h++) {
            meetingWithRoom(Instant.parse("2025-03-11T" + h + ":00:00Z"));
        }
        HttpResponse<String> r = post("Exchange2016", impersonating(ROOM1),
                "<m:FindItem Traversal=\"Shallow\"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape>"
                        + "<m:CalendarView MaxEntriesReturned=\"2\" StartDate=\"2025-03-11T00:00:00Z\" EndDate=\"2025-03-12T00:00:00Z\"/>"
                        + "<m:ParentFolderIds><t:DistinguishedFolderId Id=\"calendar\"/></m:ParentFolderIds></m:FindItem>");
        Document d = parse(r.body());
        Element root = all(d, Namespaces.MESSAGES, "RootFolder").get(0);
        assertThat(all(d, Namespaces.TYPES, "CalendarItem")).hasSize(2);
        assertThat(root.getAttribute("TotalItemsInView")).isEqualTo("5");
        assertThat(root.getAttribute("IncludesLastItemInRange")).isEqualTo("false");
    }

    // ---------------------------------------------------------------- item 4

    @Test
    void anUnknownRequestServerVersionIsErrorInvalidServerVersion() throws Exception {
        // exchangelib tries its newest versions first; Exchange2015_SP1 is not a value of ExchangeVersionType
        HttpResponse<String> r = post("Exchange2015_SP1", "", "<m:GetRoomLists/>");
        HostileXmlTest.assertFault(r, "ErrorInvalidServerVersion");
        assertThat(r.body()).contains("Exchange2015_SP1");
        assertThat(f.sim.schemaViolations()).isEmpty();
    }

    @Test
    void anOperationNewerThanTheRequestedVersionIsErrorIncorrectSchemaVersion() throws Exception {
        HttpResponse<String> r = post("Exchange2007_SP1", "", "<m:GetRoomLists/>");
        HostileXmlTest.assertFault(r, "ErrorIncorrectSchemaVersion");
        assertThat(r.body()).contains("GetRoomLists needs Exchange2010");
        assertThat(post("Exchange2010", "", "<m:GetRoomLists/>").statusCode()).isEqualTo(200);
    }

    @Test
    void aValidOperationTheSimulatorDoesNotServeIsErrorInvalidRequest() throws Exception {
        HttpResponse<String> r = post("Exchange2016", "", "<m:FindFolder Traversal=\"Shallow\"><m:FolderShape>"
                + "<t:BaseShape>IdOnly</t:BaseShape></m:FolderShape><m:ParentFolderIds>"
                + "<t:DistinguishedFolderId Id=\"root\"/></m:ParentFolderIds></m:FindFolder>");
        HostileXmlTest.assertFault(r, "ErrorInvalidRequest");
        assertThat(r.body()).contains("FindFolder");
    }

    // ---------------------------------------------------------------- item 1: GetFolder, ConvertId, GetServerTimeZones

    @Test
    void getFolderOpensTheRoomsCalendarUnderImpersonation() throws Exception {
        meetingWithRoom(Instant.parse("2025-03-10T13:00:00Z"));
        // exchangelib's shape: DistinguishedFolderId with a Mailbox, AdditionalProperties beside IdOnly
        HttpResponse<String> r = post("Exchange2016", impersonating(ROOM1),
                "<m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties>"
                        + "<t:FieldURI FieldURI=\"folder:DisplayName\"/><t:FieldURI FieldURI=\"folder:FolderClass\"/>"
                        + "<t:FieldURI FieldURI=\"folder:TotalCount\"/><t:FieldURI FieldURI=\"folder:ParentFolderId\"/>"
                        + "</t:AdditionalProperties></m:FolderShape><m:FolderIds><t:DistinguishedFolderId Id=\"calendar\">"
                        + "<t:Mailbox><t:EmailAddress>" + ROOM1 + "</t:EmailAddress></t:Mailbox></t:DistinguishedFolderId>"
                        + "</m:FolderIds></m:GetFolder>");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Document d = parse(r.body());
        assertThat(text(d, Namespaces.MESSAGES, "ResponseCode")).isEqualTo("NoError");
        Element folder = all(d, Namespaces.TYPES, "CalendarFolder").get(0);
        assertThat(text(d, Namespaces.TYPES, "FolderClass")).isEqualTo("IPF.Appointment");
        assertThat(text(d, Namespaces.TYPES, "TotalCount")).isEqualTo("1");
        assertThat(text(d, Namespaces.TYPES, "DisplayName")).isEqualTo("Calendar");
        String folderId = ((Element) folder.getElementsByTagNameNS(Namespaces.TYPES, "FolderId").item(0)).getAttribute("Id");
        // the id it gave opens the calendar in FindItem
        HttpResponse<String> find = post("Exchange2016", impersonating(ROOM1),
                "<m:FindItem Traversal=\"Shallow\"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape>"
                        + "<m:CalendarView StartDate=\"2025-03-10T00:00:00Z\" EndDate=\"2025-03-11T00:00:00Z\"/>"
                        + "<m:ParentFolderIds><t:FolderId Id=\"" + folderId + "\"/></m:ParentFolderIds></m:FindItem>");
        assertThat(all(parse(find.body()), Namespaces.TYPES, "CalendarItem")).hasSize(1);
    }

    @Test
    void getFolderOfAnotherMailboxWithoutRightsIsAccessDeniedAndOtherFoldersAreNotFound() throws Exception {
        HttpResponse<String> r = post("Exchange2016", impersonating(ROOM1),
                "<m:GetFolder><m:FolderShape><t:BaseShape>Default</t:BaseShape></m:FolderShape><m:FolderIds>"
                        + "<t:DistinguishedFolderId Id=\"calendar\"><t:Mailbox><t:EmailAddress>" + ROOM2
                        + "</t:EmailAddress></t:Mailbox></t:DistinguishedFolderId>"
                        + "<t:DistinguishedFolderId Id=\"inbox\"/></m:FolderIds></m:GetFolder>");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(all(parse(r.body()), Namespaces.MESSAGES, "ResponseCode")).extracting(Element::getTextContent)
                .containsExactly("ErrorAccessDenied", "ErrorFolderNotFound");
    }

    @Test
    void convertIdRoundTripsAndExchangelibsVersionProbeGetsAnErrorMessageWithTheServerVersion() throws Exception {
        CalendarEntry roomCopy = meetingWithRoom(Instant.parse("2025-03-10T13:00:00Z"));
        String convert = "<m:ConvertId DestinationFormat=\"%s\"><m:SourceIds><t:AlternateId Format=\"%s\" Id=\"%s\""
                + " Mailbox=\"%s\"/></m:SourceIds></m:ConvertId>";
        HttpResponse<String> toHex = post("Exchange2016", "", String.format(convert, "HexEntryId", "EwsId", roomCopy.id(), ROOM1));
        Element hex = all(parse(toHex.body()), Namespaces.MESSAGES, "AlternateId").get(0);
        assertThat(hex.getAttribute("Format")).isEqualTo("HexEntryId");
        assertThat(hex.getAttribute("Id")).matches("[0-9A-F]+");
        HttpResponse<String> back = post("Exchange2016", "", String.format(convert, "EwsId", "HexEntryId", hex.getAttribute("Id"), ROOM1));
        assertThat(all(parse(back.body()), Namespaces.MESSAGES, "AlternateId").get(0).getAttribute("Id")).isEqualTo(roomCopy.id());
        // exchangelib's Version.guess: ConvertId of a dummy id, newest API version first
        HttpResponse<String> probe = post("Exchange2016", "", String.format(convert, "EntryId", "EwsId", "DUMMY", "DUMMY"));
        assertThat(probe.statusCode()).isEqualTo(200);
        Document d = parse(probe.body());
        assertThat(text(d, Namespaces.MESSAGES, "ResponseCode")).isEqualTo("ErrorInvalidIdMalformed");
        assertThat(all(d, Namespaces.TYPES, "ServerVersionInfo").get(0).getAttribute("MajorVersion")).isEqualTo("15");
    }

    @Test
    void getServerTimeZonesListsEveryWindowsZoneAndDefinesTransitions() throws Exception {
        HttpResponse<String> names = post("Exchange2010", "", "<m:GetServerTimeZones ReturnFullTimeZoneData=\"false\"/>");
        List<Element> all = all(parse(names.body()), Namespaces.TYPES, "TimeZoneDefinition");
        assertThat(all).hasSizeGreaterThan(130);
        assertThat(all).extracting(e -> e.getAttribute("Id")).contains("Pacific Standard Time", "UTC", "India Standard Time",
                "Nepal Standard Time", "Pacific Standard Time (Mexico)");
        assertThat(all(parse(names.body()), Namespaces.TYPES, "Periods")).isEmpty();
        HttpResponse<String> full = post("Exchange2010", "", "<m:GetServerTimeZones><m:Ids><t:Id>Pacific Standard Time</t:Id>"
                + "<t:Id>India Standard Time</t:Id></m:Ids></m:GetServerTimeZones>");
        Document d = parse(full.body());
        assertThat(all(d, Namespaces.TYPES, "Period")).extracting(e -> e.getAttribute("Bias"))
                .containsExactly("PT8H", "PT7H", "-PT5H30M");
        Element toDaylight = all(d, Namespaces.TYPES, "RecurringDayTransition").get(0);
        assertThat(toDaylight.getTextContent()).contains("Daylight");
        assertThat(text(d, Namespaces.TYPES, "TimeOffset")).isEqualTo("PT2H");
        assertThat(text(d, Namespaces.TYPES, "Month")).isEqualTo("3");
        assertThat(text(d, Namespaces.TYPES, "Occurrence")).isEqualTo("2");
        // the last Sunday of a month is Occurrence -1 (IANA: "Sunday on or after the 25th")
        Document berlin = parse(post("Exchange2010", "", "<m:GetServerTimeZones><m:Ids><t:Id>W. Europe Standard Time</t:Id>"
                + "</m:Ids></m:GetServerTimeZones>").body());
        assertThat(all(berlin, Namespaces.TYPES, "Occurrence")).extracting(Element::getTextContent).containsExactly("-1", "-1");
        assertThat(all(berlin, Namespaces.TYPES, "TimeOffset")).extracting(Element::getTextContent).containsExactly("PT2H", "PT3H");
        HttpResponse<String> unknown = post("Exchange2010", "", "<m:GetServerTimeZones><m:Ids><t:Id>Mars Standard Time</t:Id>"
                + "</m:Ids></m:GetServerTimeZones>");
        assertThat(text(parse(unknown.body()), Namespaces.MESSAGES, "ResponseCode")).isEqualTo("ErrorTimeZone");
    }

    // ---------------------------------------------------------------- item 10

    @Test
    void aTimeZoneContextWithAnUnknownWindowsIdIsErrorTimeZoneNotUtc() throws Exception {
        meetingWithRoom(Instant.parse("2025-03-10T13:00:00Z"));
        meetingWithRoom(Instant.parse("2025-03-10T18:30:00Z")); // after midnight in Nepal: outside its local day
        String find = "<m:FindItem Traversal=\"Shallow\"><m:ItemShape><t:BaseShape>Default</t:BaseShape></m:ItemShape>"
                + "<m:CalendarView StartDate=\"2025-03-10T00:00:00\" EndDate=\"2025-03-11T00:00:00\"/>"
                + "<m:ParentFolderIds><t:DistinguishedFolderId Id=\"calendar\"/></m:ParentFolderIds></m:FindItem>";
        HttpResponse<String> r = post("Exchange2016", impersonating(ROOM1)
                + "<t:TimeZoneContext><t:TimeZoneDefinition Id=\"Mars Standard Time\"/></t:TimeZoneContext>", find);
        HostileXmlTest.assertFault(r, "ErrorTimeZone");
        // a Windows id the old hand-written table lacked resolves (CLDR: Nepal, UTC+05:45)
        HttpResponse<String> nepal = post("Exchange2016", impersonating(ROOM1)
                + "<t:TimeZoneContext><t:TimeZoneDefinition Id=\"Nepal Standard Time\"/></t:TimeZoneContext>", find);
        assertThat(nepal.statusCode()).as(nepal.body()).isEqualTo(200);
        Document d = parse(nepal.body());
        assertThat(all(d, Namespaces.TYPES, "CalendarItem")).hasSize(1);
        assertThat(text(d, Namespaces.TYPES, "Start")).isEqualTo("2025-03-10T13:00:00Z");
    }

    // ---------------------------------------------------------------- item 5

    @Test
    void getUserAvailabilityAnswersInTheTimeZoneContextsZoneWithWorkingHours() throws Exception {
        meetingWithRoom(Instant.parse("2025-03-10T17:00:00Z")); // 10:00 in Redmond (PDT since 9 March)
        // Microsoft's how-to shape: TimeZoneContext in the header, no t:TimeZone in the body, times without offset
        String body = "<m:GetUserAvailabilityRequest><m:MailboxDataArray><t:MailboxData><t:Email><t:Address>" + ROOM1
                + "</t:Address></t:Email><t:AttendeeType>Room</t:AttendeeType></t:MailboxData></m:MailboxDataArray>"
                + "<t:FreeBusyViewOptions><t:TimeWindow><t:StartTime>2025-03-10T00:00:00</t:StartTime>"
                + "<t:EndTime>2025-03-11T00:00:00</t:EndTime></t:TimeWindow><t:RequestedView>Detailed</t:RequestedView>"
                + "</t:FreeBusyViewOptions>%s</m:GetUserAvailabilityRequest>";
        String pacific = "<t:TimeZoneContext><t:TimeZoneDefinition Id=\"Pacific Standard Time\"/></t:TimeZoneContext>";
        HttpResponse<String> r = post("Exchange2016", impersonating(ROOM1) + pacific, String.format(body, ""));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Document d = parse(r.body());
        assertThat(text(d, Namespaces.TYPES, "StartTime")).isEqualTo("2025-03-10T10:00:00");
        assertThat(text(d, Namespaces.TYPES, "EndTime")).isEqualTo("2025-03-10T10:30:00");
        assertThat(all(d, Namespaces.TYPES, "ID")).as("the room's own calendar: full details").hasSize(1);
        assertThat(all(d, Namespaces.TYPES, "WorkingHours")).hasSize(1);
        assertThat(text(d, Namespaces.TYPES, "StartTimeInMinutes")).isEqualTo("480");
        // suggestions asked for are answered (MeetingSuggestionsTest has their rules), never dropped
        HttpResponse<String> withSuggestions = post("Exchange2016", impersonating(ROOM1) + pacific, String.format(body,
                "<t:SuggestionsViewOptions><t:DetailedSuggestionsWindow><t:StartTime>2025-03-10T00:00:00</t:StartTime>"
                        + "<t:EndTime>2025-03-11T00:00:00</t:EndTime></t:DetailedSuggestionsWindow></t:SuggestionsViewOptions>"));
        Document s = parse(withSuggestions.body());
        assertThat(all(s, Namespaces.MESSAGES, "SuggestionsResponse")).hasSize(1);
        assertThat(all(s, Namespaces.MESSAGES, "ResponseCode")).extracting(Element::getTextContent)
                .containsExactly("NoError", "NoError");
        assertThat(text(s, Namespaces.TYPES, "Date")).isEqualTo("2025-03-10T00:00:00");
    }

    // ---------------------------------------------------------------- item 8

    static String setField(String uri, String element, String content) {
        return "<t:SetItemField><t:FieldURI FieldURI=\"" + uri + "\"/><t:CalendarItem><t:" + element + ">" + content
                + "</t:" + element + "></t:CalendarItem></t:SetItemField>";
    }

    static String attendee(String email) {
        return "<t:Attendee><t:Mailbox><t:EmailAddress>" + email + "</t:EmailAddress></t:Mailbox></t:Attendee>";
    }

    @Test
    void updatingAttendeesAndResourcesInvitesUninvitesAndRoomsAnswerLikeTheBookingAssistant() throws Exception {
        meetingWithRoom(Instant.parse("2025-03-10T13:00:00Z")); // Alice, Bob, Room 1
        f.sim.store().addMeeting(MeetingSpec.builder("Room 2 is taken", "bob@contoso.com").rooms(ROOM2)
                .start(Instant.parse("2025-03-10T15:00:00Z")).duration(Duration.ofMinutes(30))
                .created(Instant.parse("2025-03-08T09:00:00Z")).build());
        CalendarEntry organizers = f.sim.store().calendar(ALICE).get(0);
        int sentBefore = f.sim.store().sentMessages().size();
        HttpResponse<String> r = post("Exchange2016", impersonating(ALICE),
                "<m:UpdateItem ConflictResolution=\"AutoResolve\" SendMeetingInvitationsOrCancellations=\"SendToAllAndSaveCopy\">"
                        + "<m:ItemChanges><t:ItemChange><t:ItemId Id=\"" + organizers.id() + "\" ChangeKey=\""
                        + organizers.changeKey() + "\"/><t:Updates>"
                        + setField("calendar:RequiredAttendees", "RequiredAttendees", attendee("carol@fabrikam.com"))
                        + setField("calendar:Resources", "Resources", attendee(ROOM1) + attendee(ROOM2))
                        + "</t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(text(parse(r.body()), Namespaces.MESSAGES, "ResponseCode")).isEqualTo("NoError");
        // Room 2 was free at 13:00: booked; Bob was replaced by an outside guest: his copy is cancelled and he was told
        assertThat(f.sim.store().calendar(ROOM2)).extracting(CalendarEntry::uid).contains(organizers.uid());
        assertThat(f.sim.store().calendar("bob@contoso.com")).filteredOn(e -> e.uid().equals(organizers.uid()))
                .singleElement().satisfies(e -> assertThat(e.cancelled()).isTrue());
        List<SentMessage> sent = f.sim.store().sentMessages().subList(sentBefore, f.sim.store().sentMessages().size());
        assertThat(sent).extracting(SentMessage::kind).contains(SentMessage.Kind.CANCELLATION, SentMessage.Kind.REQUEST,
                SentMessage.Kind.ACCEPT);
        // moving it onto Room 2's other booking: Room 2 declines, as the resource booking assistant does
        CalendarEntry now = f.sim.store().calendar(ALICE).get(0);
        HttpResponse<String> move = post("Exchange2016", impersonating(ALICE),
                "<m:UpdateItem ConflictResolution=\"AutoResolve\" SendMeetingInvitationsOrCancellations=\"SendToAllAndSaveCopy\">"
                        + "<m:ItemChanges><t:ItemChange><t:ItemId Id=\"" + now.id() + "\" ChangeKey=\"" + now.changeKey()
                        + "\"/><t:Updates>" + setField("calendar:Start", "Start", "2025-03-10T15:00:00Z")
                        + setField("calendar:End", "End", "2025-03-10T15:30:00Z")
                        + "</t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>");
        assertThat(text(parse(move.body()), Namespaces.MESSAGES, "ResponseCode")).isEqualTo("NoError");
        assertThat(f.sim.store().calendar(ROOM2)).extracting(CalendarEntry::uid).doesNotContain(organizers.uid());
        assertThat(f.sim.store().calendar(ROOM1)).extracting(CalendarEntry::uid).contains(organizers.uid());
    }

    // ---------------------------------------------------------------- item 7

    @Test
    void getItemReturnsEveryRequestedPropertyTheItemHas() throws Exception {
        f.sim.store().addMeeting(MeetingSpec.builder("Standup", ALICE).attendees("bob@contoso.com").rooms(ROOM1)
                .start(Instant.parse("2025-03-10T09:00:00Z")).duration(Duration.ofMinutes(15))
                .created(Instant.parse("2025-03-01T09:00:00Z"))
                .recurrence(io.roomrelease.ews.simulator.model.Recurrence.daily(1, java.time.LocalDate.of(2025, 3, 10))
                        .withOccurrences(5)).build());
        CalendarEntry master = f.sim.store().calendar(ROOM1).get(0);
        String props = "";
        for (String p : List.of("calendar:FirstOccurrence", "calendar:LastOccurrence", "item:EffectiveRights",
                "item:ResponseObjects", "calendar:StartTimeZone", "calendar:Duration")) {
            props += "<t:FieldURI FieldURI=\"" + p + "\"/>";
        }
        HttpResponse<String> r = post("Exchange2016", impersonating(ROOM1), "<m:GetItem><m:ItemShape><t:BaseShape>IdOnly"
                + "</t:BaseShape><t:AdditionalProperties>" + props + "</t:AdditionalProperties></m:ItemShape><m:ItemIds>"
                + "<t:ItemId Id=\"" + master.id() + "\"/></m:ItemIds></m:GetItem>");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Document d = parse(r.body());
        Element first = all(d, Namespaces.TYPES, "FirstOccurrence").get(0);
        Element last = all(d, Namespaces.TYPES, "LastOccurrence").get(0);
        assertThat(first.getElementsByTagNameNS(Namespaces.TYPES, "Start").item(0).getTextContent()).isEqualTo("2025-03-10T09:00:00Z");
        assertThat(last.getElementsByTagNameNS(Namespaces.TYPES, "Start").item(0).getTextContent()).isEqualTo("2025-03-14T09:00:00Z");
        assertThat(text(d, Namespaces.TYPES, "Duration")).isEqualTo("PT15M");
        assertThat(text(d, Namespaces.TYPES, "Read")).isEqualTo("true");
        // the room is an attendee: it may accept, decline, ...
        Element responses = all(d, Namespaces.TYPES, "ResponseObjects").get(0);
        assertThat(responses.getElementsByTagNameNS(Namespaces.TYPES, "DeclineItem").getLength()).isEqualTo(1);
        assertThat(responses.getElementsByTagNameNS(Namespaces.TYPES, "CancelCalendarItem").getLength()).isZero();
        assertThat(all(d, Namespaces.TYPES, "StartTimeZone").get(0).getAttribute("Id")).isNotBlank();
        assertThat(all(d, Namespaces.TYPES, "Period")).isNotEmpty();
    }
}
