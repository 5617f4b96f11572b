package io.roomrelease.ews.simulator.server;

import static io.roomrelease.ews.simulator.server.ExchangeFidelityRound2Test.all;
import static io.roomrelease.ews.simulator.server.ExchangeFidelityRound2Test.envelope;
import static io.roomrelease.ews.simulator.server.ExchangeFidelityRound2Test.impersonating;
import static io.roomrelease.ews.simulator.server.ExchangeFidelityRound2Test.parse;
import static io.roomrelease.ews.simulator.server.SimulatorFixture.ALICE;
import static io.roomrelease.ews.simulator.server.SimulatorFixture.SVC;
import static io.roomrelease.ews.simulator.server.SimulatorFixture.SVC_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.assertj.core.groups.Tuple;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import io.roomrelease.ews.simulator.scenario.MeetingSpec;
import io.roomrelease.ews.simulator.soap.Namespaces;

/**
 * Issue 11 item 5: GetUserAvailability's meeting suggestions (SuggestionsViewOptions) over HTTP with raw SOAP, in the
 * shape of Microsoft's how-to ("Get free/busy information by using EWS"), schema validation on. The organisation's
 * zone is UTC, so every mailbox works Monday to Friday 08:00-17:00 UTC.
 */
class MeetingSuggestionsTest {
    static final String BOB = "bob@contoso.com";
    /** Monday. */
    static final String DAY = "2025-03-10";

    private final SimulatorFixture f = new SimulatorFixture();

    @AfterEach
    void close() {
        f.sim.assertNoSchemaViolations();
        f.close();
    }

    private void aliceBusy(String from, Duration duration) {
        f.sim.store().addMeeting(MeetingSpec.builder("Busy " + from, ALICE).start(Instant.parse(from)).duration(duration)
                .created(Instant.parse("2025-03-01T00:00:00Z")).build());
    }

    private static String mailbox(String email, String type) {
        return "<t:MailboxData><t:Email><t:Address>" + email + "</t:Address></t:Email><t:AttendeeType>" + type
                + "</t:AttendeeType><t:ExcludeConflicts>false</t:ExcludeConflicts></t:MailboxData>";
    }

    private static String request(String mailboxes, boolean freeBusy, String options, String from, String to) {
        String window = "<t:StartTime>" + from + "</t:StartTime><t:EndTime>" + to + "</t:EndTime>";
        return "<m:GetUserAvailabilityRequest><m:MailboxDataArray>" + mailboxes + "</m:MailboxDataArray>"
                + (freeBusy ? "<t:FreeBusyViewOptions><t:TimeWindow>" + window + "</t:TimeWindow>"
                        + "<t:MergedFreeBusyIntervalInMinutes>30</t:MergedFreeBusyIntervalInMinutes>"
                        + "<t:RequestedView>FreeBusy</t:RequestedView></t:FreeBusyViewOptions>" : "")
                + "<t:SuggestionsViewOptions>" + options + "<t:DetailedSuggestionsWindow>" + window
                + "</t:DetailedSuggestionsWindow></t:SuggestionsViewOptions></m:GetUserAvailabilityRequest>";
    }

    private static String options(int good, int perDay, int nonWork, int minutes, String minimum) {
        return "<t:GoodThreshold>" + good + "</t:GoodThreshold><t:MaximumResultsByDay>" + perDay
                + "</t:MaximumResultsByDay><t:MaximumNonWorkHourResultsByDay>" + nonWork
                + "</t:MaximumNonWorkHourResultsByDay><t:MeetingDurationInMinutes>" + minutes
                + "</t:MeetingDurationInMinutes><t:MinimumSuggestionQuality>" + minimum + "</t:MinimumSuggestionQuality>";
    }

    private Document post(String headers, String body) throws Exception {
        HttpResponse<String> r = f.postSoap(envelope("Exchange2010", impersonating(ALICE) + headers, body), SVC, SVC_PASSWORD);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return parse(r.body());
    }

    /** A suggestion as the test reads it back from the XML. */
    record Suggestion(String time, boolean workTime, String quality, List<String> conflicts) {
    }

    private static List<Suggestion> suggestions(Element dayResult) {
        return within(dayResult, "Suggestion").stream().map(s -> new Suggestion(child(s, "MeetingTime"),
                Boolean.parseBoolean(child(s, "IsWorkTime")), child(s, "SuggestionQuality"),
                childElements(within(s, "AttendeeConflictDataArray").get(0)).stream()
                        .map(c -> c.getLocalName().equals("IndividualAttendeeConflictData") ? c.getTextContent()
                                : c.getLocalName())
                        .toList()))
                .toList();
    }

