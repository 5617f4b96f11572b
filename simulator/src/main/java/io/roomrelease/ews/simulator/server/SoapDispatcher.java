package io.roomrelease.ews.simulator.server;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

import io.roomrelease.ews.simulator.faults.FaultInjector;
import io.roomrelease.ews.simulator.faults.ReplyFault;
import io.roomrelease.ews.simulator.model.Account;
import io.roomrelease.ews.simulator.schema.SchemaValidator;
import io.roomrelease.ews.simulator.schema.SchemaViolation;
import io.roomrelease.ews.simulator.security.ImpersonationGuard;
import io.roomrelease.ews.simulator.soap.EwsFault;
import io.roomrelease.ews.simulator.soap.EwsOperationHandler;
import io.roomrelease.ews.simulator.soap.RequestServerVersion;
import io.roomrelease.ews.simulator.soap.SoapRequest;
import io.roomrelease.ews.simulator.soap.SoapWriter;
import io.roomrelease.ews.simulator.stats.AnchorMismatch;
import io.roomrelease.ews.simulator.stats.SimulatorStats;
import io.roomrelease.ews.simulator.throttling.Arrival;
import io.roomrelease.ews.simulator.throttling.Throttler;

/**
 * Serves one authenticated, parsed SOAP request: schema validation of the request, impersonation,
 * X-AnchorMailbox bookkeeping, throttling, injected faults and latency, dispatch to the operation
 * handler, the response envelope, and schema validation of the response. Knows nothing about HTTP.
 */
