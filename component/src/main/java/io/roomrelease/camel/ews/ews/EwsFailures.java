package io.roomrelease.camel.ews.ews;

import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import javax.net.ssl.SSLException;

import io.roomrelease.camel.ews.EwsAccessDeniedException;
import io.roomrelease.camel.ews.EwsAuthenticationException;
import io.roomrelease.camel.ews.EwsException;
import io.roomrelease.camel.ews.EwsImpersonationDeniedException;
import io.roomrelease.camel.ews.EwsItemNotFoundException;
import io.roomrelease.camel.ews.EwsMailboxNotFoundException;
import io.roomrelease.camel.ews.EwsThrottledException;
import io.roomrelease.camel.ews.auth.TokenRequestException;
import io.roomrelease.camel.ews.retry.RetryPolicy;
import io.roomrelease.camel.ews.retry.Verdict;
import microsoft.exchange.webservices.data.core.enumeration.misc.error.ServiceError;
import microsoft.exchange.webservices.data.core.exception.http.HttpErrorException;
import microsoft.exchange.webservices.data.core.exception.service.remote.ServiceResponseException;
import org.apache.http.ConnectionClosedException;
import org.apache.http.MalformedChunkCodingException;
import org.apache.http.NoHttpResponseException;
import io.roomrelease.camel.ews.EwsOutcomeUnknownException;

/**
 * Reads ews-java-api failures (walking the whole cause chain, since ErrorServerBusy arrives directly as
 * {@link ServiceResponseException} or wrapped in a {@code ServiceRequestException}) and turns them into retry verdicts
 * and into the component's exceptions. One instance per call: it knows the account, mailbox, item and request id.
 */
final class EwsFailures implements RetryPolicy.FailureHandler {

    /** Response codes that mean "the ChangeKey you sent is stale". */
    static final Set<String> CONFLICT_CODES = Set.of(ServiceError.ErrorIrresolvableConflict.name(),
            ServiceError.ErrorInvalidChangeKey.name(), ServiceError.ErrorStaleObject.name());

    private final EwsAccount account;
    private final String operation;
    private final String mailbox;
    private final String itemId;
    private final Supplier<String> requestId;
    private final Supplier<String> retryAfter;
    private final boolean idempotent;
    private volatile ManagedExchangeService.AttemptState state;

    EwsFailures(EwsAccount account, String operation, String mailbox, String itemId, Supplier<String> requestId,
                Supplier<String> retryAfter) {
        this(account, operation, mailbox, itemId, requestId, retryAfter, true);
    }

    /** @param idempotent whether the call only reads (it may be repeated after its request reached the server) */
    EwsFailures(EwsAccount account, String operation, String mailbox, String itemId, Supplier<String> requestId,
                Supplier<String> retryAfter, boolean idempotent) {
        this.idempotent = idempotent;
        this.account = account;
        this.operation = operation;
        this.mailbox = mailbox;
        this.itemId = itemId;
        this.requestId = requestId;
        this.retryAfter = retryAfter;
    }

    @Override
    public Verdict classify(Throwable failure) {
        ServiceResponseException sre = find(failure, ServiceResponseException.class);
        if (sre != null && sre.getErrorCode() == ServiceError.ErrorServerBusy) {
            return Verdict.throttled(backOffMillis(sre), "ErrorServerBusy");
        }
        HttpErrorException http = find(failure, HttpErrorException.class);
        if (http != null && (http.getHttpErrorCode() == 503 || http.getHttpErrorCode() == 429)) {
            return Verdict.throttled(parseRetryAfter(retryAfter.get(), account.clock()), "HTTP " + http.getHttpErrorCode());
        }
        if (find(failure, ManagedExchangeService.StaleBeforeSendException.class) != null) {
            return Verdict.notSent("reused connection found closed before the write left");
        }
        ManagedExchangeService.AttemptState st = state;
        if (st != null && st.reused() && connectionDied(failure, st)) {
            if (st.writeLeft()) {
                return Verdict.fatal(); // the write may have been carried out: its outcome is unknown, never resent
            }
            return idempotent ? Verdict.staleConnection()
                    : Verdict.notSent("reused connection died before the write left");
        }
        // a failure on a brand-new connection is a real failure
        return Verdict.fatal();
    }

    /** Records what the failed attempt did on the wire (called on the attempt's thread, before classify/translate). */
    void attempt(ManagedExchangeService.AttemptState attemptState) {
        this.state = attemptState;
    }

