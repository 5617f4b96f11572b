package io.roomrelease.camel.ews.it;

import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import io.roomrelease.camel.ews.EwsComponent;
import io.roomrelease.camel.ews.EwsConstants;
import io.roomrelease.camel.ews.model.BusySlot;
import io.roomrelease.camel.ews.model.MailboxAvailability;
import io.roomrelease.ews.simulator.EwsSimulator;
import io.roomrelease.ews.simulator.model.Account;
import io.roomrelease.ews.simulator.model.PermissionLevel;
import io.roomrelease.ews.simulator.model.ResponseType;
import io.roomrelease.ews.simulator.scenario.MeetingSpec;
import io.roomrelease.ews.simulator.scenario.Scenario;
import io.roomrelease.ews.simulator.schema.SchemaValidator;
import io.roomrelease.ews.simulator.soap.EwsCall;
import io.roomrelease.ews.simulator.soap.EwsOperationHandler;
import io.roomrelease.ews.simulator.soap.Namespaces;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import static io.roomrelease.camel.ews.it.SimulatorSupport.ALICE;
import static io.roomrelease.camel.ews.it.SimulatorSupport.BASE;
import static io.roomrelease.camel.ews.it.SimulatorSupport.ROOM1;
import static io.roomrelease.camel.ews.it.SimulatorSupport.ROOM2;
import static io.roomrelease.camel.ews.it.SimulatorSupport.ROOM3;
import static io.roomrelease.camel.ews.it.SimulatorSupport.SVC;
import static io.roomrelease.camel.ews.it.SimulatorSupport.SVC_PW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * freeBusyView: the GetUserAvailability view getAvailability asks for, against the simulator over plain HTTP with
 * schema validation of every request and answer (its own simulator: the rooms show details to the service account,
 * LimitedDetails, so a Detailed request is answered with subjects and the difference is visible).
 */
class EwsFreeBusyViewSimTest extends CamelTestSupport {

    static EwsSimulator sim;
    static final Observer observer = new Observer();

    /** Passes GetUserAvailability to the simulator's own handler, keeping each request and answer as XML text. */
    static final class Observer implements EwsOperationHandler {
        volatile EwsOperationHandler real;
        final List<String> requests = new CopyOnWriteArrayList<>();
        final List<Element> answers = new CopyOnWriteArrayList<>();

        @Override
        public String operation() {
            return "GetUserAvailabilityRequest";
        }

        @Override
        public Element handle(EwsCall call) {
            requests.add(xml(call.request()));
            Element answer = real.handle(call);
            answers.add(answer);
            return answer;
        }
    }