final class SoapDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(SoapDispatcher.class);

    /** Whom a failed impersonation is reported to (the mailbox audit log). */
    interface ImpersonationAudit {
        void denied(Account account, String target, String operation, String requestId, String responseCode);
    }

    private final Map<String, EwsOperationHandler> handlers;
    private final ImpersonationGuard impersonation;
    private final Throttler throttler;
    private final FaultInjector faults;
    private final SchemaValidator schema;
    private final SimulatorStats stats;
    private final Clock clock;
    private final ImpersonationAudit audit;
    private final List<SchemaViolation> violations = new CopyOnWriteArrayList<>();

    SoapDispatcher(Map<String, EwsOperationHandler> handlers, ImpersonationGuard impersonation, Throttler throttler,
            FaultInjector faults, SchemaValidator schema, SimulatorStats stats, Clock clock, ImpersonationAudit audit) {
        this.handlers = Map.copyOf(handlers);
        this.impersonation = impersonation;
        this.throttler = throttler;
        this.faults = faults;
        this.schema = schema;
        this.stats = stats;
        this.clock = clock;
        this.audit = audit;
    }

    /**
     * The reply to send: HTTP status and body (text/xml); for an ErrorServerBusy with BackOffMilliseconds, the
     * account and the back-off, so that the back-off window opens when the reply has actually been sent
     * ({@link #replySent}).
     */
    record Reply(int status, byte[] body, String busyAccount, Duration backOff, boolean dropConnection) {
        Reply(int status, byte[] body) {
            this(status, body, null, null, false);
        }

        Reply(int status, byte[] body, String busyAccount, Duration backOff) {
            this(status, body, busyAccount, backOff, false);
        }
    }

    /** Called once the reply has been handed to the network: opens the account's back-off window for a busy reply. */
    void replySent(Reply reply, java.time.Instant writeStarted) {
        if (reply.busyAccount() != null && reply.backOff() != null) {
            throttler.busyReplySent(reply.busyAccount(), reply.backOff(), writeStarted);
        }
    }

    List<SchemaViolation> violations() {
        return List.copyOf(violations);
    }

    void clearViolations() {
        violations.clear();
    }

    Reply dispatch(Account account, SoapRequest request, String anchorMailbox, String requestId) {
        return dispatch(account, request, anchorMailbox, requestId, Arrival.now(clock));
    }

    /**
     * Serves a request that reached the server at {@code arrival}; a request arriving inside one of the account's
     * back-off windows is counted before anything else (whatever its fate).
     */
    Reply dispatch(Account account, SoapRequest request, String anchorMailbox, String requestId, Arrival arrival) {
        String operation = request.operation();
        stats.operation(operation);
        throttler.arrived(account.logon(), arrival);
        try {
            RequestServerVersion.check(request);
            validateRequest(request, operation);
            EwsOperationHandler handler = handlers.get(operation);
            if (handler == null) {
                throw new EwsFault("ErrorInvalidRequest", "The simulator does not implement the operation '" + operation
                        + "'. It serves " + String.join(", ", new TreeSet<>(handlers.keySet())) + ".");
            }
            Optional<String> impersonated = impersonate(account, request, operation, requestId);
            recordAnchor(account, impersonated, anchorMailbox, operation);
            ZoneId zone = request.timeZone();
            try (Throttler.Permit permit = throttler.admit(account.logon())) {
                Optional<Duration> injectedBusy = faults.takeServerBusy();
                if (injectedBusy.isPresent()) {
                    stats.serverBusy();
                    throw Throttler.serverBusy(injectedBusy.get());
                }
                // the drawn latency is the operation's service time, counted from the request's arrival: the
                // simulator's own parsing and checks happen inside it, as a real server's do
                sleepUntil(arrival.nanos() + faults.drawLatency(operation).toNanos());
                SoapWriter.ResponseEnvelope envelope = SoapWriter.response();
                ServerCall call = new ServerCall(request.body(), envelope.document(), account, impersonated, requestId,
                        zone, clock);
                Element response = handler.handle(call);
                envelope.setBody(response);
                validateResponse(envelope, operation);
                String kind = kind(request, operation);
                if (faults.takeDropAfterExecution(operation, kind)) {
                    // the operation happened; the client will never hear of it
                    return new Reply(200, new byte[0], null, null, true);
                }
                byte[] bytes = envelope.toBytes();
                Optional<ReplyFault> replyFault = faults.takeReplyFault(operation, kind);
                return new Reply(200, replyFault.map(f -> f.apply(bytes)).orElse(bytes));
            }
        } catch (EwsFault fault) {
            Reply reply = fault(fault);
            Duration backOff = backOffOf(fault);
            return backOff == null ? reply : new Reply(reply.status(), reply.body(), account.logon(), backOff);
        } catch (RuntimeException e) {
            LOG.error("{} failed inside the simulator", operation, e);
            return fault(new EwsFault("ErrorInternalServerError",
                    "An internal server error occurred. The operation failed., " + e.getClass().getSimpleName()
                            + ": " + e.getMessage()));
        }
    }

    /** For CreateItem, the kind of the first item created (e.g. DeclineItem, CancelCalendarItem); otherwise null. */
    private static String kind(SoapRequest request, String operation) {
        if (!"CreateItem".equals(operation)) {
            return null;
        }
        for (org.w3c.dom.Node n = request.body().getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && "Items".equals(e.getLocalName())) {
                for (org.w3c.dom.Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
                    if (c instanceof Element item) {
                        return item.getLocalName();
                    }
                }
            }
        }
        return null;
    }

    /** The BackOffMilliseconds of an ErrorServerBusy fault, or null. */
    private static Duration backOffOf(EwsFault fault) {
        String millis = fault.messageXmlValues().get("BackOffMilliseconds");
        if (!"ErrorServerBusy".equals(fault.responseCode()) || millis == null) {
            return null;
        }
        try {
            return Duration.ofMillis(Long.parseLong(millis));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A fault reply, counted. */
    Reply fault(EwsFault fault) {
        return fault(fault, -1, -1);
    }

    /** A fault reply with the line and position of the offending XML, counted. */
    Reply fault(EwsFault fault, int line, int position) {
        stats.fault();
        return new Reply(fault.httpStatus(), SoapWriter.fault(fault, line, position));
    }

    private void validateRequest(SoapRequest request, String operation) {
        if (!schema.isEnabled()) {
            return;
        }
        for (Element header : request.headerChildren()) {
            check(header, operation, SchemaViolation.Direction.REQUEST);
        }
        check(request.body(), operation, SchemaViolation.Direction.REQUEST);
    }

    private void check(Element element, String operation, SchemaViolation.Direction direction) {
        Optional<String> error = schema.validate(element);
        if (error.isPresent()) {
            SchemaViolation v = new SchemaViolation(operation, direction, element.getLocalName(), error.get());
            violations.add(v);
            if (direction == SchemaViolation.Direction.REQUEST) {
                LOG.warn("Schema violation: {}", abbreviate(v));
                throw EwsFault.schemaValidation(error.get());
            }
            LOG.error("The simulator sent a response that violates the EWS schema: {}", abbreviate(v));
        }
    }

    private static String abbreviate(SchemaViolation v) {
        String text = v.toString();
        return text.length() <= 400 ? text : text.substring(0, 400) + "… (" + text.length() + " chars; see schemaViolations())";
    }

    private void validateResponse(SoapWriter.ResponseEnvelope envelope, String operation) {
        if (!schema.isEnabled()) {
            return;
        }
        for (Element header : envelope.headerChildren()) {
            check(header, operation, SchemaViolation.Direction.RESPONSE);
        }
        check(envelope.bodyChild(), operation, SchemaViolation.Direction.RESPONSE);
    }

    private Optional<String> impersonate(Account account, SoapRequest request, String operation, String requestId) {
        Optional<SoapRequest.ConnectingSid> target = request.impersonation();
        if (target.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(impersonation.check(account, target.get()));
        } catch (EwsFault denied) {
            audit.denied(account, target.get().value(), operation, requestId, denied.responseCode());
            throw denied;
        }
    }

    private void recordAnchor(Account account, Optional<String> impersonated, String anchor, String operation) {
        if (impersonated.isEmpty()) {
            return;
        }
        if (anchor == null || !anchor.trim().equalsIgnoreCase(impersonated.get())) {
            stats.anchorMismatch(new AnchorMismatch(operation, account.logon(), impersonated.get(), anchor));
        }
    }

    /** Sleeps until {@link System#nanoTime()} reaches {@code deadline} (returns at once when it has). */
    private static void sleepUntil(long deadline) {
        for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
            try {
                Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EwsFault("ErrorInternalServerError", "The simulator was stopped while serving the request.");
            }
        }
    }
}
