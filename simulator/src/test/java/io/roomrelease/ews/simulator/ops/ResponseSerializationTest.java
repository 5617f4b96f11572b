package io.roomrelease.ews.simulator.ops;

import static io.roomrelease.ews.simulator.soap.XmlComparison.assertSameXml;
import static io.roomrelease.ews.simulator.soap.XmlComparison.transformerBytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import io.roomrelease.ews.simulator.MutableClock;
import io.roomrelease.ews.simulator.model.ExchangeStore;
import io.roomrelease.ews.simulator.model.Recurrence;
import io.roomrelease.ews.simulator.scenario.MeetingSpec;
import io.roomrelease.ews.simulator.scenario.Scenario;
import io.roomrelease.ews.simulator.schema.SchemaValidator;
import io.roomrelease.ews.simulator.soap.EwsCall;
import io.roomrelease.ews.simulator.soap.EwsOperationHandler;
import io.roomrelease.ews.simulator.soap.Namespaces;
import io.roomrelease.ews.simulator.soap.SecureXml;
import io.roomrelease.ews.simulator.soap.SoapWriter;
import io.roomrelease.ews.simulator.soap.XmlComparison;

/**
 * Real response envelopes, built by the handlers, written by {@link SecureXml#toBytes} and by the identity
 * transform the simulator used before: both must be the same XML, and what is sent must still be valid EWS.
 */
class ResponseSerializationTest {
    static final String ROOM = "room@contoso.com";
    static final String ORGANIZER = "olga@contoso.com";
    static final Instant DAY = Instant.parse("2025-03-10T00:00:00Z");
    static final String AWKWARD = "R&D <Q1> \"review\" – café 😀";
    static final SchemaValidator SCHEMA = SchemaValidator.fromSystemProperties();

    final ExchangeStore store = new ExchangeStore(Scenario.builder().room(ROOM, "Room <1> & co").user(ORGANIZER, "Olga")
            .user("ursula@contoso.com", "Ursula").serviceAccount("svc@contoso.com", "pw")
            .meeting(MeetingSpec.builder(AWKWARD, ORGANIZER).rooms(ROOM).attendees("ursula@contoso.com")
                    .start(DAY.plus(Duration.ofHours(9))).duration(Duration.ofMinutes(30)).build())
            .meeting(MeetingSpec.builder("Daily", ORGANIZER).rooms(ROOM).start(DAY.plus(Duration.ofHours(10)))
                    .duration(Duration.ofHours(1)).recurrence(Recurrence.daily(1, LocalDate.of(2025, 3, 10)).withOccurrences(3))
                    .build())
            .build(), new MutableClock(DAY));

    /** The envelope of one operation answered by {@code handler}, as the dispatcher builds it. */
    Document envelope(EwsOperationHandler handler, String requestBody) throws Exception {
        String xml = requestBody.replaceFirst(">", " xmlns:m=\"" + Namespaces.MESSAGES + "\" xmlns:t=\"" + Namespaces.TYPES + "\">");
        Element request = SecureXml.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
        SoapWriter.ResponseEnvelope envelope = SoapWriter.response();
        envelope.setBody(handler.handle(new EwsCall() {
            public Element request() {
                return request;
            }

            public Document responseDocument() {
                return envelope.document();
            }

            public String account() {
                return "svc@contoso.com";
            }

            public Optional<String> impersonated() {
                return Optional.of(ROOM);
            }

            public String requestId() {
                return "req-1";
            }

            public ZoneId requestTimeZone() {
                return ZoneOffset.UTC;
            }

            public Clock clock() {
                return Clock.fixed(DAY, ZoneOffset.UTC);
            }
        }));
        return envelope.document();
    }

    /** Compares with the old serialisation and returns the body child of what the simulator now sends. */
    static Element sameAsBeforeAndValid(Document envelope) throws Exception {
        byte[] bytes = SecureXml.toBytes(envelope);
        assertSameXml(bytes, transformerBytes(envelope));
        Element body = (Element) XmlComparison.parse(bytes).getElementsByTagNameNS(Namespaces.SOAP, "Body").item(0);
        Element response = (Element) body.getFirstChild();
        assertThat(SCHEMA.validate(response)).isEmpty();
        return response;
    }

    @Test
    void findItemWithItems() throws Exception {
        Document envelope = envelope(new FindItemOperation(store), "<m:FindItem Traversal=\"Shallow\">"
                + "<m:ItemShape><t:BaseShape>AllProperties</t:BaseShape></m:ItemShape>"
                + "<m:CalendarView StartDate=\"2025-03-10T00:00:00Z\" EndDate=\"2025-03-13T00:00:00Z\"/>"
                + "<m:ParentFolderIds><t:DistinguishedFolderId Id=\"calendar\"/></m:ParentFolderIds></m:FindItem>");
        Element response = sameAsBeforeAndValid(envelope);
        assertThat(response.getElementsByTagNameNS(Namespaces.TYPES, "CalendarItem").getLength()).isEqualTo(4);
        assertThat(response.getElementsByTagNameNS(Namespaces.TYPES, "Subject").item(0).getTextContent()).isEqualTo(AWKWARD);
    }

    @Test
    void getUserAvailabilityWithDetailsAndAnUnknownMailbox() throws Exception {
        Document envelope = envelope(new GetUserAvailabilityOperation(store), "<m:GetUserAvailabilityRequest>"
                + "<m:MailboxDataArray>"
                + "<t:MailboxData><t:Email><t:Address>" + ROOM + "</t:Address></t:Email><t:AttendeeType>Room</t:AttendeeType></t:MailboxData>"
                + "<t:MailboxData><t:Email><t:Address>nobody@contoso.com</t:Address></t:Email><t:AttendeeType>Required</t:AttendeeType></t:MailboxData>"
                + "</m:MailboxDataArray><t:FreeBusyViewOptions><t:TimeWindow><t:StartTime>2025-03-10T00:00:00</t:StartTime>"
                + "<t:EndTime>2025-03-11T00:00:00</t:EndTime></t:TimeWindow><t:MergedFreeBusyIntervalInMinutes>30"
                + "</t:MergedFreeBusyIntervalInMinutes><t:RequestedView>DetailedMerged</t:RequestedView></t:FreeBusyViewOptions>"
                + "</m:GetUserAvailabilityRequest>");
        Element response = sameAsBeforeAndValid(envelope);
        assertThat(response.getElementsByTagNameNS(Namespaces.TYPES, "CalendarEvent").getLength()).isEqualTo(2);
        assertThat(response.getElementsByTagNameNS(Namespaces.MESSAGES, "ResponseCode").item(1).getTextContent())
                .isEqualTo("ErrorMailRecipientNotFound");
    }
}
