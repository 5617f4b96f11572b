package io.roomrelease.camel.ews.graph;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;

import javax.net.ssl.SSLContext;

import io.roomrelease.camel.ews.EwsConfiguration;
import io.roomrelease.camel.ews.ews.EwsSettingsFactory;
import io.roomrelease.camel.ews.ews.TlsSupport;
import io.roomrelease.camel.ews.metrics.CalendarMetrics;
import io.roomrelease.camel.ews.retry.Sleeper;

/** Builds the {@link GraphClient} of an app registration from validated options. */
public final class GraphClients {

    private GraphClients() {
    }

    /** A client for the options (validated first; reads the trust store and the client certificate). */
    public static GraphClient create(EwsConfiguration c, Clock clock, Sleeper sleeper, String defaultUserAgent) {
        return create(c, clock, sleeper, defaultUserAgent, CalendarMetrics.NONE);
    }

    /** A client for the options that reports to {@code metrics} (backend {@code graph}). */
    public static GraphClient create(EwsConfiguration c, Clock clock, Sleeper sleeper, String defaultUserAgent,
                                     CalendarMetrics metrics) {
        EwsSettingsFactory.validate(c);
        SSLContext ssl = TlsSupport.sslContext(c.getTrustStore(), c.getTrustStorePassword());
        Duration timeout = Duration.ofMillis(c.getRequestTimeout());
        GraphSettings s = new GraphSettings(URI.create(c.getGraphUrl().trim()), ssl,
                EwsSettingsFactory.authorization(c, clock, ssl, timeout),
                c.getUserAgent() != null ? c.getUserAgent() : defaultUserAgent, timeout, c.getMaxConcurrentRequests(),
                GraphSettings.OUTLOOK_MAX_CONCURRENCY_PER_MAILBOX, Duration.ofMillis(c.getMaxBackOff()),
                c.getPageSize(), true);
        return new GraphClient(s, clock, sleeper, metrics);
    }
}
