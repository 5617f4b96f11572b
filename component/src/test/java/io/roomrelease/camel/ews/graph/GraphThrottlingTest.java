package io.roomrelease.camel.ews.graph;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.roomrelease.camel.ews.EwsConfiguration;
import io.roomrelease.camel.ews.EwsThrottledException;
import io.roomrelease.camel.ews.model.MailboxAvailability;
import io.roomrelease.camel.ews.retry.Sleeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Graph's throttling rules as the client must honour them: per mailbox, per app, 4 in flight per mailbox. */
class GraphThrottlingTest {

    static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");

    GraphStub stub;
    GraphClient client;
    GraphBackend backend;
    ExecutorService pool = Executors.newFixedThreadPool(24);
    /** Counted down when the client first waits out a back-off, i.e. once it has read a 429. */
    final java.util.concurrent.CountDownLatch backingOff = new java.util.concurrent.CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        stub = new GraphStub();
        Sleeper recording = d -> {
            backingOff.countDown();
            Sleeper.THREAD_SLEEP.sleep(d);
        };
        client = GraphClients.create(GraphBackendTest.conf(stub), Clock.systemUTC(), recording, "t");
        backend = new GraphBackend(client, 10, Clock.systemUTC());
        backend.findEvents("warmup@x.com", T0, T0.plusSeconds(60), false); // the token
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        stub.close();
    }

    static GraphStub.Answer throttled(String retryAfter) {
        return new GraphStub.Answer(429, GraphStub.error("ApplicationThrottled", "Application is over its"
                                                                                 + " MailboxConcurrency limit."),
                Map.of("Retry-After", retryAfter));
    }

    @Test
    void a429HoldsBackThatMailboxForItsFractionalRetryAfterWhileOthersProceed() throws Exception {
        AtomicBoolean once = new AtomicBoolean();
        AtomicLong throttledAt = new AtomicLong();
        stub.override = s -> {
            if (s.path().contains("/users/busy@x.com/") && once.compareAndSet(false, true)) {
                throttledAt.set(System.nanoTime());
                return throttled("0.8");
            }
            return null;
        };
        Future<?> first = pool.submit(() -> backend.findEvents("busy@x.com", T0, T0.plusSeconds(60), false));
        while (throttledAt.get() == 0) {
            Thread.sleep(5);
        }
        Thread.sleep(50); // the reply is on its way back: the mailbox's gate closes as it is read
        // another caller of the same mailbox during the back-off, and callers of another mailbox
        Future<?> second = pool.submit(() -> backend.findEvents("busy@x.com", T0, T0.plusSeconds(60), false));
        for (int i = 0; i < 5; i++) {
            backend.findEvents("calm@x.com", T0, T0.plusSeconds(60), false);
        }
        first.get(10, TimeUnit.SECONDS);
        second.get(10, TimeUnit.SECONDS);

        long gate = throttledAt.get() + Duration.ofMillis(800).toNanos();
        List<GraphStub.Seen> busy = stub.graphRequests("/users/busy@x.com/");
        assertThat(busy).hasSize(3);
        assertThat(busy.subList(1, 3)).allSatisfy(s -> assertThat(s.atNanos()).isGreaterThanOrEqualTo(gate));
        assertThat(stub.graphRequests("/users/calm@x.com/")).hasSize(5)
                .allSatisfy(s -> assertThat(s.atNanos()).isLessThan(gate));
    }

    @Test
    void anAppWide429HoldsBackEveryMailbox() throws Exception {
        AtomicBoolean once = new AtomicBoolean();
        AtomicLong throttledAt = new AtomicLong();
        stub.override = s -> {
            if (s.path().contains("/places/") && once.compareAndSet(false, true)) {
                throttledAt.set(System.nanoTime());
                return throttled(java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                        java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(2)));
            }
            return null;
        };
        Future<?> lists = pool.submit(() -> backend.listRoomLists(null));
        // once the client has read the app-wide 429 (it waits it out), a mailbox request must wait too
        assertThat(backingOff.await(10, TimeUnit.SECONDS)).isTrue();
        backend.findEvents("calm@x.com", T0, T0.plusSeconds(60), false);
        lists.get(10, TimeUnit.SECONDS);
        // an HTTP date has whole seconds: at least one second from the 429 (at most two)
        long gate = throttledAt.get() + Duration.ofMillis(1000).toNanos();
        assertThat(stub.graphRequests("/users/calm@x.com/")).singleElement()
                .satisfies(s -> assertThat(s.atNanos()).isGreaterThanOrEqualTo(gate));
        assertThat(stub.graphRequests("/places/")).hasSize(2);
    }

    @Test
    void neverMoreThanFourRequestsInFlightPerMailboxWithSixteenCallers() throws Exception {
        Map<String, AtomicInteger> now = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> max = new ConcurrentHashMap<>();
        AtomicInteger total = new AtomicInteger();
        AtomicInteger maxTotal = new AtomicInteger();
        stub.override = s -> {
            String m = s.path().split("/")[3];
            int n = now.computeIfAbsent(m, k -> new AtomicInteger()).incrementAndGet();
            max.computeIfAbsent(m, k -> new AtomicInteger()).accumulateAndGet(n, Math::max);
            maxTotal.accumulateAndGet(total.incrementAndGet(), Math::max);
            try {
                Thread.sleep(40);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                now.get(m).decrementAndGet();
                total.decrementAndGet();
            }
            return null;
        };
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            calls.add(pool.submit(() -> {
                for (int k = 0; k < 3; k++) {
                    backend.findEvents("hot@x.com", T0, T0.plusSeconds(60), false);
                }
            }));
        }
        for (int i = 0; i < 4; i++) {
            calls.add(pool.submit(() -> backend.findEvents("cool@x.com", T0, T0.plusSeconds(60), false)));
        }
        for (Future<?> f : calls) {
            f.get(30, TimeUnit.SECONDS);
        }
        assertThat(stub.graphRequests("/users/hot@x.com/")).hasSize(48);
        assertThat(max.get("hot@x.com").get()).isEqualTo(4);
        assertThat(client.maxInFlight("hot@x.com")).isEqualTo(4);
        assertThat(maxTotal.get()).as("other mailboxes are not held by the busy one").isGreaterThan(4);
        assertThat(client.maxOnWire()).isLessThanOrEqualTo(10); // maxConcurrentRequests for the app
    }

    @Test
    void aThrottledBatchSubRequestIsRetriedAloneAfterItsOwnRetryAfter() {
        List<String> rooms = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            rooms.add("r" + i + "@x.com");
        }
        AtomicBoolean once = new AtomicBoolean();
        AtomicLong throttledAt = new AtomicLong();
        stub.override = s -> {
            if (s.path().contains("/users/r20@x.com/calendar/getSchedule") && "true".equals(s.headers().get("x-batched"))
                && once.compareAndSet(false, true)) {
                throttledAt.set(System.nanoTime());
                return throttled("0.5");
            }
            return null;
        };
        List<MailboxAvailability> out = backend.getAvailability(null, rooms, T0, T0.plus(Duration.ofHours(8))).value();
        assertThat(out).hasSize(60).allMatch(MailboxAvailability::isOk);
        assertThat(stub.graphRequests("/$batch")).hasSize(1);
        List<GraphStub.Seen> r20 = stub.graphRequests("/users/r20@x.com/calendar/getSchedule");
        assertThat(r20).hasSize(2);
        assertThat(r20.get(1).headers()).doesNotContainKey("x-batched");
        assertThat(r20.get(1).atNanos()).isGreaterThanOrEqualTo(throttledAt.get() + Duration.ofMillis(500).toNanos());
        assertThat(stub.graphRequests("/users/r0@x.com/calendar/getSchedule")).hasSize(1);
    }

    @Test
    void aBatchSubRequestFailureStaysWithItsOwnMailboxes() {
        stub.override = s -> s.path().contains("/users/r0@x.com/calendar/getSchedule")
                ? GraphStub.Answer.of(500, GraphStub.error("ErrorInternalServerError", "boom")) : null;
        List<String> rooms = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            rooms.add("r" + i + "@x.com");
        }
        assertThatThrownBy(() -> backend.getAvailability(null, rooms, T0, T0.plus(Duration.ofHours(8))))
                .isInstanceOf(GraphRequestException.class).hasMessageContaining("ErrorInternalServerError")
                .hasMessageContaining("r0@x.com").hasMessageContaining("Graph request-id srv-");
    }

    @Test
    void exhaustedRetriesEndInEwsThrottledExceptionWithTheBackOff() {
        EwsConfiguration c = GraphBackendTest.conf(stub);
        c.setMaxBackOff(1000);
        GraphBackend strict = new GraphBackend(GraphClients.create(c, Clock.systemUTC(), Sleeper.THREAD_SLEEP, "t"),
                10, Clock.systemUTC());
        stub.override = s -> s.path().contains("/users/") ? throttled("30") : null;
        assertThatThrownBy(() -> strict.findEvents("x@x.com", T0, T0.plusSeconds(60), false))
                .isInstanceOfSatisfying(EwsThrottledException.class, e -> {
                    assertThat(e.backOff()).isEqualTo(Duration.ofSeconds(30));
                    assertThat(e.responseCode()).isEqualTo("ApplicationThrottled");
                });
        assertThat(stub.graphRequests("/users/x@x.com/")).hasSize(1);
    }
}
