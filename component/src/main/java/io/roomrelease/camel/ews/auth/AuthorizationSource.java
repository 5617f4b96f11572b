package io.roomrelease.camel.ews.auth;

/**
 * Supplies the value of the {@code Authorization} header for the next EWS request. Implementations are thread-safe
 * and never log the value.
 */
public interface AuthorizationSource {

    /** The full header value, e.g. {@code Basic …} or {@code Bearer …}. */
    String authorizationHeader();

    /** Who is authenticating (logon name or client id), for messages; never a secret. */
    String principal();

    /** Forget any cached credential material (e.g. after the server refused a token). */
    default void invalidate() {
    }
}