    static String xml(Element e) {
        try {
            StringWriter out = new StringWriter();
            var t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            t.transform(new DOMSource(e), new StreamResult(out));
            return out.toString();
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    static List<String> texts(Element e, String ns, String local) {
        NodeList list = e.getElementsByTagNameNS(ns, local);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) {
            out.add(list.item(i).getTextContent());
        }
        return out;
    }

    @BeforeAll
    static void startSimulator() {
        Scenario scenario = Scenario.builder().organisation("example.com")
                .account(new Account(SVC, SVC_PW, null, null, true, Set.of(), Set.of()))
                .room(ROOM1, "Room 1").room(ROOM2, "Room 2").room(ROOM3, "Room 3").user(ALICE, "Alice")
                .defaultRoomPermission(PermissionLevel.LIMITED_DETAILS)
                .meeting(MeetingSpec.builder("Board meeting", ALICE).rooms(ROOM1)
                        .between(BASE, BASE.plus(Duration.ofHours(1))).build())
                .meeting(MeetingSpec.builder("Budget review", ALICE).rooms(ROOM1)
                        .between(BASE.plus(Duration.ofHours(2)), BASE.plus(Duration.ofMinutes(150))).build())
                .meeting(MeetingSpec.builder("Maybe a workshop", ALICE).rooms(ROOM2).roomResponse(ResponseType.Tentative)
                        .between(BASE.plus(Duration.ofMinutes(30)), BASE.plus(Duration.ofMinutes(90))).build())
                .build();
        sim = EwsSimulator.builder().scenario(scenario).clock(Clock.systemUTC()).httpsPort(-1).httpPort(0)
                .schemaValidation(SchemaValidator.fromSystemProperties()).operation(observer).start();
        observer.real = sim.store().operations().stream().filter(h -> h.operation().equals(observer.operation()))
                .findFirst().orElseThrow();
    }

    @AfterAll
    static void stopSimulator() {
        sim.close();
    }

    @BeforeEach
    void forget() {
        observer.requests.clear();
        observer.answers.clear();
    }

    @AfterEach
    void noSchemaViolations() {
        sim.assertNoSchemaViolations();
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext ctx = super.createCamelContext();
        EwsComponent ews = new EwsComponent();
        ews.getConfiguration().setUrl(sim.httpUrl().toString());
        ews.getConfiguration().setAllowInsecureHttp(true);
        ews.getConfiguration().setUsername(SVC);
        ews.getConfiguration().setPassword(SVC_PW);
        ctx.addComponent("ews", ews);
        return ctx;
    }

    @SuppressWarnings("unchecked")
    List<MailboxAvailability> availability(String uri) {
        Exchange ex = template.request(uri, e -> {
            e.getIn().setHeader(EwsConstants.MAILBOXES, List.of(ROOM1, ROOM2, ROOM3));
            e.getIn().setHeader(EwsConstants.WINDOW_START, BASE.minus(Duration.ofMinutes(30)));
            e.getIn().setHeader(EwsConstants.WINDOW_END, BASE.plus(Duration.ofHours(3)));
        });
        assertThat(ex.getException()).isNull();
        return ex.getMessage().getBody(List.class);
    }

    @Test
    void freeBusyAsksForTheFreeBusyViewAndReadsTimesAndBusyTypesWithoutSubjects() {
        List<MailboxAvailability> av = availability("ews:rooms?operation=getAvailability&freeBusyView=FreeBusy");

        assertThat(observer.requests).singleElement().asString()
                .contains("<t:RequestedView>FreeBusy</t:RequestedView>");
        Element answer = observer.answers.get(0);
        assertThat(texts(answer, Namespaces.TYPES, "FreeBusyViewType")).containsExactly("FreeBusy", "FreeBusy", "FreeBusy");
        assertThat(texts(answer, Namespaces.TYPES, "CalendarEventDetails")).as("no details asked, none sent").isEmpty();
        assertThat(texts(answer, Namespaces.TYPES, "WorkingHours")).hasSize(3);

        assertThat(av).extracting(MailboxAvailability::getMailbox).containsExactly(ROOM1, ROOM2, ROOM3);
        assertThat(av).allMatch(MailboxAvailability::isOk);
        assertThat(av.get(0).getBusySlots()).containsExactly(
                new BusySlot(BASE, BASE.plus(Duration.ofHours(1)), "Busy", null),
                new BusySlot(BASE.plus(Duration.ofHours(2)), BASE.plus(Duration.ofMinutes(150)), "Busy", null));
        assertThat(av.get(1).getBusySlots()).containsExactly(
                new BusySlot(BASE.plus(Duration.ofMinutes(30)), BASE.plus(Duration.ofMinutes(90)), "Tentative", null));
        assertThat(av.get(2).getBusySlots()).isEmpty();
    }

    @Test
    void theDefaultStillAsksForDetailedAndReadsSubjects() {
        List<MailboxAvailability> av = availability("ews:rooms?operation=getAvailability");

        assertThat(observer.requests).singleElement().asString()
                .contains("<t:RequestedView>Detailed</t:RequestedView>");
        assertThat(texts(observer.answers.get(0), Namespaces.TYPES, "FreeBusyViewType"))
                .containsExactly("Detailed", "Detailed", "Detailed");
        assertThat(av.get(0).getBusySlots()).extracting(BusySlot::getSubject)
                .containsExactly("Board meeting", "Budget review");
        assertThat(av.get(1).getBusySlots()).singleElement().satisfies(s -> {
            assertThat(s.getSubject()).isEqualTo("Maybe a workshop");
            assertThat(s.getBusyType()).isEqualTo("Tentative");
        });
        // the same periods as the FreeBusy view, plus their subjects
        List<MailboxAvailability> lean = availability("ews:rooms?operation=getAvailability&freeBusyView=FreeBusy");
        for (int i = 0; i < av.size(); i++) {
            assertThat(lean.get(i).getBusySlots()).extracting(BusySlot::getStart, BusySlot::getEnd, BusySlot::getBusyType)
                    .containsExactlyElementsOf(av.get(i).getBusySlots().stream()
                            .map(s -> org.assertj.core.groups.Tuple.tuple(s.getStart(), s.getEnd(), s.getBusyType()))
                            .toList());
        }
        assertThat(xml(observer.answers.get(1)).length()).as("the FreeBusy answer is the smaller one")
                .isLessThan(xml(observer.answers.get(0)).length());
    }

    @Test
    void aViewTheComponentDoesNotReadIsRefusedWhenTheEndpointIsCreated() {
        long before = sim.stats().requests("GetUserAvailabilityRequest");
        for (String view : List.of("DetailedMerged", "MergedOnly", "None", "Summary")) {
            assertThatThrownBy(() -> context.getEndpoint("ews:rooms?operation=getAvailability&freeBusyView=" + view))
                    .isInstanceOf(ResolveEndpointFailedException.class)
                    .hasMessageContaining("freeBusyView: '" + view + "' is not one of FreeBusy, Detailed")
                    .hasMessageContaining("Fix: set freeBusyView to one of them");
        }
        assertThat(sim.stats().requests("GetUserAvailabilityRequest")).isEqualTo(before);
    }
}
