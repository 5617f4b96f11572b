package io.roomrelease.camel.ews.graph;

import java.time.Instant;
import java.util.List;

import io.roomrelease.camel.ews.EwsApi;
import io.roomrelease.camel.ews.EwsComponent;
import io.roomrelease.camel.ews.EwsConfiguration;
import io.roomrelease.camel.ews.EwsConstants;
import io.roomrelease.camel.ews.ews.EwsSettingsFactory;
import io.roomrelease.camel.ews.model.EventDelta;
import io.roomrelease.camel.ews.model.EwsEvent;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** api=graph through Camel: the same URIs and headers as EWS, and the option checks. */
class GraphEndpointTest extends CamelTestSupport {

    static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");
    GraphStub stub;

    @Override
    protected RouteBuilder createRouteBuilder() throws Exception {
        stub = new GraphStub();
        stub.addEvent("room1@x.com", "standup", T0, T0.plusSeconds(900), false, "org@x.com");
        String opts = "api=graph&graphUrl=" + stub.base() + "&allowInsecureHttp=true&tokenUrl=" + stub.tokenUrl()
                      + "&clientId=app-1&clientSecret=RAW(s3cret)&mailbox=room1@x.com";
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:find").to("ews:rooms?operation=findEvents&" + opts);
                from("direct:op").to("ews:rooms?" + opts);
            }
        };
    }

    @AfterEach
    void stopStub() {
        stub.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void findEventsAndDeltaEventsRunThroughTheProducer() {
        Exchange out = template.request("direct:find", e -> {
            e.getIn().setHeader(EwsConstants.WINDOW_START, T0.minusSeconds(60));
            e.getIn().setHeader(EwsConstants.WINDOW_END, T0.plusSeconds(3600));
        });
        assertThat(out.getException()).isNull();
        assertThat((List<EwsEvent>) out.getMessage().getBody()).extracting(EwsEvent::getSubject).containsExactly("standup");
        assertThat(out.getMessage().getHeader(EwsConstants.REQUEST_ID, String.class)).isNotBlank();
        assertThat(context.getComponent("ews", EwsComponent.class).graphClients()).hasSize(1);

        stub.override = s -> s.path().endsWith("/calendarView/delta") ? GraphStub.Answer.of(200,
                GraphStub.JSON.createObjectNode().put("@odata.deltaLink", stub.base()
                                                                          + "/users/room1@x.com/calendarView/delta?$deltatoken=d1")
                        .set("value", GraphStub.JSON.createArrayNode())) : null;
        Exchange delta = template.request("direct:op", e -> {
            e.getIn().setHeader(EwsConstants.OPERATION, "deltaEvents");
            e.getIn().setHeader(EwsConstants.WINDOW_START, T0);
            e.getIn().setHeader(EwsConstants.WINDOW_END, T0.plusSeconds(3600));
        });
        assertThat(delta.getException()).isNull();
        assertThat(delta.getMessage().getBody(EventDelta.class).restarted()).isFalse();
        assertThat(delta.getMessage().getHeader(EwsConstants.DELTA_LINK, String.class)).endsWith("$deltatoken=d1");
    }

    @Test
    void graphOptionsNameWhatIsMissingAndTheFix() {
        EwsConfiguration c = new EwsConfiguration();
        c.setApi(EwsApi.graph);
        c.setUsername("svc@x.com");
        c.setPassword("pw-secret");
        assertThat(EwsSettingsFactory.problems(c)).anySatisfy(p -> assertThat(p).startsWith("username:")
                .contains("Basic")).anySatisfy(p -> assertThat(p).startsWith("clientId:"))
                .noneSatisfy(p -> assertThat(p).startsWith("url:"))
                .allSatisfy(p -> assertThat(p).doesNotContain("pw-secret"));

        EwsConfiguration d = new EwsConfiguration();
        d.setApi(EwsApi.graph);
        d.setClientId("app-1");
        d.setGraphUrl("http://graph.local/v1.0");
        assertThat(EwsSettingsFactory.problems(d)).anySatisfy(p -> assertThat(p).startsWith("clientSecret:"))
                .anySatisfy(p -> assertThat(p).startsWith("tenantId:"))
                .anySatisfy(p -> assertThat(p).startsWith("graphUrl:").contains("allowInsecureHttp"));

        d.setClientSecret("x");
        d.setTenantId("contoso.onmicrosoft.com");
        d.setGraphUrl(EwsConfiguration.DEFAULT_GRAPH_URL);
        assertThat(EwsSettingsFactory.problems(d)).isEmpty();
        assertThat(d.effectiveScope()).isEqualTo("https://graph.microsoft.com/.default");
    }
}
