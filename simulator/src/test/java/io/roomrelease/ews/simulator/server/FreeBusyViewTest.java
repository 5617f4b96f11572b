package io.roomrelease.ews.simulator.server;

import static io.roomrelease.ews.simulator.server.ExchangeFidelityRound2Test.all;
import static io.roomrelease.ews.simulator.server.ExchangeFidelityRound2Test.envelope;
import static io.roomrelease.ews.simulator.server.ExchangeFidelityRound2Test.impersonating;
import static io.roomrelease.ews.simulator.server.ExchangeFidelityRound2Test.parse;
import static io.roomrelease.ews.simulator.server.ExchangeFidelityRound2Test.text;
import static io.roomrelease.ews.simulator.server.SimulatorFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import io.roomrelease.ews.simulator.scenario.MeetingSpec;
import io.roomrelease.ews.simulator.soap.Namespaces;

/**
 * GetUserAvailability's RequestedView, per Microsoft's FreeBusyViewType reference: FreeBusy answers start, end and
 * busy type of each period plus the working hours, Detailed adds CalendarEventDetails as far as the caller's rights
 * go, the Merged views add MergedFreeBusy. Raw SOAP over HTTP with schema validation on; the caller (impersonating the
 * room) has full details, so any missing detail is the view's doing.
 */
class FreeBusyViewTest {
    private final SimulatorFixture f = new SimulatorFixture();

    @BeforeEach
    void meeting() {
        f.sim.store().addMeeting(MeetingSpec.builder("Planning", ALICE).rooms(ROOM1)
                .start(Instant.parse("2025-03-10T13:00:00Z")).duration(Duration.ofMinutes(30))
                .created(Instant.parse("2025-03-08T09:00:00Z")).build());
    }

    @AfterEach
    void close() {
        f.sim.assertNoSchemaViolations();
        f.close();
    }

    private Document ask(String view) throws Exception {
        // no t:TimeZone and no TimeZoneContext: times in UTC
        String body = "<m:GetUserAvailabilityRequest>"
                + "<m:MailboxDataArray><t:MailboxData><t:Email><t:Address>" + ROOM1 + "</t:Address></t:Email>"
                + "<t:AttendeeType>Room</t:AttendeeType></t:MailboxData></m:MailboxDataArray>"
                + "<t:FreeBusyViewOptions><t:TimeWindow><t:StartTime>2025-03-10T12:00:00</t:StartTime>"
                + "<t:EndTime>2025-03-10T15:00:00</t:EndTime></t:TimeWindow>"
                + "<t:MergedFreeBusyIntervalInMinutes>30</t:MergedFreeBusyIntervalInMinutes>"
                + "<t:RequestedView>" + view + "</t:RequestedView></t:FreeBusyViewOptions></m:GetUserAvailabilityRequest>";
        HttpResponse<String> r = f.postSoap(envelope("Exchange2016", impersonating(ROOM1), body), SVC, SVC_PASSWORD);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return parse(r.body());
    }

    private static List<String> childNames(Element e) {
        List<String> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                out.add(c.getLocalName());
            }
        }
        return out;
    }

    @Test
    void freeBusyAnswersTimesBusyTypesAndWorkingHoursWithoutDetails() throws Exception {
        Document d = ask("FreeBusy");
        assertThat(text(d, Namespaces.TYPES, "FreeBusyViewType")).isEqualTo("FreeBusy");
        Element view = all(d, Namespaces.MESSAGES, "FreeBusyView").get(0);
        assertThat(childNames(view)).containsExactly("FreeBusyViewType", "CalendarEventArray", "WorkingHours");
        assertThat(all(d, Namespaces.TYPES, "CalendarEvent")).singleElement()
                .satisfies(e -> assertThat(childNames(e)).containsExactly("StartTime", "EndTime", "BusyType"));
        assertThat(text(d, Namespaces.TYPES, "StartTime")).isEqualTo("2025-03-10T13:00:00");
        assertThat(text(d, Namespaces.TYPES, "EndTime")).isEqualTo("2025-03-10T13:30:00");
        assertThat(text(d, Namespaces.TYPES, "BusyType")).isEqualTo("Busy");
    }

    @Test
    void detailedAddsTheDetailsTheCallerMaySee() throws Exception {
        Document d = ask("Detailed");
        assertThat(text(d, Namespaces.TYPES, "FreeBusyViewType")).isEqualTo("Detailed");
        assertThat(all(d, Namespaces.TYPES, "CalendarEvent")).singleElement()
                .satisfies(e -> assertThat(childNames(e))
                        .containsExactly("StartTime", "EndTime", "BusyType", "CalendarEventDetails"));
        assertThat(text(d, Namespaces.TYPES, "Subject")).isEqualTo("Planning");
        assertThat(all(d, Namespaces.TYPES, "ID")).hasSize(1);
    }

    @Test
    void freeBusyMergedAddsTheMergedStreamStillWithoutDetails() throws Exception {
        Document d = ask("FreeBusyMerged");
        assertThat(text(d, Namespaces.TYPES, "FreeBusyViewType")).isEqualTo("FreeBusyMerged");
        assertThat(text(d, Namespaces.TYPES, "MergedFreeBusy")).isEqualTo("002000");
        assertThat(all(d, Namespaces.TYPES, "CalendarEventDetails")).isEmpty();
    }
}
