package io.roomrelease.camel.ews.metrics;

import java.time.Duration;
import java.util.function.IntSupplier;

import io.roomrelease.camel.ews.EwsAccessDeniedException;
import io.roomrelease.camel.ews.EwsAuthenticationException;
import io.roomrelease.camel.ews.EwsConflictException;
import io.roomrelease.camel.ews.EwsImpersonationDeniedException;
import io.roomrelease.camel.ews.EwsItemNotFoundException;
import io.roomrelease.camel.ews.EwsMailboxNotFoundException;
import io.roomrelease.camel.ews.EwsOutcomeUnknownException;
import io.roomrelease.camel.ews.EwsThrottledException;

/**
 * What a calendar backend reports for monitoring, whatever protocol it speaks ({@code backend} is {@code "ews"} or
 * {@code "graph"}). Every method does nothing by default, so {@link #NONE} costs nothing and an implementation
 * overrides only what it records.
 * <p>
 * The component does not depend on a metrics library: it uses the {@code metrics} option, else a single
 * {@code CalendarMetrics} bean of the Camel registry, else - when Micrometer is on the class path and the registry
 * holds a {@code MeterRegistry} - {@link MicrometerCalendarMetrics}, else {@link #NONE}.
 */
public interface CalendarMetrics {

    /** Records nothing. */
    CalendarMetrics NONE = new CalendarMetrics() {
    };

    /**
     * One operation of a backend (retries and back-offs included) has ended.
     *
     * @param backend   {@code ews} or {@code graph}
     * @param operation the component operation, e.g. {@code findEvents}, {@code declineEvent}
     * @param outcome   {@link #SUCCESS} or {@link #outcomeOf(Throwable)}
     * @param elapsed   wall time of the call
     */
    default void request(String backend, String operation, String outcome, Duration elapsed) {
    }

    /**
     * The server answered "busy" (ErrorServerBusy, HTTP 503/429) and the account backs off for {@code backOff}.
     *
     * @param account the service account (principal), never a secret
     */
    default void busyReply(String backend, String account, Duration backOff) {
    }

    /**
     * An OAuth token was requested from the identity provider (a cached token is not a request).
     *
     * @param provider {@code msal} or {@code client-credentials}
     * @param success  whether a token came back
     */
    default void tokenRequest(String provider, boolean success) {
    }

    /**
     * An account came into use: the gauges read its requests on the wire (and their cap) and its pooled clients
     * leased (and their capacity). Close the result when the account is closed.
     */
    default AutoCloseable account(String backend, String account, IntSupplier onWire, int wireLimit,
                                  IntSupplier leased, int poolCapacity) {
        return () -> {
        };
    }

    /** The outcome of a call that succeeded. */
    String SUCCESS = "success";

    /** A short, bounded outcome name for a failed call (a tag value, never a message). */
    static String outcomeOf(Throwable failure) {
        if (failure instanceof EwsThrottledException) {
            return "throttled";
        } else if (failure instanceof EwsConflictException) {
            return "conflict";
        } else if (failure instanceof EwsOutcomeUnknownException) {
            return "unknown";
        } else if (failure instanceof EwsImpersonationDeniedException) {
            return "impersonation_denied";
        } else if (failure instanceof EwsAuthenticationException) {
            return "unauthorized";
        } else if (failure instanceof EwsMailboxNotFoundException) {
            return "mailbox_not_found";
        } else if (failure instanceof EwsItemNotFoundException) {
            return "item_not_found";
        } else if (failure instanceof EwsAccessDeniedException) {
            return "access_denied";
        } else if (failure instanceof IllegalArgumentException) {
            return "invalid_request";
        }
        return "error";
    }
}
