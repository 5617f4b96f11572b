package io.roomrelease.camel.ews.it;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.roomrelease.camel.ews.EwsComponent;
import io.roomrelease.camel.ews.EwsConstants;
import io.roomrelease.camel.ews.EwsOutcomeUnknownException;
import io.roomrelease.camel.ews.ews.EwsAccount;
import io.roomrelease.camel.ews.model.EwsEvent;
import io.roomrelease.ews.simulator.model.SentMessage;
import io.roomrelease.ews.simulator.scenario.MeetingSpec;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connections never go stale silently (issue 9, item 4), against the simulator over HTTPS with an idle keep-alive
 * timeout shorter than the gap between rounds, as IIS closes idle connections; and writes whose outcome cannot be
 * known are reported as such, never resent.
 */
class EwsConnectionsSimTest extends SimulatorSupport {

    /** The simulator closes connections idle longer than this. */
    static final Duration SERVER_IDLE = Duration.ofMillis(300);
    /** Idle gap between rounds: longer than the server's idle timeout. */
    static final long GAP_MILLIS = 700;
    static final int ROUNDS = 10;
    static final int MAX_CONCURRENT = 3;

    String findUri(long connectionIdleTimeout) {
        return "ews:rooms?operation=findEvents&" + basic() + "&maxConcurrentRequests=" + MAX_CONCURRENT
               + "&connectionIdleTimeout=" + connectionIdleTimeout;
    }

    EwsAccount account() {
        return context.getComponent("ews", EwsComponent.class).accounts().values().iterator().next();
    }

