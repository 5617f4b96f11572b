package io.roomrelease.ews.simulator.server;

import static io.roomrelease.ews.simulator.server.SimulatorFixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.roomrelease.ews.simulator.EwsSimulator;
import io.roomrelease.ews.simulator.model.AuditEntry;
import io.roomrelease.ews.simulator.stats.SimulatorStats.UnauthorizedReason;

import microsoft.exchange.webservices.data.core.ExchangeService;

class AuthenticationTest {
    private final SimulatorFixture f = new SimulatorFixture(EwsSimulator.builder().tokenLifetime(Duration.ofMinutes(10)));

    @AfterEach
    void close() {
        f.sim.assertNoSchemaViolations();
        f.close();
    }

    @Test
    void basicAfterChallengeCostsOne401ThenSucceeds() throws Exception {
        try (ExchangeService ews = f.challengeBasic(SVC, SVC_PASSWORD)) {
            assertThat(ews.getRoomLists()).hasSize(1);
        }
        assertThat(f.sim.stats().unauthorized()).containsExactly(Map.entry(UnauthorizedReason.MISSING_CREDENTIALS, 1L));
        assertThat(f.probe.calls).singleElement().satisfies(c -> assertThat(c.account()).isEqualTo(SVC));
    }

    @Test
    void preemptiveBasicNeedsNoChallenge() throws Exception {
        try (ExchangeService ews = f.preemptiveBasic(SVC, SVC_PASSWORD)) {
            ews.getRoomLists();
            ews.getRoomLists();
        }
        assertThat(f.sim.stats().unauthorized()).isEmpty();
        assertThat(f.probe.calls).hasSize(2);
    }

    @Test
    void wrongPasswordGets401AndIsAudited() {
        try (ExchangeService ews = f.preemptiveBasic(SVC, "wrong")) {
            assertThatThrownBy(ews::getRoomLists).hasStackTraceContaining("401");
        }
        try (ExchangeService ews = f.challengeBasic("nobody@contoso.com", "x")) {
            assertThatThrownBy(ews::getRoomLists).hasStackTraceContaining("401");
        }
        assertThat(f.sim.stats().unauthorized(UnauthorizedReason.BAD_CREDENTIALS)).isEqualTo(2);
        assertThat(f.probe.calls).isEmpty();
        assertThat(f.sim.store().auditLog()).filteredOn(e -> e.operation().equals("Logon"))
                .extracting(AuditEntry::actor, AuditEntry::result)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(SVC, AuditEntry.Result.Failed),
                        org.assertj.core.groups.Tuple.tuple("nobody@contoso.com", AuditEntry.Result.Failed));
    }

    @Test
    void bearerTokenWorksUntilItExpiresOnTheSimulatorClockThenANewOneWorks() throws Exception {
        String token = fetchToken();
        try (ExchangeService ews = TrustingExchangeService.create(f.sslContext())) {
            ews.setUrl(f.sim.httpsUrl());
            ews.getHttpHeaders().put("Authorization", "Bearer " + token);
            ews.getRoomLists();

            f.clock.advance(Duration.ofMinutes(10).plusSeconds(1));
            assertThatThrownBy(ews::getRoomLists).hasStackTraceContaining("401");
            assertThat(f.sim.stats().unauthorized(UnauthorizedReason.EXPIRED_TOKEN)).isEqualTo(1);

            ews.getHttpHeaders().put("Authorization", "Bearer " + fetchToken());
            ews.getRoomLists();
        }
        assertThat(f.probe.calls).hasSize(2);
        assertThat(f.sim.stats().tokensIssued()).isEqualTo(2);
    }

    @Test
    void expiredAndUnknownTokensGetTheBearerChallenge() throws Exception {
        String token = fetchToken();
        f.clock.advance(Duration.ofHours(1));
        HttpResponse<String> expired = ewsWithBearer(token);
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(expired.headers().allValues("WWW-Authenticate")).anySatisfy(v ->
                assertThat(v).startsWith("Bearer").contains("error=\"invalid_token\""));
        assertThat(ewsWithBearer("forged-token").statusCode()).isEqualTo(401);
        assertThat(f.sim.stats().unauthorized()).containsEntry(UnauthorizedReason.EXPIRED_TOKEN, 1L)
                .containsEntry(UnauthorizedReason.UNKNOWN_TOKEN, 1L);
    }

    @Test
    void missingCredentialsGetABasicChallenge() throws Exception {
        HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(f.httpUrl()).header("Content-Type", "text/xml")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("<x/>")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().allValues("WWW-Authenticate")).contains("Basic realm=\"EWS simulator\"");
    }

    @Test
    void tokenEndpointAnswersOAuthErrors() throws Exception {
        HttpResponse<String> badSecret = f.token("grant_type=client_credentials&client_id=" + SVC_CLIENT_ID + "&client_secret=nope");
        assertThat(badSecret.statusCode()).isEqualTo(401);
        assertThat(json(badSecret.body())).containsEntry("error", "invalid_client");
        assertThat(badSecret.body()).doesNotContain("nope");

        HttpResponse<String> badGrant = f.token("grant_type=password&client_id=" + SVC_CLIENT_ID);
        assertThat(badGrant.statusCode()).isEqualTo(400);
        assertThat(json(badGrant.body())).containsEntry("error", "unsupported_grant_type");

        HttpResponse<String> ok = f.token("grant_type=client_credentials&client_id=" + SVC_CLIENT_ID
                + "&client_secret=" + SVC_CLIENT_SECRET + "&scope=https%3A%2F%2Foutlook.office365.com%2F.default");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(json(ok.body())).containsEntry("token_type", "Bearer").containsEntry("expires_in", 600)
                .containsKey("access_token");
    }

    private String fetchToken() throws Exception {
        HttpResponse<String> r = f.token("grant_type=client_credentials&client_id=" + SVC_CLIENT_ID
                + "&client_secret=" + SVC_CLIENT_SECRET + "&scope=https%3A%2F%2Foutlook.office365.com%2F.default");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return (String) json(r.body()).get("access_token");
    }

    private HttpResponse<String> ewsWithBearer(String token) throws Exception {
        return f.httpClient().send(java.net.http.HttpRequest.newBuilder(f.sim.httpsUrl())
                        .header("Content-Type", "text/xml").header("Authorization", "Bearer " + token)
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(Soap.GET_ROOM_LISTS)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String body) throws Exception {
        return new ObjectMapper().readValue(body, Map.class);
    }
}