    private static List<Element> within(Element parent, String local) {
        List<Element> out = new ArrayList<>();
        var list = parent.getElementsByTagNameNS(Namespaces.TYPES, local);
        for (int i = 0; i < list.getLength(); i++) {
            out.add((Element) list.item(i));
        }
        return out;
    }

    private static List<Element> childElements(Element parent) {
        List<Element> out = new ArrayList<>();
        for (var n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }

    private static String child(Element parent, String local) {
        return within(parent, local).get(0).getTextContent();
    }

    private static List<Element> days(Document d) {
        return all(d, Namespaces.TYPES, "SuggestionDayResult");
    }

    private static List<String> responseCodes(Document d) {
        return all(d, Namespaces.MESSAGES, "ResponseCode").stream().map(Element::getTextContent).toList();
    }

    @Test
    void aTimeOneOfTwoAttendeesIsBusyIsNotExcellentAndFreeTimesAre() throws Exception {
        aliceBusy(DAY + "T10:00:00Z", Duration.ofHours(1));
        Document d = post("", request(mailbox(ALICE, "Organizer") + mailbox(BOB, "Required"), true,
                options(25, 48, 0, 60, "Poor"), DAY + "T00:00:00", "2025-03-11T00:00:00"));
        assertThat(responseCodes(d)).containsExactly("NoError", "NoError", "NoError");
        assertThat(days(d)).singleElement().satisfies(day -> {
            assertThat(child(day, "Date")).isEqualTo(DAY + "T00:00:00");
            assertThat(child(day, "DayQuality")).isEqualTo("Excellent");
            Map<String, Suggestion> byTime = suggestions(day).stream()
                    .collect(Collectors.toMap(Suggestion::time, s -> s));
            // 60-minute meetings every 30 minutes inside 08:00-17:00: 08:00 ... 16:00
            assertThat(byTime).hasSize(17).containsKeys(DAY + "T08:00:00", DAY + "T16:00:00");
            assertThat(byTime.values()).allSatisfy(s -> assertThat(s.workTime()).isTrue());
            // one of two attendees busy is a 50 % conflict: not under GoodThreshold 25, so Fair
            for (String busy : List.of("T09:30:00", "T10:00:00", "T10:30:00")) {
                assertThat(byTime.get(DAY + busy)).satisfies(s -> {
                    assertThat(s.quality()).isEqualTo("Fair");
                    assertThat(s.conflicts()).containsExactly("Busy", "Free");
                });
            }
            assertThat(byTime.get(DAY + "T09:00:00").quality()).isEqualTo("Excellent");
            assertThat(byTime.get(DAY + "T11:00:00")).satisfies(s -> {
                assertThat(s.quality()).isEqualTo("Excellent");
                assertThat(s.conflicts()).containsExactly("Free", "Free");
            });
        });
    }

    @Test
    void maximumResultsByDayAndMinimumQualityLimitTheDay() throws Exception {
        aliceBusy(DAY + "T08:00:00Z", Duration.ofHours(1));
        // the how-to's options: at most 2 a day, Good or better, no times outside working hours
        Document d = post("", request(mailbox(ALICE, "Organizer") + mailbox(BOB, "Required"), true,
                options(49, 2, 0, 60, "Good"), DAY + "T00:00:00", "2025-03-11T00:00:00"));
        // 08:00 and 08:30 conflict with Alice (50 %: Fair, below the minimum); the best two are the earliest Excellent
        assertThat(suggestions(days(d).get(0))).extracting(Suggestion::time, Suggestion::quality, Suggestion::workTime)
                .containsExactly(Tuple.tuple(DAY + "T09:00:00", "Excellent", true),
                        Tuple.tuple(DAY + "T09:30:00", "Excellent", true));
    }

    @Test
    void timesOutsideWorkingHoursOnlyAsManyAsMaximumNonWorkHourResultsByDay() throws Exception {
        String mailboxes = mailbox(ALICE, "Organizer") + mailbox(BOB, "Required");
        Document none = post("", request(mailboxes, false, options(25, 48, 0, 30, "Poor"), "2025-03-15T00:00:00",
                "2025-03-16T00:00:00"));
        // Saturday: nobody works, and no non-work results were asked for
        assertThat(days(none)).singleElement().satisfies(day -> {
            assertThat(suggestions(day)).isEmpty();
            assertThat(child(day, "DayQuality")).isEqualTo("Poor");
        });
        Document three = post("", request(mailboxes, false, options(25, 1, 3, 30, "Poor"), DAY + "T00:00:00",
                "2025-03-11T00:00:00"));
        assertThat(suggestions(days(three).get(0))).extracting(Suggestion::time, Suggestion::workTime)
                .containsExactly(Tuple.tuple(DAY + "T00:00:00", false),
                        Tuple.tuple(DAY + "T00:30:00", false),
                        Tuple.tuple(DAY + "T01:00:00", false),
                        Tuple.tuple(DAY + "T08:00:00", true));
    }

    @Test
    void suggestionsAreLocalToTheTimeZoneContextsZone() throws Exception {
        aliceBusy(DAY + "T17:00:00Z", Duration.ofHours(1)); // 10:00-11:00 in Redmond (PDT since 9 March)
        String pacific = "<t:TimeZoneContext><t:TimeZoneDefinition Id=\"Pacific Standard Time\"/></t:TimeZoneContext>";
        Document d = post(pacific, request(mailbox(ALICE, "Organizer") + mailbox(BOB, "Required"), false,
                options(25, 48, 48, 60, "Poor"), DAY + "T00:00:00", "2025-03-11T00:00:00"));
        assertThat(all(d, Namespaces.MESSAGES, "FreeBusyResponseArray")).as("suggestions only").isEmpty();
        Element day = days(d).get(0);
        assertThat(child(day, "Date")).isEqualTo(DAY + "T00:00:00");
        Map<String, Suggestion> byTime = suggestions(day).stream().collect(Collectors.toMap(Suggestion::time, s -> s));
        assertThat(byTime.get(DAY + "T10:00:00").quality()).isEqualTo("Fair");
        assertThat(byTime.get(DAY + "T10:00:00").conflicts()).containsExactly("Busy", "Free");
        // working hours 08:00-17:00 UTC are 01:00-10:00 PDT
        assertThat(byTime.get(DAY + "T00:30:00").workTime()).isFalse();
        assertThat(byTime.get(DAY + "T01:00:00").workTime()).isTrue();
        assertThat(byTime.get(DAY + "T09:00:00").workTime()).isTrue();
        assertThat(byTime.get(DAY + "T09:30:00").workTime()).isFalse();
        // the day's last 60-minute time starts at 23:00 local
        assertThat(byTime).containsKey(DAY + "T23:00:00").doesNotContainKey(DAY + "T23:30:00");

        // Sunday 9 March: clocks go from 02:00 to 03:00 in Redmond, so the day has 46 half-hour starts, none at 02:xx
        Document sunday = post(pacific, request(mailbox(BOB, "Required"), false, options(25, 48, 48, 30, "Poor"),
                "2025-03-09T00:00:00", "2025-03-10T00:00:00"));
        assertThat(suggestions(days(sunday).get(0))).hasSize(46).extracting(Suggestion::time)
                .contains("2025-03-09T01:30:00", "2025-03-09T03:00:00", "2025-03-09T23:30:00")
                .doesNotContain("2025-03-09T02:00:00", "2025-03-09T02:30:00");
    }

    @Test
    void anUnknownMailboxIsAnUnknownConflictAndDoesNotCount() throws Exception {
        aliceBusy(DAY + "T10:00:00Z", Duration.ofHours(1));
        Document d = post("", request(mailbox(ALICE, "Organizer") + mailbox("nobody@contoso.com", "Required")
                + mailbox(BOB, "Required") + mailbox("room1@contoso.com", "Room"), true,
                options(40, 48, 0, 60, "Poor"), DAY + "T00:00:00", "2025-03-11T00:00:00"));
        assertThat(responseCodes(d)).containsExactly("NoError", "ErrorMailRecipientNotFound", "NoError", "NoError", "NoError");
        Map<String, Suggestion> byTime = suggestions(days(d).get(0)).stream()
                .collect(Collectors.toMap(Suggestion::time, s -> s));
        // one of three known attendees busy: 33 % is under GoodThreshold 40
        assertThat(byTime.get(DAY + "T10:00:00")).satisfies(s -> {
            assertThat(s.quality()).isEqualTo("Good");
            assertThat(s.conflicts()).containsExactly("Busy", "UnknownAttendeeConflictData", "Free", "Free");
        });
    }

    @Test
    void anOptionOutOfRangeFailsOnlyTheSuggestions() throws Exception {
        Document d = post("", request(mailbox(ALICE, "Organizer"), true, options(60, 2, 0, 60, "Good"),
                DAY + "T00:00:00", "2025-03-11T00:00:00"));
        assertThat(responseCodes(d)).containsExactly("NoError", "ErrorInvalidRequest");
        assertThat(all(d, Namespaces.MESSAGES, "MessageText")).singleElement()
                .satisfies(m -> assertThat(m.getTextContent()).contains("GoodThreshold", "between 1 and 49", "60"));
        assertThat(days(d)).isEmpty();
        Document tooLong = post("", request(mailbox(ALICE, "Organizer"), false, options(25, 2, 0, 60, "Good"),
                DAY + "T00:00:00", "2025-04-22T00:00:00"));
        assertThat(responseCodes(tooLong)).containsExactly("ErrorTimeIntervalTooBig");
    }
}
