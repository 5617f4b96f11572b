package io.roomrelease.camel.ews.auth;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import javax.net.ssl.SSLContext;

import io.roomrelease.camel.ews.metrics.CalendarMetrics;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OAuth 2.0 client credentials grant (RFC 6749 §4.4) against a configured token URL, with {@code client_secret} in
 * the form body.
 * <p>
 * Why not MSAL here: MSAL4J only talks to authorities it understands (Entra {@code /<tenant>/oauth2/v2.0/token}, B2C,
 * ADFS, OIDC with discovery) and builds the token URL itself, so it cannot be pointed at an arbitrary token endpoint
 * such as an on-premises gateway or the test simulator. For Entra ({@code tenantId}) the component uses
 * {@link MsalTokenProvider}.
 * <p>
 * Tokens are cached and refreshed when less than {@code min(5 min, lifetime/2)} of their lifetime is left, measured
 * with the injected clock.
 */
public final class ClientCredentialsTokenProvider implements TokenProvider {

    private static final Logger LOG = LoggerFactory.getLogger(ClientCredentialsTokenProvider.class);
    private static final Duration MAX_REFRESH_MARGIN = Duration.ofMinutes(5);

    private final URI tokenUrl;
    private final String clientId;
    private final String clientSecret;
    private final String scope;
    private final Clock clock;
    private final HttpClient http;
    private final Duration timeout;

    private String token;
    private Instant refreshAt = Instant.MIN;
    private int requests;
    private volatile CalendarMetrics metrics = CalendarMetrics.NONE;

    public ClientCredentialsTokenProvider(URI tokenUrl, String clientId, String clientSecret, String scope,
                                          Clock clock, SSLContext sslContext, Duration timeout) {
        this.tokenUrl = Objects.requireNonNull(tokenUrl, "tokenUrl");
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
        this.scope = scope;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(this.timeout);
        if (sslContext != null) {
            b.sslContext(sslContext);
        }
        this.http = b.build();
    }

    @Override
    public synchronized String accessToken() {
        Instant now = clock.instant();
        if (token == null || !now.isBefore(refreshAt)) {
            fetch(now);
        }
        return token;
    }

    @Override
    public String clientId() {
        return clientId;
    }

    @Override
    public synchronized void invalidate() {
        token = null;
        refreshAt = Instant.MIN;
    }

    @Override
    public void reportTo(CalendarMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** How many token requests were made (for monitoring and tests). */
    public synchronized int tokenRequests() {
        return requests;
    }

    private void fetch(Instant now) {
        boolean ok = false;
        try {
            fetchToken(now);
            ok = true;
        } finally {
            metrics.tokenRequest("client-credentials", ok);
        }
    }

    private void fetchToken(Instant now) {
        String form = "grant_type=client_credentials&client_id=" + enc(clientId) + "&client_secret=" + enc(clientSecret)
                      + (scope == null || scope.isBlank() ? "" : "&scope=" + enc(scope));
        HttpRequest req = HttpRequest.newBuilder(tokenUrl).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<String> resp;
        try {
            requests++;
            resp = http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new TokenRequestException("Cannot reach the token endpoint " + tokenUrl + ": " + e.getMessage()
                                            + ". Fix: check tokenUrl, the network and the trust store.", 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenRequestException("Interrupted while requesting a token from " + tokenUrl, 0, e);
        }
        JsonObject json = parse(resp);
        if (resp.statusCode() != 200) {
            throw new TokenRequestException(
                    "The token endpoint " + tokenUrl + " refused client '" + clientId + "' with HTTP " + resp.statusCode()
                                            + describeError(json)
                                            + ". Fix: check clientId, clientSecret, scope and tokenUrl.",
                    resp.statusCode(), null);
        }
        Object accessToken = json == null ? null : json.get("access_token");
        if (!(accessToken instanceof String s) || s.isBlank()) {
            throw new TokenRequestException("The token endpoint " + tokenUrl + " answered without an access_token", 200,
                    null);
        }
        long lifetime = seconds(json.get("expires_in"), 3600);
        Duration margin = Duration.ofSeconds(lifetime / 2);
        if (margin.compareTo(MAX_REFRESH_MARGIN) > 0) {
            margin = MAX_REFRESH_MARGIN;
        }
        this.token = s;
        this.refreshAt = now.plusSeconds(lifetime).minus(margin);
        LOG.debug("Obtained an access token for client {} valid {}s (refresh at {})", clientId, lifetime, refreshAt);
    }

    private static JsonObject parse(HttpResponse<String> resp) {
        try {
            Object o = Jsoner.deserialize(resp.body());
            return o instanceof JsonObject j ? j : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static String describeError(JsonObject json) {
        if (json == null) {
            return "";
        }
        Object error = json.get("error");
        Object desc = json.get("error_description");
        return (error == null ? "" : " (" + error + (desc == null ? "" : ": " + desc) + ")");
    }

    private static long seconds(Object v, long dflt) {
        if (v instanceof Number n) {
            return n.longValue();
        }
        if (v instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                return dflt;
            }
        }
        return dflt;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "ClientCredentialsTokenProvider[" + tokenUrl + ", client " + clientId + "]";
    }
}
