package io.roomrelease.camel.ews.auth;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.roomrelease.camel.ews.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The plain client-credentials provider against a local token endpoint (HTTP here: TLS is covered elsewhere). */
class ClientCredentialsTokenProviderTest {

    HttpServer server;
    final AtomicInteger issued = new AtomicInteger();
    final List<String> forms = new CopyOnWriteArrayList<>();
    final TestClock clock = new TestClock(Instant.parse("2026-03-02T09:00:00Z"));

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/token", ex -> {
            String form = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            forms.add(URLDecoder.decode(form, StandardCharsets.UTF_8));
            boolean ok = form.contains("client_secret=right");
            String body = ok ? "{\"access_token\":\"tok-" + issued.incrementAndGet()
                               + "\",\"token_type\":\"Bearer\",\"expires_in\":600}"
                    : "{\"error\":\"invalid_client\",\"error_description\":\"bad secret\"}";
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(ok ? 200 : 401, b.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(b);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    ClientCredentialsTokenProvider provider(String secret) {
        return new ClientCredentialsTokenProvider(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token"), "app-1", secret,
                "https://outlook.office365.com/.default", clock, null, Duration.ofSeconds(5));
    }

    @Test
    void cachesTheTokenAndRefreshesBeforeExpiry() {
        ClientCredentialsTokenProvider p = provider("right");
        assertThat(p.accessToken()).isEqualTo("tok-1");
        clock.advance(Duration.ofMinutes(4));
        assertThat(p.accessToken()).isEqualTo("tok-1");
        assertThat(p.tokenRequests()).isEqualTo(1);
        // 600 s lifetime: refreshed once less than 300 s are left
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        assertThat(p.accessToken()).isEqualTo("tok-2");
        assertThat(p.tokenRequests()).isEqualTo(2);
        assertThat(forms.get(0)).contains("grant_type=client_credentials").contains("client_id=app-1")
                .contains("scope=https://outlook.office365.com/.default");
    }

    @Test
    void invalidateForcesANewToken() {
        ClientCredentialsTokenProvider p = provider("right");
        p.accessToken();
        p.invalidate();
        assertThat(p.accessToken()).isEqualTo("tok-2");
    }

    @Test
    void refusedCredentialsAreReportedWithoutTheSecret() {
        ClientCredentialsTokenProvider p = provider("wrong-secret-value");
        assertThatThrownBy(p::accessToken).isInstanceOfSatisfying(TokenRequestException.class, e -> {
            assertThat(e.isCredentialsRejected()).isTrue();
            assertThat(e.getMessage()).contains("app-1").contains("HTTP 401").contains("invalid_client")
                    .contains("Fix").doesNotContain("wrong-secret-value");
        });
    }

    @Test
    void basicHeaderIsPreEncodedAndHidesThePassword() {
        BasicAuthorization b = new BasicAuthorization("svc@example.com", "pw:with:colons");
        assertThat(b.authorizationHeader()).isEqualTo("Basic "
                + java.util.Base64.getEncoder().encodeToString("svc@example.com:pw:with:colons".getBytes(StandardCharsets.UTF_8)));
        assertThat(b.toString()).doesNotContain("pw:with:colons");
    }
}
