package io.roomrelease.ews.simulator.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;

import io.roomrelease.ews.simulator.faults.FaultInjector;
import io.roomrelease.ews.simulator.security.AuthResult;
import io.roomrelease.ews.simulator.security.Authenticator;
import io.roomrelease.ews.simulator.soap.EwsFault;
import io.roomrelease.ews.simulator.soap.SecureXml;
import io.roomrelease.ews.simulator.soap.SoapRequest;
import io.roomrelease.ews.simulator.stats.SimulatorStats;
import io.roomrelease.ews.simulator.throttling.Arrival;

/**
 * The HTTP side of the simulator (Jetty 12 core, no servlets): {@code POST /EWS/Exchange.asmx} (SOAP 1.1)
 * and {@code POST /oauth2/token}. For EWS it applies connection faults and HTTP 503, authenticates,
 * reads the body within the size limit, parses it with the hardened parser and hands it to the
 * {@link SoapDispatcher}.
 */
final class EwsHttpHandler extends Handler.Abstract {
    static final String EWS_PATH = "/EWS/Exchange.asmx";
    static final String TOKEN_PATH = "/oauth2/token";
    private static final Logger LOG = LoggerFactory.getLogger(EwsHttpHandler.class);
    private static final String XML = "text/xml; charset=utf-8";

    private final Authenticator authenticator;
    private final SimulatorServer.AccessAuditSink audit;
    private final SoapDispatcher dispatcher;
    private final TokenEndpoint tokenEndpoint;
    private final FaultInjector faults;
    private final SimulatorStats stats;
    private final long maxRequestBytes;
    private final Clock clock;

    EwsHttpHandler(Authenticator authenticator, SimulatorServer.AccessAuditSink audit, SoapDispatcher dispatcher, TokenEndpoint tokenEndpoint,
            FaultInjector faults, SimulatorStats stats, long maxRequestBytes, Clock clock) {
        this.clock = clock;
        this.authenticator = authenticator;
        this.audit = audit;
        this.dispatcher = dispatcher;
        this.tokenEndpoint = tokenEndpoint;
        this.faults = faults;
        this.stats = stats;
        this.maxRequestBytes = maxRequestBytes;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        if (EWS_PATH.equalsIgnoreCase(path)) {
            if (!HttpMethod.POST.is(request.getMethod())) {
                response.getHeaders().put(HttpHeader.ALLOW, "POST");
                send(response, callback, 405, "text/plain; charset=utf-8", "EWS accepts SOAP requests by POST only.");
                return true;
            }
            ews(request, response, callback);
            return true;
        }
        if (TOKEN_PATH.equals(path)) {
            if (!HttpMethod.POST.is(request.getMethod())) {
                response.getHeaders().put(HttpHeader.ALLOW, "POST");
                send(response, callback, 405, "text/plain; charset=utf-8", "The token endpoint accepts POST only.");
                return true;
            }
            token(request, response, callback);
            return true;
        }
        return false;
    }

