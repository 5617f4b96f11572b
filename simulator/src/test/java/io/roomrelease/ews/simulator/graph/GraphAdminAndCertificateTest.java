package io.roomrelease.ews.simulator.graph;

import static io.roomrelease.ews.simulator.graph.GraphFixture.CLIENT_ID;
import static io.roomrelease.ews.simulator.graph.GraphFixture.GRAPH_SCOPE;
import static io.roomrelease.ews.simulator.graph.GraphFixture.JSON;
import static io.roomrelease.ews.simulator.graph.GraphFixture.NOW;
import static io.roomrelease.ews.simulator.graph.GraphFixture.ROOM_A;
import static io.roomrelease.ews.simulator.graph.GraphFixture.ROOM_B;
import static io.roomrelease.ews.simulator.graph.GraphFixture.enc;
import static io.roomrelease.ews.simulator.graph.GraphFixture.window;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.roomrelease.ews.simulator.admin.AdminEndpoint;
import io.roomrelease.ews.simulator.server.SelfSignedCertificate;

/** The admin hooks out-of-process tests use for Graph, and certificate credentials at the token endpoint. */
class GraphAdminAndCertificateTest {
    GraphFixture f;
    AdminEndpoint admin;
    final HttpClient plain = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        f = new GraphFixture();
        admin = AdminEndpoint.start(f.sim, 0);
    }

    @AfterEach
    void stop() {
        admin.close();
        f.close();
    }

    JsonNode adminCall(String method, String path, Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(admin.uri() + path));
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        HttpResponse<String> r = plain.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    static String view(String mailbox) {
        return "/users/" + mailbox + "/calendarView?" + window(NOW, NOW.plusSeconds(60));
    }

    @Test
    void scopeThrottlingDeltaAndTokensAreSetThroughTheAdminEndpoint() throws Exception {
        adminCall("POST", "/graph/scope", Map.of("scope", "list", "mailboxes", java.util.List.of(ROOM_B)));
        assertThat(f.get(view(ROOM_A)).status()).isEqualTo(403);
        adminCall("POST", "/graph/scope", Map.of("scope", "rooms"));
        assertThat(f.get(view(ROOM_A)).status()).isEqualTo(200);

        adminCall("POST", "/graph/throttling", Map.of("requestsPerWindow", 1, "windowSeconds", 60));
        assertThat(f.get(view(ROOM_A)).status()).isEqualTo(200);
        assertThat(f.get(view(ROOM_A)).status()).isEqualTo(429);
        JsonNode stats = adminCall("GET", "/stats", null);
        assertThat(stats.at("/graph/throttled429").asLong()).isEqualTo(1);
        assertThat(stats.at("/graph/forbidden403").asLong()).isEqualTo(1);
        assertThat(stats.at("/graph/schemaViolations").asLong()).isZero();
        assertThat(stats.at("/ews/serverBusy").asLong()).isZero();
        adminCall("POST", "/graph/throttling", Map.of("requestsPerWindow", 10_000, "windowSeconds", 600));

        String first = "/users/" + ROOM_A + "/calendarView/delta?" + window(NOW, NOW.plus(Duration.ofDays(1)));
        String deltaLink = f.get(first).json().get("@odata.deltaLink").asText();
        adminCall("POST", "/graph/delta", Map.of("expireAll", true));
        assertThat(f.get(deltaLink).status()).isEqualTo(410);

        adminCall("POST", "/tokens", Map.of("expireAll", true));
        assertThat(f.get(view(ROOM_A)).status()).isEqualTo(401);
        adminCall("POST", "/graph/reset-stats", Map.of());
        assertThat(adminCall("GET", "/graph/stats", null).get("requests").asLong()).isZero();
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String assertion(SelfSignedCertificate cert, PrivateKey key, Instant exp) throws Exception {
        String x5t = b64(MessageDigest.getInstance("SHA-1").digest(cert.certificate().getEncoded()));
        String header = b64(JSON.writeValueAsBytes(Map.of("alg", "RS256", "typ", "JWT", "x5t", x5t)));
        String claims = b64(JSON.writeValueAsBytes(Map.of("aud", "https://login.microsoftonline.com/tenant/oauth2/v2.0/token",
                "iss", CLIENT_ID, "sub", CLIENT_ID, "jti", "1", "nbf", exp.minusSeconds(600).getEpochSecond(),
                "exp", exp.getEpochSecond())));
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(key);
        s.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
        return header + "." + claims + "." + b64(s.sign());
    }

    HttpResponse<String> tokenWithAssertion(String assertion) throws Exception {
        String form = "grant_type=client_credentials&client_id=" + enc(CLIENT_ID) + "&scope=" + enc(GRAPH_SCOPE)
                + "&client_assertion_type=" + enc(ClientAssertion.TYPE) + "&client_assertion=" + enc(assertion);
        return f.http.send(HttpRequest.newBuilder(f.sim.tokenUrl()).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aCertificateCredentialGetsAGraphToken() throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.generate("graph-app");
        SelfSignedCertificate other = SelfSignedCertificate.generate("someone-else");
        char[] pw = "pw".toCharArray();
        PrivateKey key = (PrivateKey) cert.keyStore(pw).getKey(SelfSignedCertificate.ALIAS, pw);
        PrivateKey otherKey = (PrivateKey) other.keyStore(pw).getKey(SelfSignedCertificate.ALIAS, pw);
        Instant exp = NOW.plus(Duration.ofMinutes(10));

        assertThat(tokenWithAssertion(assertion(cert, key, exp)).statusCode()).as("no certificate registered yet").isEqualTo(401);
        String pem = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(cert.certificate().getEncoded())
                + "\n-----END CERTIFICATE-----\n";
        adminCall("POST", "/graph/client-certificate", Map.of("clientId", CLIENT_ID, "certificatePem", pem));

        HttpResponse<String> ok = tokenWithAssertion(assertion(cert, key, exp));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        f.token = JSON.readTree(ok.body()).get("access_token").asText();
        assertThat(f.get(view(ROOM_A)).status()).isEqualTo(200);

        HttpResponse<String> wrongKey = tokenWithAssertion(assertion(cert, otherKey, exp));
        assertThat(wrongKey.statusCode()).isEqualTo(401);
        assertThat(wrongKey.body()).contains("invalid_client").contains("signature");
        HttpResponse<String> expired = tokenWithAssertion(assertion(cert, key, NOW.minus(Duration.ofMinutes(10))));
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(expired.body()).contains("expired");
    }
}
