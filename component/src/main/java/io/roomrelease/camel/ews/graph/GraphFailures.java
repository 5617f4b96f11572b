package io.roomrelease.camel.ews.graph;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

import javax.net.ssl.SSLException;

import io.roomrelease.camel.ews.EwsAuthenticationException;
import io.roomrelease.camel.ews.EwsException;
import io.roomrelease.camel.ews.EwsItemNotFoundException;
import io.roomrelease.camel.ews.EwsMailboxNotFoundException;
import io.roomrelease.camel.ews.EwsOutcomeUnknownException;
import io.roomrelease.camel.ews.EwsThrottledException;
import io.roomrelease.camel.ews.auth.TokenRequestException;
import io.roomrelease.camel.ews.retry.RetryPolicy;
import io.roomrelease.camel.ews.retry.Verdict;

/**
 * Turns Graph failures into retry verdicts and into the component's exceptions. {@code error.code} decides, never
 * {@code error.message}. One instance per call: it knows the app, operation, mailbox and item.
 */
final class GraphFailures implements RetryPolicy.FailureHandler {

    /** Codes that mean "no such mailbox" (a user without a mailbox, an unknown address, a mailbox REST cannot reach). */
    static final Set<String> MAILBOX_NOT_FOUND = Set.of("errorinvaliduser", "mailboxnotenabledforrestapi",
            "mailboxnotsupportedforrestapi", "errornonexistentmailbox", "request_resourcenotfound",
            "errormailrecipientnotfound", "resourcenotfound", "erroruserNotFound".toLowerCase(Locale.ROOT));
    /** Codes that mean "the app may not reach this mailbox or resource". */
    static final Set<String> ACCESS_DENIED = Set.of("erroraccessdenied", "authorization_requestdenied", "accessdenied",
            "erroraccessdeniedbypolicy");
    /** Codes that mean "the version you hold is stale". */
    static final Set<String> CONFLICT = Set.of("errorirresolvableconflict", "errorinvalidchangekey", "errorstaleobject",
            "preconditionfailed");

    private final String clientId;
    private final String baseUrl;
    private final Clock clock;
    private final String operation;
    private final String mailbox;
    private final String itemId;
    private final boolean idempotent;
    private final Supplier<String> requestId;

    GraphFailures(String clientId, String baseUrl, Clock clock, String operation, String mailbox, String itemId,
                  boolean idempotent, Supplier<String> requestId) {
        this.clientId = clientId;
        this.baseUrl = baseUrl;
        this.clock = clock;
        this.operation = operation;
        this.mailbox = mailbox;
        this.itemId = itemId;
        this.idempotent = idempotent;
        this.requestId = requestId;
    }

    static String lower(String code) {
        return code == null ? "" : code.toLowerCase(Locale.ROOT);
    }

    @Override
    public Verdict classify(Throwable failure) {
        if (failure instanceof GraphHttpException h) {
            if (h.status() == 429 || h.status() == 503) {
                return Verdict.throttled(parseRetryAfter(h.retryAfter(), clock), "HTTP " + h.status() + " "
                                                                               + h.codeOrStatus());
            }
            return Verdict.fatal();
        }
        if (failure instanceof HttpConnectTimeoutException || failure instanceof HttpTimeoutException
            || failure instanceof ConnectException || failure instanceof SSLException
            || failure instanceof UnknownHostException) {
            return Verdict.fatal();
        }
        if (failure instanceof IOException && idempotent) {
            // the connection died under a read: a read may be repeated (on a connection the client opens anew)
            return Verdict.staleConnection();
        }
        return Verdict.fatal();
    }

