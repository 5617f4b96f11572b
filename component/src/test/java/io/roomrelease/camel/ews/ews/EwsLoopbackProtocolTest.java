package io.roomrelease.camel.ews.ews;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.roomrelease.camel.ews.EwsAccessDeniedException;
import io.roomrelease.camel.ews.EwsComponent;
import io.roomrelease.camel.ews.EwsConstants;
import io.roomrelease.camel.ews.EwsException;
import io.roomrelease.camel.ews.model.BusySlot;
import io.roomrelease.camel.ews.model.MailboxAvailability;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Protocol edge cases of issue 11 (items 12 and 13) against a loopback server answering with the shapes Microsoft
 * documents: GetUserAvailability times with a UTC offset, Exchange 2007's access-denied fault, and
 * ErrorIncorrectSchemaVersion.
 */
class EwsLoopbackProtocolTest extends CamelTestSupport {

    static final String ROOM1 = "room1@example.com";
    static final String ROOM2 = "room2@example.com";
    static final String TYPES = "http://schemas.microsoft.com/exchange/services/2006/types";
    static final String HEADER = "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
            + "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Header>"
            + "<h:ServerVersionInfo MajorVersion=\"15\" MinorVersion=\"2\" MajorBuildNumber=\"1118\" MinorBuildNumber=\"7\""
            + " Version=\"V2017_07_11\" xmlns:h=\"" + TYPES + "\" xmlns=\"" + TYPES + "\"/></s:Header>";

    final AtomicReference<String> answer = new AtomicReference<>();
    final AtomicReference<Integer> status = new AtomicReference<>(200);
    final AtomicReference<String> lastRequest = new AtomicReference<>();
    HttpServer server;