    /** ROUNDS rounds of parallel reads over every pooled service, each after an idle gap; returns failed reads. */
    List<String> rounds(String uri) throws Exception {
        int parallel = 2 * MAX_CONCURRENT; // the pool's capacity: every pooled service is used each round
        String[] rooms = { ROOM1, ROOM2, ROOM3, ROOM4 };
        List<String> failures = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(parallel);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                List<Future<Exchange>> reads = new ArrayList<>();
                for (int i = 0; i < parallel; i++) {
                    String room = rooms[i % rooms.length];
                    reads.add(threads.submit(() -> call(uri, e -> {
                        e.getIn().setHeader(EwsConstants.MAILBOX, room);
                        e.getIn().setHeader(EwsConstants.WINDOW_START, BASE.minus(Duration.ofMinutes(30)));
                        e.getIn().setHeader(EwsConstants.WINDOW_END, BASE.plus(Duration.ofHours(2)));
                    })));
                }
                for (Future<Exchange> f : reads) {
                    Exchange ex = f.get(30, TimeUnit.SECONDS);
                    if (ex.getException() != null) {
                        failures.add("round " + round + ": " + ex.getException());
                    }
                }
                Thread.sleep(GAP_MILLIS); // every pooled connection idles past the server's keep-alive timeout
            }
        } finally {
            threads.shutdownNow();
        }
        return failures;
    }

    @Test
    @Timeout(60)
    void idleConnectionsAreEvictedBeforeTheServerClosesThem() throws Exception {
        sim.faults().idleTimeout(SERVER_IDLE);
        long dropsBefore = sim.stats().droppedConnections();
        List<String> failures = rounds(findUri(100));
        assertThat(failures).isEmpty();
        EwsAccount account = account();
        System.out.printf("eviction on (100 ms < server 300 ms): %d rounds x %d reads, %d retries on a fresh"
                          + " connection, %d services created%n", ROUNDS, 2 * MAX_CONCURRENT,
                account.freshConnectionRetries(), account.pool().created());
        assertThat(sim.stats().droppedConnections()).isEqualTo(dropsBefore);
    }

    @Test
    @Timeout(60)
    void withoutEvictionEveryStaleConnectionIsRetriedOnAFreshOne() throws Exception {
        sim.faults().idleTimeout(SERVER_IDLE);
        // eviction off: after each gap EVERY pooled connection is stale; the fresh-connection retry alone recovers
        List<String> failures = rounds(findUri(0));
        assertThat(failures).isEmpty();
        EwsAccount account = account();
        System.out.printf("eviction off: %d rounds x %d reads, %d retries on a fresh connection, %d services"
                          + " created%n", ROUNDS, 2 * MAX_CONCURRENT, account.freshConnectionRetries(),
                account.pool().created());
        assertThat(account.freshConnectionRetries()).as("stale connections were met (after every gap)")
                .isGreaterThanOrEqualTo(ROUNDS - 1);
    }

    /** Account options of the write tests (the pool and timeouts are per account: the find and the write share them). */
    String writeOptions = "&connectionIdleTimeout=0";

    String writeUri() {
        return "ews:rooms?" + basic() + writeOptions;
    }

    EwsEvent meeting(String subject, Instant at) {
        sim.store().addMeeting(MeetingSpec.builder(subject, ALICE).rooms(ROOM1).start(at)
                .duration(Duration.ofMinutes(30)).build());
        Exchange ex = call(writeUri() + "&operation=findEvents", e -> {
            e.getIn().setHeader(EwsConstants.MAILBOX, ROOM1);
            e.getIn().setHeader(EwsConstants.WINDOW_START, at.minus(Duration.ofMinutes(5)));
            e.getIn().setHeader(EwsConstants.WINDOW_END, at.plus(Duration.ofHours(1)));
        });
        assertThat(ex.getException()).isNull();
        @SuppressWarnings("unchecked")
        List<EwsEvent> events = ex.getMessage().getBody(List.class);
        return events.stream().filter(e -> e.getSubject().equals(subject)).findFirst().orElseThrow();
    }

    Exchange decline(EwsEvent event) {
        return call(writeUri() + "&operation=declineEvent", e -> {
            e.getIn().setBody(event);
            e.getIn().setHeader(EwsConstants.MESSAGE, "Released: nobody checked in");
        });
    }

    long declinesOf(String subject) {
        return sim.store().sentMessages(ALICE).stream()
                .filter(m -> m.kind() == SentMessage.Kind.DECLINE && m.subject().contains(subject)).count();
    }

    @Test
    @Timeout(60)
    void aDeclineWhoseReplyIsUnreadableIsAnUnknownOutcomeAndIsNotResent() {
        EwsEvent event = meeting("Unreadable reply", BASE.plus(Duration.ofDays(4)));
        long creates = sim.stats().requests("CreateItem");
        sim.faults().unreadableReplyAfterExecution("DeclineItem", 1);
        Exchange ex = decline(event);
        assertThat(ex.getException()).isInstanceOfSatisfying(EwsOutcomeUnknownException.class, u -> {
            assertThat(u.operation()).isEqualTo("declineEvent");
            assertThat(u.itemId()).isEqualTo(event.getItemId());
            assertThat(u.mailbox()).isEqualTo(ROOM1);
            assertThat(u.requestId()).isNotBlank();
            assertThat(u.getMessage()).contains("reply could not be read").doesNotContain(SVC_PW);
        });
        assertThat(sim.stats().requests("CreateItem") - creates).as("sent once, never resent").isEqualTo(1);
        assertThat(declinesOf("Unreadable reply")).as("Exchange carried the decline out, once").isEqualTo(1);
    }

    @Test
    @Timeout(60)
    void aDeclineWhoseConnectionDropsAfterSendingIsAnUnknownOutcomeAndIsNotResent() {
        EwsEvent event = meeting("Dropped after send", BASE.plus(Duration.ofDays(4)).plus(Duration.ofHours(1)));
        long creates = sim.stats().requests("CreateItem");
        long drops = sim.stats().droppedConnections();
        sim.faults().dropConnectionAfterExecution("DeclineItem", 1);
        Exchange ex = decline(event); // on the reused keep-alive connection of the find: still never resent
        assertThat(ex.getException()).isInstanceOfSatisfying(EwsOutcomeUnknownException.class, u -> {
            assertThat(u.operation()).isEqualTo("declineEvent");
            assertThat(u.getMessage()).contains("connection dropped after the request was sent")
                    .doesNotContain(SVC_PW);
        });
        assertThat(sim.stats().droppedConnections() - drops).isEqualTo(1);
        assertThat(sim.stats().requests("CreateItem") - creates).as("sent once, never resent").isEqualTo(1);
        assertThat(declinesOf("Dropped after send")).as("Exchange carried the decline out, once").isEqualTo(1);
    }

    @Test
    @Timeout(60)
    void aDeclineOnAConnectionTheServerAlreadyClosedGoesOutOnceOnAFreshOne() throws Exception {
        sim.faults().idleTimeout(SERVER_IDLE);
        EwsEvent event = meeting("Stale before send", BASE.plus(Duration.ofDays(4)).plus(Duration.ofHours(2)));
        long creates = sim.stats().requests("CreateItem");
        Thread.sleep(GAP_MILLIS); // the find's connection is closed by the server; eviction is off
        Exchange ex = decline(event);
        assertThat(ex.getException()).isNull();
        assertThat(account().freshConnectionRetries()).as("the closed connection was found before sending")
                .isEqualTo(1);
        assertThat(sim.stats().requests("CreateItem") - creates).isEqualTo(1);
        assertThat(declinesOf("Stale before send")).isEqualTo(1);
    }

    @Test
    @Timeout(60)
    void aDeclineWhoseReplyTimesOutAfterSendingIsAnUnknownOutcomeAndIsNotResent() throws Exception {
        writeOptions = "&connectionIdleTimeout=0&requestTimeout=1000";
        EwsEvent event = meeting("Timed out", BASE.plus(Duration.ofDays(4)).plus(Duration.ofHours(3)));
        long creates = sim.stats().requests("CreateItem");
        sim.faults().fixedLatency("CreateItem", Duration.ofMillis(2500)); // carried out after the client gave up
        Exchange ex = call(writeUri() + "&operation=declineEvent", e -> e.getIn().setBody(event));
        assertThat(ex.getException()).isInstanceOfSatisfying(EwsOutcomeUnknownException.class,
                u -> assertThat(u.getMessage()).contains("no reply within requestTimeout"));
        for (int i = 0; i < 100 && declinesOf("Timed out") == 0; i++) {
            Thread.sleep(100); // the simulator finishes the decline after the client's timeout
        }
        assertThat(declinesOf("Timed out")).isEqualTo(1);
        assertThat(sim.stats().requests("CreateItem") - creates).as("sent once, never resent").isEqualTo(1);
    }
}
