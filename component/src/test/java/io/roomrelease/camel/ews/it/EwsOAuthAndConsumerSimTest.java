package io.roomrelease.camel.ews.it;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.roomrelease.camel.ews.EwsAuthenticationException;
import io.roomrelease.camel.ews.EwsConstants;
import io.roomrelease.camel.ews.EwsImpersonationDeniedException;
import io.roomrelease.camel.ews.TestClock;
import io.roomrelease.camel.ews.model.EwsEvent;
import io.roomrelease.camel.ews.model.EwsWriteResult;
import io.roomrelease.ews.simulator.model.AuditEntry;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** OAuth client credentials against the simulator's token endpoint, and the polling consumer. */
class EwsOAuthAndConsumerSimTest extends SimulatorSupport {

    final TestClock clock = new TestClock(Instant.now());

    @Override
    protected void bindToRegistry(org.apache.camel.spi.Registry registry) {
        registry.bind("clock", clock);
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("ews:calendar?rooms=" + ROOM1 + "&roomList=" + BUILDING + "&username=" + SCOPED + "&password=RAW("
                     + PW + ")&windowStart=-PT30M&windowEnd=PT2H&delay=600000&initialDelay=0")
                        .routeId("poll").autoStartup(false).to("mock:events");
            }
        };
    }

    Exchange find(String auth) {
        return call("ews:rooms?operation=findEvents&clock=#clock&" + auth, e -> {
            e.getIn().setHeader(EwsConstants.MAILBOX, ROOM1);
            e.getIn().setHeader(EwsConstants.WINDOW_START, BASE.minus(Duration.ofMinutes(30)));
            e.getIn().setHeader(EwsConstants.WINDOW_END, BASE.plus(Duration.ofHours(2)));
        });
    }

    @Test
    void oauthTokenIsCachedAndRefreshedBeforeExpiry() {
        long issued = sim.stats().tokensIssued();
        assertThat(find(oauth()).getException()).isNull();
        assertThat(find(oauth()).getException()).isNull();
        assertThat(sim.stats().tokensIssued() - issued).isEqualTo(1);
        // the simulator issues 1-hour tokens: 56 minutes later the component fetches a new one before using it
        clock.advance(Duration.ofMinutes(56));
        assertThat(find(oauth()).getException()).isNull();
        assertThat(sim.stats().tokensIssued() - issued).isEqualTo(2);
    }

    @Test
    void oauthWritesShowTheServiceAccountActingOnTheRoom() {
        Exchange ex = call("ews:rooms?operation=declineEvent&" + oauth(), e -> {
            e.getIn().setHeader(EwsConstants.MAILBOX, ROOM3);
            e.getIn().setHeader(EwsConstants.ITEM_ID, sim.store().calendar(ROOM3).stream()
                    .filter(c -> "Tentative one".equals(c.subject())).findFirst().orElseThrow().id());
            e.getIn().setHeader(EwsConstants.MESSAGE, "Released");
        });
        assertThat(ex.getException()).isNull();
        String rid = ex.getMessage().getBody(EwsWriteResult.class).getRequestId();
        assertThat(sim.store().auditLog()).anySatisfy(a -> {
            assertThat(a.clientRequestId()).isEqualTo(rid);
            assertThat(a.actor()).isEqualToIgnoringCase(SVC);
            assertThat(a.mailbox()).isEqualToIgnoringCase(ROOM3);
            assertThat(a.logonType()).isEqualTo(AuditEntry.LogonType.Impersonation);
            assertThat(a.result()).isEqualTo(AuditEntry.Result.Succeeded);
        });
    }

    @Test
    void wrongClientSecretFailsWithoutTheSecret() {
        Exchange ex = find("clientId=" + CLIENT_ID + "&clientSecret=RAW(Not-The-Secret-77)&tokenUrl=" + sim.tokenUrl());
        assertThat(ex.getException()).isInstanceOfSatisfying(EwsAuthenticationException.class, e -> {
            assertThat(e.getMessage()).contains(CLIENT_ID).doesNotContain("Not-The-Secret-77")
                    .doesNotContain(CLIENT_SECRET);
        });
    }

    @Test
    void consumerPollsRoomsAndRoomListsAndReportsTheDeniedRoom() throws Exception {
        MockEndpoint mock = getMockEndpoint("mock:events");
        mock.expectedMessageCount(2);
        context.getRouteController().startRoute("poll");
        mock.assertIsSatisfied();
        List<Exchange> got = mock.getReceivedExchanges();
        assertThat(got).extracting(e -> e.getIn().getBody(EwsEvent.class).getSubject())
                .containsExactly("Planning", "Daily standup");
        assertThat(got).allSatisfy(e -> {
            assertThat(e.getIn().getHeader(EwsConstants.MAILBOX)).isEqualTo(ROOM1);
            assertThat(e.getProperty(Exchange.BATCH_SIZE)).isEqualTo(2);
            @SuppressWarnings("unchecked")
            Map<String, String> failed = e.getProperty(EwsConstants.FAILED_ROOMS, Map.class);
            assertThat(failed).containsOnlyKeys(ROOM2);
            assertThat(failed.get(ROOM2)).contains("New-ManagementRoleAssignment");
        });
        io.roomrelease.camel.ews.EwsConsumer consumer = (io.roomrelease.camel.ews.EwsConsumer) context.getRoute("poll")
                .getConsumer();
        assertThat(consumer.getLastFailures().get(ROOM2)).isInstanceOf(EwsImpersonationDeniedException.class);
    }
}
