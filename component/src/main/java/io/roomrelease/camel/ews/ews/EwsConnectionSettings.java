package io.roomrelease.camel.ews.ews;

import java.net.URI;
import java.time.Duration;

import javax.net.ssl.SSLContext;

import io.roomrelease.camel.ews.auth.AuthorizationSource;

/**
 * What one account's connections need, already validated.
 *
 * @param url                   the EWS endpoint
 * @param sslContext            TLS trust
 * @param allowInsecureHttp     whether plain http is allowed
 * @param authorization         the Authorization header source
 * @param userAgent             the User-Agent
 * @param timeout               connect/read timeout per request
 * @param maxConcurrentRequests the cap of requests in flight for the account
 * @param maxBackOff            the longest back-off waited before failing
 * @param connectionIdleTimeout a pooled connection idle this long is closed before its next use (zero: never)
 */
public record EwsConnectionSettings(
        URI url,
        SSLContext sslContext,
        boolean allowInsecureHttp,
        AuthorizationSource authorization,
        String userAgent,
        Duration timeout,
        int maxConcurrentRequests,
        Duration maxBackOff,
        Duration connectionIdleTimeout) {

}