    /**
     * Whether the connection died under a request that was on its way or answered: no reply, reset, broken pipe, a
     * reply cut short. A read timeout is not one (the server may just be slow), nor is a failure to connect.
     */
    static boolean connectionDied(Throwable failure, ManagedExchangeService.AttemptState st) {
        if (st.phase() == ManagedExchangeService.Phase.PREPARED || st.phase() == ManagedExchangeService.Phase.CONNECTED) {
            return false;
        }
        if (find(failure, SocketTimeoutException.class) != null) {
            return false;
        }
        SSLException ssl = find(failure, SSLException.class);
        return find(failure, NoHttpResponseException.class) != null || find(failure, java.net.SocketException.class) != null
               || find(failure, ConnectionClosedException.class) != null
               || find(failure, MalformedChunkCodingException.class) != null
               || find(failure, java.io.EOFException.class) != null
               || (ssl != null && !(ssl instanceof javax.net.ssl.SSLHandshakeException));
    }

    /**
     * Why the outcome of a write that may have reached Exchange is unknown, or null when it is known: Exchange's own
     * answers (EWS response codes, SOAP faults, HTTP errors) are known outcomes.
     */
    private String unknownOutcome(Throwable failure) {
        ManagedExchangeService.AttemptState st = state;
        if (st == null || !st.writeLeft() || failure instanceof EwsException
            || find(failure, ServiceResponseException.class) != null || find(failure, HttpErrorException.class) != null
            || find(failure, TokenRequestException.class) != null) {
            return null;
        }
        if (find(failure, SocketTimeoutException.class) != null) {
            return "no reply within requestTimeout after the request was sent (" + rootMessage(failure) + ")";
        }
        if (connectionDied(failure, st)) {
            return "the connection dropped after the request was sent (" + rootMessage(failure) + ")";
        }
        if (st.phase() == ManagedExchangeService.Phase.READ || st.phase() == ManagedExchangeService.Phase.RESPONDED) {
            return "the reply could not be read (" + rootMessage(failure) + ")";
        }
        return "the request was sent and then failed (" + rootMessage(failure) + ")";
    }

