package io.roomrelease.camel.ews.graph;

import java.net.URI;
import java.time.Duration;

import javax.net.ssl.SSLContext;

import io.roomrelease.camel.ews.auth.AuthorizationSource;

/**
 * What one Graph app registration's connections need, already validated.
 *
 * @param baseUrl               the Graph base including the version segment, e.g. https://graph.microsoft.com/v1.0
 * @param sslContext            TLS trust (null: the JVM's)
 * @param authorization         the bearer token source
 * @param userAgent             the User-Agent
 * @param timeout               connect timeout and per-request timeout
 * @param maxConcurrentRequests requests in flight for the app (all mailboxes)
 * @param perMailbox            requests in flight per mailbox (Outlook resources allow 4 per app and mailbox)
 * @param maxBackOff            the longest back-off waited before failing
 * @param pageSize              odata.maxpagesize of calendarView pages
 * @param batching              whether to combine requests with JSON batching ($batch)
 */
public record GraphSettings(URI baseUrl, SSLContext sslContext, AuthorizationSource authorization, String userAgent,
                            Duration timeout, int maxConcurrentRequests, int perMailbox, Duration maxBackOff,
                            int pageSize, boolean batching) {

    /** Outlook service limit: concurrent requests per app and mailbox. */
    public static final int OUTLOOK_MAX_CONCURRENCY_PER_MAILBOX = 4;
}