    /**
     * Retry-After as delta-seconds (Graph may send a fraction, e.g. {@code 1.5}) or an HTTP date (RFC 9110 §10.2.3);
     * null when absent or unreadable.
     */
    static Duration parseRetryAfter(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            double seconds = Double.parseDouble(v);
            if (seconds < 0 || Double.isNaN(seconds) || Double.isInfinite(seconds)) {
                return null;
            }
            return Duration.ofMillis((long) Math.ceil(seconds * 1000));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                long ms = at.toInstant().toEpochMilli() - clock.instant().toEpochMilli();
                return Duration.ofMillis(Math.max(0, ms));
            } catch (RuntimeException e2) {
                return null;
            }
        }
    }

    @Override
    public EwsThrottledException throttled(Throwable failure, Duration backOff, String reason) {
        String code = failure instanceof GraphHttpException h ? h.codeOrStatus() : "TooManyRequests";
        return new EwsThrottledException(clientId, mailbox, code, rid(failure), backOff, operation + ": " + reason,
                failure);
    }

    private String rid(Throwable failure) {
        if (failure instanceof GraphHttpException h && h.requestId() != null) {
            return h.requestId();
        }
        return requestId.get();
    }

    @Override
    public EwsException translate(Throwable failure) {
        if (failure instanceof EwsException e) {
            return e;
        }
        String rid = rid(failure);
        if (failure instanceof GraphHttpException h) {
            return translateHttp(h, rid);
        }
        if (failure instanceof GraphReplyException r) {
            if (!idempotent && r.status() / 100 == 2) {
                return new EwsOutcomeUnknownException(operation, mailbox, itemId, rid,
                        "Graph answered HTTP " + r.status() + " with an unreadable body (" + r.getMessage() + ")", r);
            }
            return new EwsException(operation + ": Microsoft Graph answered HTTP " + r.status()
                                    + " with a reply the component cannot read (" + r.getMessage() + ")",
                    mailbox, "MalformedReply", rid,
                    "check that graphUrl points at Microsoft Graph v1.0 (and not at a proxy or login page).", r);
        }
        TokenRequestException tre = find(failure, TokenRequestException.class);
        if (tre != null) {
            if (tre.isCredentialsRejected()) {
                return new EwsAuthenticationException(clientId, mailbox, "token HTTP " + tre.status(), rid,
                        tre.getMessage(), tre);
            }
            return new EwsException(operation + " could not obtain an OAuth token: " + tre.getMessage(), mailbox, null,
                    rid, null, tre);
        }
        if (failure instanceof HttpConnectTimeoutException || failure instanceof ConnectException
            || failure instanceof UnknownHostException) {
            return new EwsException(operation + ": cannot reach Microsoft Graph at " + baseUrl + " ("
                                    + failure.getClass().getSimpleName() + ")",
                    mailbox, null, rid, "check graphUrl, the network path and requestTimeout.", failure);
        }
        if (failure instanceof SSLException) {
            return new EwsException(operation + ": the TLS handshake with " + baseUrl + " failed (" + failure.getMessage()
                                    + ")",
                    mailbox, null, rid,
                    "the server needs TLS 1.2 or newer and a certificate the JVM or the trustStore option trusts.",
                    failure);
        }
        if (failure instanceof HttpTimeoutException) {
            if (!idempotent) {
                return new EwsOutcomeUnknownException(operation, mailbox, itemId, rid,
                        "no reply within requestTimeout after the request was sent", failure);
            }
            return new EwsException(operation + ": Microsoft Graph did not answer within requestTimeout", mailbox,
                    "Timeout", rid, "raise requestTimeout, or retry later.", failure);
        }
        if (failure instanceof IOException) {
            if (!idempotent) {
                return new EwsOutcomeUnknownException(operation, mailbox, itemId, rid,
                        "the connection failed after the request was sent (" + failure.getClass().getSimpleName()
                                                                                   + ": " + failure.getMessage() + ")",
                        failure);
            }
            return new EwsException(operation + ": the connection to Microsoft Graph failed (" + failure + ")", mailbox,
                    null, rid, "check the network path to graphUrl.", failure);
        }
        if (failure instanceof InterruptedException) {
            return new EwsException(operation + " was interrupted", mailbox, null, rid, null, failure);
        }
        return new EwsException(operation + " failed: " + failure, mailbox, null, rid, null, failure);
    }

    EwsException translateHttp(GraphHttpException h, String rid) {
        String code = h.codeOrStatus();
        String lc = lower(h.code());
        int status = h.status();
        if (status == 401) {
            return new EwsAuthenticationException(clientId, mailbox, code, rid,
                    "Microsoft Graph refused the app's token (" + code + ")", h);
        }
        if (ACCESS_DENIED.contains(lc) || status == 403) {
            return new GraphAccessDeniedException(clientId, mailbox, code, rid, h);
        }
        if (CONFLICT.contains(lc) || status == 412) {
            return new GraphRequestException(operation + ": the item changed since it was read", mailbox, code, rid,
                    status, "read the item again and retry with its new changeKey.", h);
        }
        if (lc.equals("erroritemnotfound") || (status == 404 && itemId != null && !MAILBOX_NOT_FOUND.contains(lc))) {
            return new EwsItemNotFoundException(mailbox, itemId, code, rid, h);
        }
        if (MAILBOX_NOT_FOUND.contains(lc) || status == 404) {
            return new EwsMailboxNotFoundException(mailbox, code, rid, h);
        }
        if (status == 429 || status == 503) {
            return throttled(h, Duration.ZERO, "HTTP " + status);
        }
        return new GraphRequestException(operation + " failed: Microsoft Graph answered HTTP " + status
                                          + (h.serverRequestId() == null ? "" : " (Graph request-id "
                                                                               + h.serverRequestId() + ")"),
                mailbox, code, rid, status, status >= 500 ? "retry later; if it persists, quote the request id to"
                                                           + " Microsoft support." : null, h);
    }

    static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }
}
