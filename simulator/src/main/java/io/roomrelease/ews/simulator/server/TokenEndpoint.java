package io.roomrelease.ews.simulator.server;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.roomrelease.ews.simulator.graph.ClientAssertion;
import io.roomrelease.ews.simulator.graph.GraphSettings;
import io.roomrelease.ews.simulator.model.Account;
import io.roomrelease.ews.simulator.security.TokenService;
import io.roomrelease.ews.simulator.stats.SimulatorStats;

/**
 * The OAuth 2.0 client-credentials grant (RFC 6749 §4.4) at {@code POST /oauth2/token}: form fields
 * {@code grant_type=client_credentials}, {@code client_id}, {@code client_secret} (or HTTP Basic client
 * authentication) and an optional {@code scope}. Answers {@code {"token_type":"Bearer","access_token":…,
 * "expires_in":…}}, or an OAuth error ({@code invalid_client} 401, {@code unsupported_grant_type} /
 * {@code invalid_request} 400).
 */
final class TokenEndpoint {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GRAPH_RESOURCE = "graph.microsoft.com";

    private final Function<String, Optional<Account>> accountByClientId;
    private final TokenService tokens;
    private final SimulatorStats stats;
    private final GraphSettings graph;
    private final Clock clock;

    TokenEndpoint(Function<String, Optional<Account>> accountByClientId, TokenService tokens, SimulatorStats stats,
            GraphSettings graph, Clock clock) {
        this.accountByClientId = accountByClientId;
        this.tokens = tokens;
        this.stats = stats;
        this.graph = graph;
        this.clock = clock;
    }

    /** HTTP status and JSON body. */
    record Reply(int status, String json, boolean challenge) {
    }

    Reply handle(String contentType, String body, String authorization) {
        if (contentType == null || !contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
            return error(400, "invalid_request", "Send the token request as application/x-www-form-urlencoded.");
        }
        Map<String, String> form = UrlEncoded.parse(body);
        String grantType = form.get("grant_type");
        if (grantType == null) {
            return error(400, "invalid_request", "grant_type is missing; use client_credentials.");
        }
        if (!"client_credentials".equals(grantType)) {
            return error(400, "unsupported_grant_type", "Only grant_type=client_credentials is supported.");
        }
        String clientId = form.get("client_id");
        String secret = form.get("client_secret");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded = decodeBasic(authorization.substring(6).trim());
            int colon = decoded == null ? -1 : decoded.indexOf(':');
            if (colon > 0) {
                clientId = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
                secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
            }
        }
        String assertion = form.get("client_assertion");
        Optional<Account> account;
        if (assertion != null) {
            // a certificate credential: a JWT signed with the key of the certificate registered for the client
            if (!ClientAssertion.TYPE.equals(form.get("client_assertion_type"))) {
                return error(400, "invalid_request", "client_assertion_type must be " + ClientAssertion.TYPE + ".");
            }
            account = clientId == null ? Optional.empty() : accountByClientId.apply(clientId);
            Optional<X509Certificate> certificate = graph.clientCertificate(clientId);
            if (account.isEmpty() || certificate.isEmpty()) {
                return error(401, "invalid_client", "Client authentication failed: unknown client_id or no certificate"
                        + " registered for it.");
            }
            Optional<String> problem = ClientAssertion.verify(assertion, clientId, certificate.get(), clock.instant());
            if (problem.isPresent()) {
                return error(401, "invalid_client", "Client authentication failed: " + problem.get() + ".");
            }
        } else {
            if (clientId == null || secret == null) {
                return error(401, "invalid_client", "client_id and client_secret (or client_assertion) are required.");
            }
            account = accountByClientId.apply(clientId);
            if (account.isEmpty() || account.get().oauthClientSecret() == null || !MessageDigest.isEqual(
                    account.get().oauthClientSecret().getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8))) {
                return error(401, "invalid_client", "Client authentication failed: unknown client_id or wrong client_secret.");
            }
        }
        String scope = form.get("scope");
        // scope https://graph.microsoft.com/.default: a Graph app token whose roles claim holds the app's permissions
        TokenService.Issued issued = scope != null && scope.toLowerCase(java.util.Locale.ROOT).contains(GRAPH_RESOURCE)
                ? tokens.issue(account.get().logon(), "https://" + GRAPH_RESOURCE, graph.rolesFor(clientId))
                : tokens.issue(account.get().logon());
        stats.tokenIssued();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("token_type", "Bearer");
        out.put("expires_in", tokens.lifetime().toSeconds());
        out.put("access_token", issued.token());
        if (form.get("scope") != null) {
            out.put("scope", form.get("scope"));
        }
        return new Reply(200, json(out), false);
    }

    private static Reply error(int status, String error, String description) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("error", error);
        out.put("error_description", description);
        return new Reply(status, json(out), status == 401);
    }

    private static String json(Map<String, Object> map) {
        try {
            return JSON.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String decodeBasic(String value) {
        try {
            return new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
