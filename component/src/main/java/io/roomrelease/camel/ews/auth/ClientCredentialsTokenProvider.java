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
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;

import javax.net.ssl.SSLContext;

import io.roomrelease.camel.ews.metrics.CalendarMetrics;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OAuth 2.0 client credentials grant (RFC 6749 §4.4) against a configured token URL, with {@code client_secret} in
 * the form body, or with a certificate credential: a {@code client_assertion} JWT (RFC 7523) signed RS256 with the
 * certificate's private key, {@code iss}/{@code sub} the client id, {@code aud} the token URL, a fresh {@code jti},
 * and the certificate named by {@code x5t#S256} and {@code x5t} - the shape Microsoft's identity platform documents
 * for certificate credentials.
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
    /** RFC 7523 client assertion type. */
    static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    /** Lifetime of a client assertion (used at once; Microsoft's samples use 10 minutes). */
    private static final Duration ASSERTION_LIFETIME = Duration.ofMinutes(10);

    /** A signed client assertion for one token request (never logged). */
    private String assertion(Instant now) {
        try {
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            byte[] der = assertionCertificate.getEncoded();
            JsonObject header = new JsonObject();
            header.put("alg", "RS256");
            header.put("typ", "JWT");
            header.put("x5t#S256", b64.encodeToString(MessageDigest.getInstance("SHA-256").digest(der)));
            header.put("x5t", b64.encodeToString(MessageDigest.getInstance("SHA-1").digest(der)));
            JsonObject claims = new JsonObject();
            claims.put("aud", tokenUrl.toString());
            claims.put("iss", clientId);
            claims.put("sub", clientId);
            claims.put("jti", UUID.randomUUID().toString());
            claims.put("nbf", now.getEpochSecond());
            claims.put("iat", now.getEpochSecond());
            claims.put("exp", now.plus(ASSERTION_LIFETIME).getEpochSecond());
            String signed = b64.encodeToString(Jsoner.serialize(header).getBytes(StandardCharsets.UTF_8)) + "."
                            + b64.encodeToString(Jsoner.serialize(claims).getBytes(StandardCharsets.UTF_8));
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(assertionKey);
            rs256.update(signed.getBytes(StandardCharsets.US_ASCII));
            return signed + "." + b64.encodeToString(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new TokenRequestException("Cannot sign the client assertion for client '" + clientId + "' ("
                                            + e.getClass().getSimpleName() + "). Fix: clientCertificate must hold an"
                                            + " RSA private key and its certificate.", 0, e);
        }
    }

    private final URI tokenUrl;
    private final String clientId;
    private final String clientSecret;
    private final PrivateKey assertionKey;
    private final X509Certificate assertionCertificate;
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
        this(tokenUrl, clientId, Objects.requireNonNull(clientSecret, "clientSecret"), null, null, scope, clock,
                sslContext, timeout);
    }

    /** With a certificate credential: each token request carries a fresh signed client assertion. */
    public ClientCredentialsTokenProvider(URI tokenUrl, String clientId, PrivateKey key, X509Certificate certificate,
                                          String scope, Clock clock, SSLContext sslContext, Duration timeout) {
        this(tokenUrl, clientId, null, Objects.requireNonNull(key, "key"),
                Objects.requireNonNull(certificate, "certificate"), scope, clock, sslContext, timeout);
    }

    private ClientCredentialsTokenProvider(URI tokenUrl, String clientId, String clientSecret, PrivateKey key,
                                           X509Certificate certificate, String scope, Clock clock,
                                           SSLContext sslContext, Duration timeout) {
        this.tokenUrl = Objects.requireNonNull(tokenUrl, "tokenUrl");
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        this.clientSecret = clientSecret;
        this.assertionKey = key;
        this.assertionCertificate = certificate;
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
        String credential = clientSecret != null ? "&client_secret=" + enc(clientSecret)
                : "&client_assertion_type=" + enc(ASSERTION_TYPE) + "&client_assertion=" + enc(assertion(now));
        String form = "grant_type=client_credentials&client_id=" + enc(clientId) + credential
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