    @Override
    protected CamelContext createCamelContext() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/EWS/Exchange.asmx", this::serve);
        server.start();
        CamelContext ctx = super.createCamelContext();
        EwsComponent ews = new EwsComponent();
        ews.getConfiguration().setUrl("http://127.0.0.1:" + server.getAddress().getPort() + "/EWS/Exchange.asmx");
        ews.getConfiguration().setAllowInsecureHttp(true);
        ctx.addComponent("ews", ews);
        return ctx;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void serve(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            lastRequest.set(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        byte[] body = answer.get().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/xml; charset=utf-8");
        ex.sendResponseHeaders(status.get(), body.length);
        ex.getResponseBody().write(body);
        ex.close();
    }

    String uri(String operation) {
        return "ews:loopback?operation=" + operation + "&username=svc@example.com&password=RAW(Sv3-Pa55word!)";
    }

    Exchange availability() {
        return template.request(uri("getAvailability"), e -> {
            e.getIn().setHeader(EwsConstants.MAILBOXES, List.of(ROOM1, ROOM2));
            e.getIn().setHeader(EwsConstants.WINDOW_START, Instant.parse("2025-03-10T00:00:00Z"));
            e.getIn().setHeader(EwsConstants.WINDOW_END, Instant.parse("2025-03-11T00:00:00Z"));
        });
    }

    static String event(String start, String end, String busyType, String subject) {
        return "<CalendarEvent><StartTime>" + start + "</StartTime><EndTime>" + end + "</EndTime><BusyType>" + busyType
               + "</BusyType><CalendarEventDetails><ID>00000000DA5B</ID><Subject>" + subject + "</Subject><Location/>"
               + "<IsMeeting>true</IsMeeting><IsRecurring>false</IsRecurring><IsException>false</IsException>"
               + "<IsReminderSet>false</IsReminderSet><IsPrivate>false</IsPrivate></CalendarEventDetails></CalendarEvent>";
    }

    @Test
    void freeBusyTimesAreReadWithTheirUtcOffset() {
        answer.set(HEADER + "<s:Body><GetUserAvailabilityResponse xmlns=\"http://schemas.microsoft.com/exchange/services/2006/messages\">"
                   + "<FreeBusyResponseArray>"
                   + "<FreeBusyResponse><ResponseMessage ResponseClass=\"Success\"><ResponseCode>NoError</ResponseCode></ResponseMessage>"
                   + "<FreeBusyView><FreeBusyViewType xmlns=\"" + TYPES + "\">Detailed</FreeBusyViewType>"
                   + "<CalendarEventArray xmlns=\"" + TYPES + "\">"
                   + event("2025-03-10T06:00:00-07:00", "2025-03-10T07:30:00-07:00", "Busy", "Pacific")
                   + event("2025-03-10T15:00:00", "2025-03-10T16:00:00", "Tentative", "No offset")
                   + event("2025-03-10T17:00:00Z", "2025-03-10T17:30:00Z", "OOF", "")
                   + "</CalendarEventArray>"
                   + "<WorkingHours xmlns=\"" + TYPES + "\"><TimeZone><Bias>480</Bias><StandardTime><Bias>0</Bias>"
                   + "<Time>02:00:00</Time><DayOrder>1</DayOrder><Month>11</Month><DayOfWeek>Sunday</DayOfWeek></StandardTime>"
                   + "<DaylightTime><Bias>-60</Bias><Time>02:00:00</Time><DayOrder>2</DayOrder><Month>3</Month>"
                   + "<DayOfWeek>Sunday</DayOfWeek></DaylightTime></TimeZone><WorkingPeriodArray><WorkingPeriod>"
                   + "<DayOfWeek>Monday Tuesday Wednesday Thursday Friday</DayOfWeek><StartTimeInMinutes>480</StartTimeInMinutes>"
                   + "<EndTimeInMinutes>1020</EndTimeInMinutes></WorkingPeriod></WorkingPeriodArray></WorkingHours>"
                   + "</FreeBusyView></FreeBusyResponse>"
                   + "<FreeBusyResponse><ResponseMessage ResponseClass=\"Error\"><MessageText>No mailbox.</MessageText>"
                   + "<ResponseCode>ErrorMailRecipientNotFound</ResponseCode><DescriptiveLinkKey>0</DescriptiveLinkKey>"
                   + "</ResponseMessage><FreeBusyView><FreeBusyViewType xmlns=\"" + TYPES + "\">None</FreeBusyViewType>"
                   + "</FreeBusyView></FreeBusyResponse>"
                   + "</FreeBusyResponseArray></GetUserAvailabilityResponse></s:Body></s:Envelope>");
        Exchange ex = availability();
        assertThat(ex.getException()).isNull();
        @SuppressWarnings("unchecked")
        List<MailboxAvailability> av = ex.getMessage().getBody(List.class);
        assertThat(av).extracting(MailboxAvailability::getMailbox).containsExactly(ROOM1, ROOM2);
        assertThat(av.get(0).getBusySlots()).extracting(BusySlot::getStart, BusySlot::getEnd).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Instant.parse("2025-03-10T13:00:00Z"), Instant.parse("2025-03-10T14:30:00Z")),
                org.assertj.core.groups.Tuple.tuple(Instant.parse("2025-03-10T15:00:00Z"), Instant.parse("2025-03-10T16:00:00Z")),
                org.assertj.core.groups.Tuple.tuple(Instant.parse("2025-03-10T17:00:00Z"), Instant.parse("2025-03-10T17:30:00Z")));
        assertThat(av.get(0).getBusySlots()).extracting(BusySlot::getBusyType).containsExactly("Busy", "Tentative", "OOF");
        assertThat(av.get(0).getBusySlots().get(0).getSubject()).isEqualTo("Pacific");
        assertThat(av.get(1).isOk()).isFalse();
        assertThat(av.get(1).getErrorCode()).isEqualTo("ErrorMailRecipientNotFound");
        // the request still asks for UTC, as before
        assertThat(lastRequest.get()).contains("GetUserAvailabilityRequest").contains("<t:Bias>0</t:Bias>")
                .contains(ROOM1).contains(ROOM2);
    }

    @Test
    void freeBusyIsAskedForTheWindowGivenNotWholeDays() {
        String ok = "<FreeBusyResponse><ResponseMessage ResponseClass=\"Success\"><ResponseCode>NoError</ResponseCode>"
                    + "</ResponseMessage><FreeBusyView><FreeBusyViewType xmlns=\"" + TYPES + "\">Detailed</FreeBusyViewType>"
                    + "<CalendarEventArray xmlns=\"" + TYPES + "\">"
                    + event("2025-03-10T09:30:00Z", "2025-03-10T10:30:00Z", "Busy", "Overlaps the window")
                    + "</CalendarEventArray></FreeBusyView></FreeBusyResponse>";
        answer.set(HEADER + "<s:Body><GetUserAvailabilityResponse xmlns=\"http://schemas.microsoft.com/exchange/services/2006/messages\">"
                   + "<FreeBusyResponseArray>" + ok + ok + "</FreeBusyResponseArray></GetUserAvailabilityResponse></s:Body></s:Envelope>");
        Exchange ex = template.request(uri("getAvailability"), e -> {
            e.getIn().setHeader(EwsConstants.MAILBOXES, List.of(ROOM1, ROOM2));
            e.getIn().setHeader(EwsConstants.WINDOW_START, Instant.parse("2025-03-10T09:41:30.250Z"));
            e.getIn().setHeader(EwsConstants.WINDOW_END, Instant.parse("2025-03-10T10:02:00Z"));
        });
        assertThat(ex.getException()).isNull();
        // whole seconds around the window asked (a time without offset is in the request's zone, UTC, bias 0);
        // ews-java-api alone would ask 2025-03-10T00:00:00 to 2025-03-11T00:00:00 and get every meeting of the day
        assertThat(lastRequest.get()).contains("<t:TimeWindow><t:StartTime>2025-03-10T09:41:30</t:StartTime>"
                + "<t:EndTime>2025-03-10T10:02:00</t:EndTime></t:TimeWindow>")
                .contains("<t:RequestedView>Detailed</t:RequestedView>");
        @SuppressWarnings("unchecked")
        List<MailboxAvailability> av = ex.getMessage().getBody(List.class);
        assertThat(av.get(0).getBusySlots()).extracting(BusySlot::getSubject).containsExactly("Overlaps the window");
    }

    @Test
    void exchange2007AccessDeniedFaultIsEwsAccessDeniedException() {
        status.set(500);
        answer.set("<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                   + "<soap:Body><soap:Fault><faultcode>soap:Client</faultcode><faultstring>Microsoft.Exchange.Data.Storage."
                   + "AccessDeniedException: User is not mailbox owner. User = S-1-5-21-1, MailboxGuid = S-1-5-21-2</faultstring>"
                   + "<detail><ErrorCode xmlns=\"http://schemas.microsoft.com/exchange/services/2006/errors\">-2146233088"
                   + "</ErrorCode></detail></soap:Fault></soap:Body></soap:Envelope>");
        Exchange ex = availability();
        assertThat(ex.getException()).isInstanceOf(EwsAccessDeniedException.class);
        assertThat(((EwsException) ex.getException()).responseCode()).isEqualTo("ErrorAccessDenied");
    }

    @Test
    void incorrectSchemaVersionKeepsItsCodeAndNamesTheVersionSent() {
        status.set(500);
        answer.set("<?xml version=\"1.0\" encoding=\"utf-8\"?><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                   + "<s:Body><s:Fault><faultcode xmlns:a=\"" + TYPES + "\">a:ErrorIncorrectSchemaVersion</faultcode>"
                   + "<faultstring xml:lang=\"en-US\">The request is valid but does not specify the correct server version in"
                   + " the RequestServerVersion SOAP header.  Ensure that the RequestServerVersion SOAP header is set with the"
                   + " correct RequestServerVersionValue.</faultstring><detail>"
                   + "<e:ResponseCode xmlns:e=\"http://schemas.microsoft.com/exchange/services/2006/errors\">"
                   + "ErrorIncorrectSchemaVersion</e:ResponseCode>"
                   + "<e:Message xmlns:e=\"http://schemas.microsoft.com/exchange/services/2006/errors\">The request is valid but"
                   + " does not specify the correct server version in the RequestServerVersion SOAP header.</e:Message>"
                   + "</detail></s:Fault></s:Body></s:Envelope>");
        Exchange ex = availability();
        assertThat(ex.getException()).isInstanceOf(EwsException.class);
        EwsException e = (EwsException) ex.getException();
        assertThat(e.responseCode()).isEqualTo("ErrorIncorrectSchemaVersion");
        assertThat(e.getMessage()).contains("Exchange2010_SP2");
        assertThat(lastRequest.get()).contains("Version=\"Exchange2010_SP2\"");
    }
}