    private void ews(Request request, Response response, Callback callback) throws IOException {
        // when the request reached the server: the clock at handler entry, and the monotonic time Jetty stamped
        // when the request's first bytes arrived (orders it against busy replies already sent)
        Arrival arrival = new Arrival(clock.instant(), request.getBeginNanoTime());
        stats.request(request.getHeaders().get(HttpHeader.USER_AGENT));
        if (faults.takeDrop()) {
            stats.droppedConnection();
            request.getConnectionMetaData().getConnection().getEndPoint().close();
            callback.succeeded();
            return;
        }
        Optional<Optional<Duration>> unavailable = faults.take503();
        if (unavailable.isPresent()) {
            stats.serviceUnavailable();
            unavailable.get().ifPresent(retry -> response.getHeaders().put(HttpHeader.RETRY_AFTER,
                    Long.toString(Math.max(1, (retry.toMillis() + 999) / 1000))));
            send(response, callback, 503, "text/plain; charset=utf-8", "Service Unavailable");
            return;
        }
        AuthResult auth = authenticator.authenticate(request.getHeaders().get(HttpHeader.AUTHORIZATION));
        if (auth instanceof AuthResult.Unauthorized denied) {
            stats.countUnauthorized(denied.reason());
            if (denied.logon() != null) {
                audit.logonFailed(denied.logon(), denied.reason().name(), request.getHeaders().get("client-request-id"));
            }
            denied.challenges().forEach(c -> response.getHeaders().add(HttpHeader.WWW_AUTHENTICATE, c));
            send(response, callback, 401, "text/plain; charset=utf-8", "401 Unauthorized: " + denied.message());
            return;
        }
        AuthResult.Authenticated authenticated = (AuthResult.Authenticated) auth;

        String clientRequestId = request.getHeaders().get("client-request-id");
        String requestId = clientRequestId != null && !clientRequestId.isBlank() ? clientRequestId : UUID.randomUUID().toString();
        response.getHeaders().put("request-id", UUID.randomUUID().toString());
        if ("true".equalsIgnoreCase(request.getHeaders().get("return-client-request-id")) && clientRequestId != null) {
            response.getHeaders().put("client-request-id", clientRequestId);
        }

        SoapDispatcher.Reply reply;
        long declared = request.getLength();
        if (declared > maxRequestBytes) {
            stats.countRejectedXml();
            drain(request);
            reply = dispatcher.fault(new EwsFault("ErrorInvalidRequest", "The request is " + declared
                    + " bytes, more than the limit of " + maxRequestBytes + " bytes."));
        } else {
            reply = parseAndDispatch(request, authenticated, requestId, arrival);
        }
        if (reply.dropConnection()) {
            stats.droppedConnection();
            request.getConnectionMetaData().getConnection().getEndPoint().close();
            callback.succeeded();
            return;
        }
        SoapDispatcher.Reply sent = reply;
        java.time.Instant writeStarted = clock.instant();
        send(response, new Callback() {
            @Override
            public void succeeded() {
                dispatcher.replySent(sent, writeStarted);
                callback.succeeded();
            }

            @Override
            public void failed(Throwable x) {
                callback.failed(x);
            }

            @Override
            public InvocationType getInvocationType() {
                return callback.getInvocationType();
            }
        }, reply.status(), XML, reply.body());
    }

    /**
     * Reads and discards the rest of a refused request (up to a bound) before the fault is written: a server that
     * answers and closes while the client is still sending resets the connection, and the client never sees the
     * answer (IIS drains too).
     */
    private void drain(Request request) {
        byte[] buffer = new byte[64 * 1024];
        long budget = 8L * maxRequestBytes;
        try (InputStream in = Content.Source.asInputStream(request)) {
            int n;
            while (budget > 0 && (n = in.read(buffer)) > 0) {
                budget -= n;
            }
        } catch (IOException e) {
            LOG.debug("Draining a refused request failed: {}", e.getMessage());
        }
    }

    private SoapDispatcher.Reply parseAndDispatch(Request request, AuthResult.Authenticated auth, String requestId,
            Arrival arrival) {
        Document document;
        try (InputStream in = new LimitedInputStream(Content.Source.asInputStream(request), maxRequestBytes)) {
            document = SecureXml.parse(in);
        } catch (LimitedInputStream.TooLargeException e) {
            stats.countRejectedXml();
            drain(request);
            return dispatcher.fault(new EwsFault("ErrorInvalidRequest", e.getMessage()));
        } catch (SecureXml.XmlRejectedException e) {
            stats.countRejectedXml();
            LOG.warn("Rejected request XML from {}: {}", auth.account().logon(), e.getMessage());
            return dispatcher.fault(EwsFault.schemaValidation(e.getMessage()), e.line(), e.column());
        } catch (IOException e) {
            return dispatcher.fault(new EwsFault("ErrorInvalidRequest", "Cannot read the request: " + e.getMessage()));
        }
        try {
            SoapRequest soap = SoapRequest.of(document);
            return dispatcher.dispatch(auth.account(), soap, request.getHeaders().get("X-AnchorMailbox"), requestId, arrival);
        } catch (EwsFault fault) {
            return dispatcher.fault(fault);
        }
    }

    private void token(Request request, Response response, Callback callback) throws IOException {
        String body;
        try (InputStream in = new LimitedInputStream(Content.Source.asInputStream(request), 64 * 1024)) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (LimitedInputStream.TooLargeException e) {
            send(response, callback, 400, "application/json", "{\"error\":\"invalid_request\",\"error_description\":\"request too large\"}");
            return;
        }
        TokenEndpoint.Reply reply = tokenEndpoint.handle(request.getHeaders().get(HttpHeader.CONTENT_TYPE), body,
                request.getHeaders().get(HttpHeader.AUTHORIZATION));
        if (reply.challenge()) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"token endpoint\"");
        }
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        send(response, callback, reply.status(), "application/json; charset=utf-8", reply.json());
    }

    private static void send(Response response, Callback callback, int status, String contentType, String body) {
        send(response, callback, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(Response response, Callback callback, int status, String contentType, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