    private static Duration backOffMillis(ServiceResponseException sre) {
        try {
            Map<String, String> details = sre.getResponse().getErrorDetails();
            String v = details == null ? null : details.get("BackOffMilliseconds");
            return v == null ? null : Duration.ofMillis(Long.parseLong(v.trim()));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Retry-After as delta-seconds or an HTTP date (RFC 9110 §10.2.3); null when absent or unreadable. */
    static Duration parseRetryAfter(String value, java.time.Clock clock) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                return Duration.ofSeconds(Math.max(1, at.toEpochSecond() - clock.instant().getEpochSecond()));
            } catch (RuntimeException e2) {
                return null;
            }
        }
    }

    @Override
    public RuntimeException throttled(Throwable failure, Duration backOff, String reason) {
        return new EwsThrottledException(account.principal(), mailbox, code(failure, "ErrorServerBusy"),
                requestId.get(), backOff, operation + ": " + reason, failure);
    }

    @Override
    public RuntimeException translate(Throwable failure) {
        if (failure instanceof EwsException e) {
            return e;
        }
        String rid = requestId.get();
        if (isIncorrectSchemaVersion(failure)) {
            // ews-java-api turns this fault into a bare RuntimeException (an assertion), losing its response code
            return new EwsException(operation + " was refused: Exchange says the request is not valid for the"
                                    + " RequestServerVersion it carried (" + ManagedExchangeService.REQUESTED_VERSION + ")",
                    mailbox, "ErrorIncorrectSchemaVersion", rid, "the server does not accept this operation at "
                            + ManagedExchangeService.REQUESTED_VERSION + "; check which Exchange version serves the url"
                            + " (Exchange 2010 SP2 or newer is required).", failure);
        }
        String unknown = unknownOutcome(failure);
        if (unknown != null) {
            return new EwsOutcomeUnknownException(operation, mailbox, itemId, rid, unknown, failure);
        }
        TokenRequestException tre = find(failure, TokenRequestException.class);
        if (tre != null) {
            if (tre.isCredentialsRejected()) {
                return new EwsAuthenticationException(account.principal(), mailbox, "token HTTP " + tre.status(), rid,
                        tre.getMessage(), tre);
            }
            return new EwsException(operation + " could not obtain an OAuth token: " + tre.getMessage(), mailbox, null,
                    rid, null, tre);
        }
        ServiceResponseException sre = find(failure, ServiceResponseException.class);
        if (sre != null && isExchange2007AccessDenied(sre)) {
            return new EwsAccessDeniedException(account.principal(), mailbox, ServiceError.ErrorAccessDenied.name(), rid,
                    failure);
        }
        if (sre != null) {
            String code = sre.getErrorCode() == null ? null : sre.getErrorCode().name();
            switch (sre.getErrorCode() == null ? ServiceError.ErrorInternalServerError : sre.getErrorCode()) {
                case ErrorImpersonateUserDenied, ErrorImpersonationDenied:
                    return new EwsImpersonationDeniedException(account.principal(), mailbox, code, rid, failure);
                case ErrorNonExistentMailbox, ErrorMailRecipientNotFound, ErrorNameResolutionNoResults:
                    return new EwsMailboxNotFoundException(mailbox, code, rid, failure);
                case ErrorAccessDenied:
                    return new EwsAccessDeniedException(account.principal(), mailbox, code, rid, failure);
                case ErrorItemNotFound:
                    return new EwsItemNotFoundException(mailbox, itemId, code, rid, failure);
                case ErrorServerBusy:
                    return throttled(failure, Duration.ZERO, "ErrorServerBusy");
                default:
                    return new EwsException(operation + " failed: " + sre.getMessage(), mailbox, code, rid,
                            CONFLICT_CODES.contains(code) ? "read the item again and retry with its new ChangeKey."
                                    : null,
                            failure);
            }
        }
        HttpErrorException http = find(failure, HttpErrorException.class);
        if (http != null) {
            int status = http.getHttpErrorCode();
            if (status == 401 || status == 403) {
                account.authorization().invalidate();
                return new EwsAuthenticationException(account.principal(), mailbox, "HTTP " + status, rid, null, failure);
            }
            return new EwsException(operation + " failed with HTTP " + status, mailbox, "HTTP " + status, rid,
                    "check the url option points at the EWS endpoint (…/EWS/Exchange.asmx).", failure);
        }
        SSLException ssl = find(failure, SSLException.class);
        if (ssl != null) {
            return new EwsException(operation + ": the TLS handshake with " + account.url() + " failed ("
                                    + ssl.getMessage() + ")",
                    mailbox, null, rid,
                    "the server needs TLS 1.2 or newer and a certificate the JVM or the trustStore option trusts.",
                    failure);
        }
        if (find(failure, UnknownHostException.class) != null || find(failure, java.net.ConnectException.class) != null
                || find(failure, SocketTimeoutException.class) != null
                || find(failure, NoHttpResponseException.class) != null) {
            return new EwsException(operation + ": cannot reach Exchange at " + account.url() + " (" + rootMessage(failure)
                                    + ")",
                    mailbox, null, rid, "check the url option, the network path and requestTimeout.", failure);
        }
        if (failure instanceof InterruptedException) {
            return new EwsException(operation + " was interrupted", mailbox, null, rid, null, failure);
        }
        return new EwsException(operation + " failed: " + rootMessage(failure), mailbox, null, rid, null, failure);
    }

    /**
     * ErrorIncorrectSchemaVersion as ews-java-api reports it: {@code ServiceRequestBase.processWebException} asserts
     * that it cannot happen, so it arrives as a RuntimeException with that assertion's text.
     */
    static boolean isIncorrectSchemaVersion(Throwable failure) {
        for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String m = c.getMessage();
            if (m != null && m.contains("ProcessWebException") && m.contains("request was invalid for that version")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Exchange 2007's access-denied fault: no ResponseCode in the detail (ews-java-api then reports
     * ErrorInternalServerError), the server's exception type in the faultstring
     * ({@code ...AccessDeniedException: User is not mailbox owner}).
     */
    static boolean isExchange2007AccessDenied(ServiceResponseException sre) {
        String text = sre.getMessage();
        return (sre.getErrorCode() == null || sre.getErrorCode() == ServiceError.ErrorInternalServerError)
               && text != null && text.contains("AccessDeniedException");
    }

    private static String code(Throwable failure, String dflt) {
        ServiceResponseException sre = find(failure, ServiceResponseException.class);
        if (sre != null && sre.getErrorCode() != null) {
            return sre.getErrorCode().name();
        }
        HttpErrorException http = find(failure, HttpErrorException.class);
        return http != null ? "HTTP " + http.getHttpErrorCode() : dflt;
    }

    private static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        return r.getClass().getSimpleName() + (r.getMessage() == null ? "" : ": " + r.getMessage());
    }

    static <T extends Throwable> T find(Throwable t, Class<T> type) {
        int depth = 0;
        for (Throwable c = t; c != null && depth < 20; c = c.getCause(), depth++) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }
}
