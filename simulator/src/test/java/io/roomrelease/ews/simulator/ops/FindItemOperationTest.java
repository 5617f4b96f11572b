package io.roomrelease.ews.simulator.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import io.roomrelease.ews.simulator.MutableClock;
import io.roomrelease.ews.simulator.model.ExchangeStore;
import io.roomrelease.ews.simulator.scenario.MeetingSpec;
import io.roomrelease.ews.simulator.scenario.Scenario;
import io.roomrelease.ews.simulator.soap.EwsCall;
import io.roomrelease.ews.simulator.soap.Namespaces;

/** FindItem's limits, checked on the handler directly with hand-written requests. */
class FindItemOperationTest {
    static final String ROOM = "room@contoso.com";
    static final Instant DAY = Instant.parse("2025-03-10T00:00:00Z");
    final MutableClock clock = new MutableClock(DAY);

    ExchangeStore storeWithMeetings(int n) {
        Scenario.Builder b = Scenario.builder().room(ROOM, "Room").user("u@contoso.com", "U").serviceAccount("svc@contoso.com", "pw");
        for (int i = 0; i < n; i++) {
            b.meeting(MeetingSpec.builder("M" + i, "u@contoso.com").rooms(ROOM)
                    .start(DAY.plus(Duration.ofMinutes(10L * i))).duration(Duration.ofMinutes(10)).build());
        }
        return new ExchangeStore(b.build(), clock);
    }

    Element call(ExchangeStore store, String body) throws Exception {
        String xml = "<m:FindItem xmlns:m=\"" + Namespaces.MESSAGES + "\" xmlns:t=\"" + Namespaces.TYPES
                + "\" Traversal=\"Shallow\">" + body + "<m:ParentFolderIds><t:DistinguishedFolderId Id=\"calendar\"/>"
                + "</m:ParentFolderIds></m:FindItem>";
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Element request = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
        Document response = f.newDocumentBuilder().newDocument();
        EwsCall ewsCall = new EwsCall() {
            public Element request() {
                return request;
            }

            public Document responseDocument() {
                return response;
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
                return clock;
            }
        };
        return new FindItemOperation(store).handle(ewsCall);
    }

    static Element root(Element response) {
        return (Element) response.getElementsByTagNameNS(Namespaces.MESSAGES, "RootFolder").item(0);
    }

    static int items(Element response) {
        return response.getElementsByTagNameNS(Namespaces.TYPES, "CalendarItem").getLength();
    }

    static String code(Element response) {
        return response.getElementsByTagNameNS(Namespaces.MESSAGES, "ResponseCode").item(0).getTextContent();
    }

    static final String SHAPE = "<m:ItemShape><t:BaseShape>AllProperties</t:BaseShape></m:ItemShape>";

    @Test
    void aCalendarViewPageStopsAtTheFindCountLimitOf1000() throws Exception {
        ExchangeStore store = storeWithMeetings(1200);
        Element r = call(store, SHAPE + "<m:CalendarView StartDate=\"2025-03-10T00:00:00Z\" EndDate=\"2025-03-20T00:00:00Z\"/>");
        assertThat(items(r)).isEqualTo(1000);
        assertThat(root(r).getAttribute("IncludesLastItemInRange")).isEqualTo("false");
        Element rest = call(store, SHAPE + "<m:CalendarView StartDate=\"2025-03-16T22:40:00Z\" EndDate=\"2025-03-20T00:00:00Z\"/>");
        // The next page starts where the last item ended; Exchange's CalendarView also returns items that end
        // exactly at StartDate, so the boundary item comes again and a paging client must drop duplicates by id.
        assertThat(items(rest)).isEqualTo(201);
        assertThat(((Element) rest.getElementsByTagNameNS(Namespaces.TYPES, "End").item(0)).getTextContent())
                .isEqualTo("2025-03-16T22:40:00Z");
        assertThat(root(rest).getAttribute("IncludesLastItemInRange")).isEqualTo("true");
    }

    @Test
    void findItemRefusesPropertiesOnlyGetItemReturns() throws Exception {
        Element r = call(storeWithMeetings(1), "<m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties>"
                + "<t:FieldURI FieldURI=\"calendar:RequiredAttendees\"/></t:AdditionalProperties></m:ItemShape>"
                + "<m:CalendarView StartDate=\"2025-03-10T00:00:00Z\" EndDate=\"2025-03-11T00:00:00Z\"/>");
        assertThat(code(r)).isEqualTo("ErrorInvalidPropertyRequest");
    }

    @Test
    void idOnlyReturnsJustTheIdAndFirstClassShapeHasNoAttendees() throws Exception {
        ExchangeStore store = storeWithMeetings(1);
        Element idOnly = call(store, "<m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape>"
                + "<m:CalendarView StartDate=\"2025-03-10T00:00:00Z\" EndDate=\"2025-03-11T00:00:00Z\"/>");
        Element item = (Element) idOnly.getElementsByTagNameNS(Namespaces.TYPES, "CalendarItem").item(0);
        assertThat(item.getChildNodes().getLength()).isEqualTo(1);
        Element all = call(store, SHAPE + "<m:CalendarView StartDate=\"2025-03-10T00:00:00Z\" EndDate=\"2025-03-11T00:00:00Z\"/>");
        assertThat(all.getElementsByTagNameNS(Namespaces.TYPES, "Subject").getLength()).isEqualTo(1);
        assertThat(all.getElementsByTagNameNS(Namespaces.TYPES, "Resources").getLength()).isZero();
        assertThat(all.getElementsByTagNameNS(Namespaces.TYPES, "Body").getLength()).isZero();
    }
}
