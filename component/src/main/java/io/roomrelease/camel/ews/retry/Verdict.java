package io.roomrelease.camel.ews.retry;

import java.time.Duration;

/**
 * What a failed attempt means for the retry policy.
 *
 * @param kind    the class of failure
 * @param backOff the wait the server asked for (THROTTLED only; null means "not said")
 * @param reason  a short description for logs and messages (e.g. "ErrorServerBusy", "HTTP 503")
 */
public record Verdict(Kind kind, Duration backOff, String reason) {

    /** Classes of failure. */
    public enum Kind {
        /** The server is busy: back off for the whole account, then try again. */
        THROTTLED,
        /**
         * A reused keep-alive connection died under the request (no reply, reset, broken pipe): the request may
         * have reached the server, so only an idempotent call is retried, on a fresh connection.
         */
        STALE_CONNECTION,
        /**
         * Nothing that changes anything reached the server (e.g. a reused connection found closed right before a
         * write, or the read that precedes a write died on one): retried on a fresh connection, whatever the call.
         */
        NOT_SENT,
        /** Anything else: fail now (wrong credentials, access denied, bad request...). */
        FATAL
    }

    public static Verdict throttled(Duration backOff, String reason) {
        return new Verdict(Kind.THROTTLED, backOff, reason);
    }

    public static Verdict staleConnection() {
        return new Verdict(Kind.STALE_CONNECTION, null, "stale keep-alive connection");
    }

    public static Verdict notSent(String reason) {
        return new Verdict(Kind.NOT_SENT, null, reason);
    }

    public static Verdict fatal() {
        return new Verdict(Kind.FATAL, null, null);
    }
}
