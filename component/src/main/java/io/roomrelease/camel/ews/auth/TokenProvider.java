package io.roomrelease.camel.ews.auth;

/** Obtains OAuth 2.0 access tokens (client credentials grant), caching them until shortly before they expire. */
public interface TokenProvider {

    /** A valid access token (from the cache, or freshly requested). */
    String accessToken();

    /** The client id, for messages. */
    String clientId();

    /** Drops the cached token so that the next call requests a new one. */
    void invalidate();

    /** Reports each token request to the identity provider (not cache hits) to {@code metrics}. */
    default void reportTo(io.roomrelease.camel.ews.metrics.CalendarMetrics metrics) {
    }
}
