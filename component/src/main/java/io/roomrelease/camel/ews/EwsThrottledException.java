package io.roomrelease.camel.ews;

import java.time.Duration;

/**
 * Exchange asked for a back-off (ErrorServerBusy, HTTP 503, Retry-After) longer than {@code maxBackOff}, or kept
 * asking after the retry budget was spent. {@link #backOff()} tells a route's onException or redelivery policy how
 * long the server wants the account to wait.
 */
public class EwsThrottledException extends EwsException {

    private static final long serialVersionUID = 1L;

    private final Duration backOff;

    public EwsThrottledException(String account, String mailbox, String responseCode, String requestId,
                                 Duration backOff, String detail, Throwable cause) {
        super("Exchange throttles account '" + account + "' and asks to wait " + backOff + " (" + detail + ")", mailbox,
              responseCode, requestId,
              "lower maxConcurrentRequests or the route's rate, raise maxBackOff, or redeliver after backOff().",
              cause);
        this.backOff = backOff;
    }

    /** How long the server asked the account to wait. */
    public Duration backOff() {
        return backOff;
    }
}
