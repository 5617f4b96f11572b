package io.roomrelease.ews.simulator.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import io.roomrelease.ews.simulator.EwsSimulator;
import io.roomrelease.ews.simulator.MutableClock;
import io.roomrelease.ews.simulator.model.Account;
import io.roomrelease.ews.simulator.scenario.Scenario;
import io.roomrelease.ews.simulator.schema.SchemaValidator;

import microsoft.exchange.webservices.data.core.ExchangeService;
import microsoft.exchange.webservices.data.core.enumeration.misc.ExchangeVersion;
import microsoft.exchange.webservices.data.credential.WebCredentials;

/** A small organisation, a started simulator with a {@link ProbeOperation}, and client helpers. */
final class SimulatorFixture implements AutoCloseable {
    static final String SVC = "svc-rooms@contoso.com";
    static final String SVC_PASSWORD = "Svc-Passw0rd!";
    static final String SVC_CLIENT_ID = "3f2c9d1e-rooms";
    static final String SVC_CLIENT_SECRET = "s3cret-value-never-logged";
    static final String SCOPED = "svc-scoped@contoso.com";
    static final String ALICE = "alice@contoso.com";
    static final String PASSWORD = "Passw0rd!";
    static final String ROOM1 = "room1@contoso.com";
    static final String ROOM2 = "room2@contoso.com";

    final MutableClock clock = new MutableClock(Instant.parse("2025-03-10T09:00:00Z"));
    final ProbeOperation probe = new ProbeOperation();
    final EwsSimulator sim;

    SimulatorFixture() {
        this(EwsSimulator.builder());
    }

    SimulatorFixture(EwsSimulator.Builder builder) {
        sim = builder.scenario(scenario()).clock(clock).operation(probe)
                .schemaValidation(SchemaValidator.fromSystemProperties()).start();
    }

    static Scenario scenario() {
        return Scenario.builder()
                .room(ROOM1, "Room 1").room(ROOM2, "Room 2")
                .user(ALICE, "Alice").user("bob@contoso.com", "Bob")
                .account(new Account(SVC, SVC_PASSWORD, SVC_CLIENT_ID, SVC_CLIENT_SECRET, true, Set.of(), Set.of()))
                .account(new Account(SCOPED, PASSWORD, null, null, true, Set.of(ROOM1), Set.of()))
                .account(new Account(ALICE, PASSWORD, null, null, false, Set.of(), Set.of()))
                .build();
    }

    /** An ews-java-api client over HTTP with Basic credentials (sent after the 401 challenge). */
    ExchangeService challengeBasic(String user, String password) {
        ExchangeService ews = new ExchangeService(ExchangeVersion.Exchange2010_SP2);
        ews.setUrl(sim.httpUrl());
        ews.setCredentials(new WebCredentials(user, password));
        return ews;
    }

    /** An ews-java-api client over HTTP sending Basic pre-emptively, as the component does. */
    ExchangeService preemptiveBasic(String user, String password) {
        ExchangeService ews = new ExchangeService(ExchangeVersion.Exchange2010_SP2);
        ews.setUrl(sim.httpUrl());
        ews.getHttpHeaders().put("Authorization", basic(user, password));
        return ews;
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** An SSLContext trusting only the simulator's certificate. */
    SSLContext sslContext() throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(sim.trustStore());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** A java.net.http client trusting the simulator. */
    HttpClient httpClient() throws Exception {
        return HttpClient.newBuilder().sslContext(sslContext()).build();
    }

    /** POSTs raw SOAP to the HTTP endpoint with pre-emptive Basic auth. */
    HttpResponse<String> postSoap(String xml, String user, String password) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(sim.httpUrl())
                .header("Content-Type", "text/xml; charset=utf-8")
                .header("Authorization", basic(user, password))
                .POST(HttpRequest.BodyPublishers.ofString(xml, StandardCharsets.UTF_8)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Fetches a token from the HTTPS token endpoint; returns the raw response. */
    HttpResponse<String> token(String form) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(sim.tokenUrl())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        return httpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    URI httpUrl() {
        return sim.httpUrl();
    }

    @Override
    public void close() {
        sim.close();
    }
}
