package io.roomrelease.ews.simulator.server;

import static io.roomrelease.ews.simulator.server.SimulatorFixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.roomrelease.ews.simulator.EwsSimulator;
import io.roomrelease.ews.simulator.model.ThrottlingSettings;

import microsoft.exchange.webservices.data.core.ExchangeService;
import microsoft.exchange.webservices.data.core.enumeration.misc.error.ServiceError;
import microsoft.exchange.webservices.data.core.exception.service.remote.ServiceResponseException;

class ThrottlingTest {
    private final SimulatorFixture f = new SimulatorFixture(EwsSimulator.builder()
            .throttling(new ThrottlingSettings(27, 0, 0, 0)));

    @AfterEach
    void close() {
        f.sim.assertNoSchemaViolations();
        f.close();
    }

    @Test
    void hundredConcurrentRequestsAgainstALimitOf27NeverRunMoreThan27AtOnce() throws Exception {
        f.probe.workMillis = 1500;
        int clients = 100;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch ready = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> outcomes = new ArrayList<>();
        java.util.Queue<ServiceResponseException> rejections = new java.util.concurrent.ConcurrentLinkedQueue<>();
        try {
            for (int i = 0; i < clients; i++) {
                outcomes.add(pool.submit(() -> {
                    try (ExchangeService ews = f.preemptiveBasic(SVC, SVC_PASSWORD)) {
                        ready.countDown();
                        go.await();
                        Throwable t = catchThrowable(ews::getRoomLists);
                        if (t == null) {
                            return "served";
                        }
                        ServiceResponseException e = EwsErrors.responseException(t);
                        rejections.add(e);
                        return e.getErrorCode().name();
                    }
                }));
            }
            ready.await();
            go.countDown();
            List<String> results = new ArrayList<>();
            for (Future<String> o : outcomes) {
                results.add(o.get());
            }
            long served = results.stream().filter("served"::equals).count();
            long busy = results.stream().filter(ServiceError.ErrorServerBusy.name()::equals).count();

            assertThat(served + busy).as("every request is either served or throttled: %s", results).isEqualTo(clients);
            assertThat(busy).isPositive();
            assertThat(f.probe.maxRunning.get()).as("requests running at once inside the operation").isEqualTo(27);
            assertThat(f.sim.stats().maxInFlight(SVC)).isEqualTo(27);
            assertThat(f.sim.stats().concurrencyRejections()).isEqualTo(busy);
            assertThat(f.sim.stats().serverBusyReplies()).isEqualTo(busy);
            assertThat(f.sim.stats().inFlight(SVC)).isZero();
            // Exchange names the MaxConcurrency policy and gives no BackOffMilliseconds for a concurrency rejection
            assertThat(rejections).isNotEmpty().allSatisfy(e -> {
                assertThat(e.getMessage()).contains("exceeded the available concurrent connections");
                assertThat(e.getResponse().getErrorDetails())
                        .containsEntry("Policy", "MaxConcurrency")
                        .containsEntry("MaxConcurrencyLimit", "27")
                        .doesNotContainKey("BackOffMilliseconds");
            });
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void drainedBudgetGivesServerBusyWithBackOffAndCountsEarlyRequests() throws Exception {
        f.sim.throttling(new ThrottlingSettings(27, 3, 0.5, 2000));
        try (ExchangeService ews = f.preemptiveBasic(SVC, SVC_PASSWORD)) {
            ews.getRoomLists();
            ews.getRoomLists();
            ews.getRoomLists();

            ServiceResponseException busy = EwsErrors.responseException(catchThrowable(ews::getRoomLists));
            assertThat(busy.getErrorCode()).isEqualTo(ServiceError.ErrorServerBusy);
            assertThat(busy.getResponse().getErrorDetails()).containsEntry("BackOffMilliseconds", "2000");
            assertThat(f.sim.stats().requestsDuringBackOff()).isZero();

            f.clock.advance(Duration.ofMillis(1000));
            assertThat(EwsErrors.responseException(catchThrowable(ews::getRoomLists)).getErrorCode())
                    .isEqualTo(ServiceError.ErrorServerBusy);
            assertThat(f.sim.stats().requestsDuringBackOff()).isEqualTo(1);

            f.clock.advance(Duration.ofMillis(4000));
            ews.getRoomLists();
        }
        assertThat(f.probe.calls).hasSize(4);
        assertThat(f.sim.stats().serverBusyReplies()).isEqualTo(2);
        assertThat(f.sim.stats().requestsDuringBackOff()).isEqualTo(1);
        assertThat(f.sim.stats().concurrencyRejections()).isZero();
    }

    @Test
    void perAccountOverrideLeavesOtherAccountsAlone() throws Exception {
        f.sim.throttling(SCOPED, new ThrottlingSettings(27, 1, 0, 1000));
        try (ExchangeService scoped = f.preemptiveBasic(SCOPED, PASSWORD);
                ExchangeService svc = f.preemptiveBasic(SVC, SVC_PASSWORD)) {
            scoped.getRoomLists();
            assertThat(EwsErrors.responseException(catchThrowable(scoped::getRoomLists)).getErrorCode())
                    .isEqualTo(ServiceError.ErrorServerBusy);
            svc.getRoomLists();
            svc.getRoomLists();
        }
        assertThat(f.sim.throttlingFor(SVC).budgetBurst()).isZero();
    }

    @Test
    void injectedServerBusyCarriesTheRequestedBackOff() throws Exception {
        f.sim.faults().serverBusy(1, Duration.ofSeconds(30));
        try (ExchangeService ews = f.preemptiveBasic(SVC, SVC_PASSWORD)) {
            ServiceResponseException busy = EwsErrors.responseException(catchThrowable(ews::getRoomLists));
            assertThat(busy.getErrorCode()).isEqualTo(ServiceError.ErrorServerBusy);
            assertThat(busy.getResponse().getErrorDetails()).containsEntry("BackOffMilliseconds", "30000");
            ews.getRoomLists();
        }
        assertThat(f.probe.calls).hasSize(1);
    }

    @Test
    void injectedServerBusyOpensTheAccountsBackOffWindowForCounting() throws Exception {
        f.sim.faults().serverBusy(1, Duration.ofSeconds(30));
        try (ExchangeService ews = f.preemptiveBasic(SVC, SVC_PASSWORD);
                ExchangeService other = f.preemptiveBasic(SCOPED, PASSWORD)) {
            assertThat(EwsErrors.responseException(catchThrowable(ews::getRoomLists)).getErrorCode())
                    .isEqualTo(ServiceError.ErrorServerBusy);
            assertThat(f.sim.stats().requestsDuringBackOff()).as("the busy request itself").isZero();
            other.getRoomLists();
            assertThat(f.sim.stats().requestsDuringBackOff()).as("another account is not backing off").isZero();
            ews.getRoomLists();
            assertThat(f.sim.stats().requestsDuringBackOff()).as("sent 0 s into a 30 s back-off").isEqualTo(1);
            f.clock.advance(Duration.ofSeconds(30));
            ews.getRoomLists();
        }
        assertThat(f.sim.stats().requestsDuringBackOff()).as("sent once the back-off had passed").isEqualTo(1);
        assertThat(f.sim.stats().serverBusyReplies()).isEqualTo(1);
    }

    @Test
    void aRequestAlreadyOnTheWireWhenTheBusyReplyLeavesIsNotCounted() throws Exception {
        f.sim.throttling(new ThrottlingSettings(27, 1, 0, 2000));
        byte[] body = Soap.GET_ROOM_LISTS.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (ExchangeService ews = f.preemptiveBasic(SVC, SVC_PASSWORD);
                java.net.Socket early = new java.net.Socket(f.httpUrl().getHost(), f.httpUrl().getPort())) {
            ews.getRoomLists(); // spends the budget
            long before = f.sim.stats().totalRequests();
            // a request that reaches the server (its headers and half its body) before the busy reply goes out...
            java.io.OutputStream out = early.getOutputStream();
            out.write(("POST " + f.httpUrl().getRawPath() + " HTTP/1.1\r\nHost: " + f.httpUrl().getHost() + "\r\n"
                    + "Content-Type: text/xml; charset=utf-8\r\nAuthorization: "
                    + SimulatorFixture.basic(SVC, SVC_PASSWORD) + "\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.write(body, 0, body.length / 2);
            out.flush();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (f.sim.stats().totalRequests() == before && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(f.sim.stats().totalRequests()).as("the early request reached the handler").isEqualTo(before + 1);

            ServiceResponseException busy = EwsErrors.responseException(catchThrowable(ews::getRoomLists));
            assertThat(busy.getErrorCode()).isEqualTo(ServiceError.ErrorServerBusy);

            // ...and is read, parsed and admitted only after it: not the client's fault, not counted
            out.write(body, body.length / 2, body.length - body.length / 2);
            out.flush();
            String reply = new String(early.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(reply).startsWith("HTTP/1.1 500").contains("ErrorServerBusy");
            assertThat(f.sim.stats().requestsDuringBackOff()).as("arrived before the busy reply was sent").isZero();

            // a request sent after the busy reply, inside the back-off, is counted
            catchThrowable(ews::getRoomLists);
            assertThat(f.sim.stats().requestsDuringBackOff()).isEqualTo(1);
        }
    }

    @Test
    void http503OnDemandWithRetryAfter() throws Exception {
        f.sim.faults().serviceUnavailable(2, Duration.ofSeconds(5));
        HttpResponse<String> first = f.postSoap(Soap.GET_ROOM_LISTS, SVC, SVC_PASSWORD);
        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(first.headers().firstValue("Retry-After")).hasValue("5");
        try (ExchangeService ews = f.preemptiveBasic(SVC, SVC_PASSWORD)) {
            assertThat(catchThrowable(ews::getRoomLists)).hasStackTraceContaining("503");
            ews.getRoomLists();
        }
        assertThat(f.sim.stats().serviceUnavailableReplies()).isEqualTo(2);
        assertThat(f.probe.calls).hasSize(1);
    }
}
