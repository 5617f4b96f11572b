package io.roomrelease.camel.ews;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.roomrelease.camel.ews.model.EwsEvent;
import io.roomrelease.camel.ews.model.EwsWriteResult;
import io.roomrelease.camel.ews.model.RoomAddress;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Camel layer (URI options, header selection, consumer batches and failure isolation) over a fake backend. */
class EwsCamelLayerTest extends CamelTestSupport {

    static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");
    final FakeBackend backend = new FakeBackend();
    final TestClock clock = new TestClock(NOW);

    @Override
    protected void bindToRegistry(org.apache.camel.spi.Registry registry) {
        registry.bind("fake", backend);
        registry.bind("clock", clock);
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        backend.calendars.put("a@x.com", List.of(FakeBackend.event("a@x.com", "a1", NOW),
                FakeBackend.event("a@x.com", "a2", NOW.plusSeconds(3600))));
        backend.calendars.put("c@x.com", List.of(FakeBackend.event("c@x.com", "c1", NOW)));
        backend.failing.put("b@x.com", new EwsImpersonationDeniedException("svc@x.com", "b@x.com",
                "ErrorImpersonateUserDenied", "rid-b", null));
        backend.roomLists.put("building@x.com", List.of(new RoomAddress("c@x.com", "C")));
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("ews:calendar?backend=#fake&clock=#clock&rooms=a@x.com,b@x.com&roomList=building@x.com"
                     + "&windowStart=-PT30M&windowEnd=PT2H&delay=600000&initialDelay=0")
                        .routeId("poll").autoStartup(false).to("mock:events");
                from("direct:op").to("ews:rooms?backend=#fake&clock=#clock&mailbox=default@x.com&operation=findEvents");
            }
        };
    }

    @Test
    void pollDelayDefaultsToAMinuteAsTheCatalogSaysAndTheUriOverridesIt() throws Exception {
        EwsEndpoint plain = context.getEndpoint("ews:defaults?backend=#fake&clock=#clock&rooms=a@x.com", EwsEndpoint.class);
        EwsConsumer consumer = (EwsConsumer) plain.createConsumer(e -> { });
        assertThat(consumer.getDelay()).as("the running consumer").isEqualTo(60_000);
        EwsEndpoint tuned = context.getEndpoint("ews:tuned?backend=#fake&clock=#clock&rooms=a@x.com&delay=5000",
                EwsEndpoint.class);
        assertThat(((EwsConsumer) tuned.createConsumer(e -> { })).getDelay()).isEqualTo(5000);
        String catalog = new String(getClass().getResourceAsStream("/META-INF/io/roomrelease/camel/ews/ews.json")
                .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"delay\": \\{[^}]*\"defaultValue\": \"?(\\d+)")
                .matcher(catalog);
        assertThat(m.find()).as("delay in the catalog").isTrue();
        assertThat(Long.parseLong(m.group(1))).as("the catalog's default").isEqualTo(consumer.getDelay());
    }

    @Test
    void consumerEmitsOneExchangePerEventAndReportsTheFailingRoom() throws Exception {
        MockEndpoint mock = getMockEndpoint("mock:events");
        mock.expectedMessageCount(3);
        context.getRouteController().startRoute("poll");
        mock.assertIsSatisfied();
        List<Exchange> got = mock.getReceivedExchanges();
        assertThat(got).extracting(e -> e.getIn().getBody(EwsEvent.class).getItemId()).containsExactly("a1", "a2", "c1");
        assertThat(got).extracting(e -> e.getProperty(Exchange.BATCH_INDEX)).containsExactly(0, 1, 2);
        assertThat(got).allSatisfy(e -> assertThat(e.getProperty(Exchange.BATCH_SIZE)).isEqualTo(3));
        assertThat(got.get(2).getProperty(Exchange.BATCH_COMPLETE, Boolean.class)).isTrue();
        Exchange first = got.get(0);
        assertThat(first.getIn().getHeader(EwsConstants.MAILBOX)).isEqualTo("a@x.com");
        assertThat(first.getIn().getHeader(EwsConstants.ITEM_ID)).isEqualTo("a1");
        assertThat(first.getIn().getHeader(EwsConstants.CHANGE_KEY)).isEqualTo("ck-a1");
        assertThat(first.getIn().getHeader(EwsConstants.REQUEST_ID)).isEqualTo("rid-find-a@x.com");
        assertThat(first.getIn().getHeader(EwsConstants.WINDOW_START)).isEqualTo(NOW.minus(Duration.ofMinutes(30)));
        assertThat(first.getIn().getHeader(EwsConstants.WINDOW_END)).isEqualTo(NOW.plus(Duration.ofHours(2)));
        @SuppressWarnings("unchecked")
        Map<String, String> failed = first.getProperty(EwsConstants.FAILED_ROOMS, Map.class);
        assertThat(failed).containsOnlyKeys("b@x.com");
        assertThat(failed.get("b@x.com")).contains("New-ManagementRoleAssignment");
        assertThat(backend.calls).anyMatch(c -> c.startsWith("findEvents c@x.com"));
    }

    @Test
    void operationOptionAndHeadersSelectTheCall() {
        @SuppressWarnings("unchecked")
        List<EwsEvent> events = template.requestBody("direct:op", null, List.class);
        assertThat(events).isEmpty();
        assertThat(backend.calls).contains("findEvents default@x.com " + NOW.minus(Duration.ofMinutes(30)) + " "
                                           + NOW.plus(Duration.ofHours(2)));

        Exchange ex = template.request("direct:op", e -> {
            e.getIn().setHeader(EwsConstants.OPERATION, "declineEvent");
            e.getIn().setHeader(EwsConstants.MAILBOX, "room@x.com");
            e.getIn().setHeader(EwsConstants.ITEM_ID, "id-7");
            e.getIn().setHeader(EwsConstants.MESSAGE, "Released: nobody checked in");
            e.getIn().setHeader(EwsConstants.WHOLE_SERIES, true);
        });
        assertThat(ex.getException()).isNull();
        assertThat(ex.getMessage().getBody(EwsWriteResult.class).getItemId()).isEqualTo("id-7");
        assertThat(ex.getMessage().getHeader(EwsConstants.REQUEST_ID)).isEqualTo("rid-decline");
        assertThat(backend.calls).contains("declineEvent room@x.com id-7 Released: nobody checked in true");
    }

    @Test
    void eventBodySuppliesIdChangeKeyAndMailbox() {
        EwsEvent ev = FakeBackend.event("r9@x.com", "id-9", NOW);
        template.send("direct:op", e -> {
            e.getIn().setHeader(EwsConstants.OPERATION, "updateEvent");
            e.getIn().setHeader(EwsConstants.END, "2026-03-02T09:45:00Z");
            e.getIn().setBody(ev);
        });
        assertThat(backend.calls).contains("updateEvent r9@x.com id-9 ck-id-9 null 2026-03-02T09:45:00Z");
    }

    @Test
    void availabilityTakesMailboxesFromHeaderOrBody() {
        Exchange ex = template.request("direct:op", e -> {
            e.getIn().setHeader(EwsConstants.OPERATION, "getAvailability");
            e.getIn().setBody("r1@x.com, r2@x.com");
        });
        assertThat(ex.getMessage().getBody(List.class)).hasSize(2);
        assertThat(backend.calls).anyMatch(c -> c.startsWith("getAvailability [r1@x.com, r2@x.com]"));
    }

    @Test
    void unknownOperationFails() {
        assertThatThrownBy(() -> template.requestBodyAndHeader("direct:op", null, EwsConstants.OPERATION, "dropAll"))
                .isInstanceOf(CamelExecutionException.class).hasRootCauseInstanceOf(IllegalArgumentException.class)
                .rootCause().hasMessageContaining("Unknown operation 'dropAll'").hasMessageContaining("declineEvent");
    }

    @Test
    void endpointOptionsAreParsedIntoAnEndpointCopy() {
        EwsComponent comp = context.getComponent("ews", EwsComponent.class);
        comp.getConfiguration().setUrl("https://mail.example.com/EWS/Exchange.asmx");
        EwsEndpoint ep = context.getEndpoint("ews:cal?backend=#fake&mailbox=m@x.com&accessMode=delegate"
                                             + "&connectingIdType=PrincipalName&maxConcurrentRequests=5&maxBackOff=30s"
                                             + "&requestTimeout=10s&fetchAttendees=true&operation=getEvent"
                                             + "&connectionIdleTimeout=250ms",
                EwsEndpoint.class);
        EwsConfiguration c = ep.getConfiguration();
        assertThat(c.getUrl()).isEqualTo("https://mail.example.com/EWS/Exchange.asmx");
        assertThat(c.getAccessMode()).isEqualTo(AccessMode.delegate);
        assertThat(c.getConnectingIdType()).isEqualTo(ConnectingIdType.PrincipalName);
        assertThat(c.getMaxConcurrentRequests()).isEqualTo(5);
        assertThat(c.getMaxBackOff()).isEqualTo(30000);
        assertThat(c.getRequestTimeout()).isEqualTo(10000);
        assertThat(c.getConnectionIdleTimeout()).isEqualTo(250);
        assertThat(comp.getConfiguration().getConnectionIdleTimeout()).as("default").isEqualTo(15000);
        assertThat(c.isFetchAttendees()).isTrue();
        assertThat(c.getOperation()).isEqualTo(EwsOperation.getEvent);
        assertThat(comp.getConfiguration().getMailbox()).as("component defaults untouched").isNull();
    }
}
