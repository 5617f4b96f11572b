package io.roomrelease.camel.ews.ews;

import java.io.IOException;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import javax.net.ssl.SSLContext;

import io.roomrelease.camel.ews.auth.AuthorizationSource;
import microsoft.exchange.webservices.data.core.CookieProcessingTargetAuthenticationStrategy;
import microsoft.exchange.webservices.data.core.ExchangeService;
import microsoft.exchange.webservices.data.core.enumeration.misc.ConnectingIdType;
import microsoft.exchange.webservices.data.core.enumeration.misc.ExchangeVersion;
import microsoft.exchange.webservices.data.core.exception.service.local.ServiceLocalException;
import microsoft.exchange.webservices.data.core.request.HttpWebRequest;
import microsoft.exchange.webservices.data.misc.ImpersonatedUserId;
import org.apache.http.HttpClientConnection;
import org.apache.http.HttpException;
import org.apache.http.HttpRequest;
import org.apache.http.HttpResponse;
import org.apache.http.config.Registry;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.socket.PlainConnectionSocketFactory;
import org.apache.http.conn.ssl.DefaultHostnameVerifier;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.BasicHttpClientConnectionManager;
import org.apache.http.protocol.HttpContext;
import org.apache.http.protocol.HttpRequestExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link ExchangeService} as the component needs it. Never shared by two threads (it comes from a pool).
 * <ul>
 * <li>Its HTTP client only speaks TLS 1.2/1.3 with the component's trust material and verifies host names; plain
 * http is registered only when {@code allowInsecureHttp=true}. ews-java-api builds its client in the base constructor
 * (before a subclass's fields exist), so the client is replaced once the base is built.</li>
 * <li>Each HTTP request gets a fresh {@code client-request-id}, {@code return-client-request-id: true}, the
 * {@code Authorization} header (Basic pre-emptively, or the current Bearer token) and {@code X-AnchorMailbox}.</li>
 * </ul>
 */
public final class ManagedExchangeService extends ExchangeService {
    /** The RequestServerVersion every request sends. */
    static final ExchangeVersion REQUESTED_VERSION = ExchangeVersion.Exchange2010_SP2;


    private static final Logger LOG = LoggerFactory.getLogger(ManagedExchangeService.class);
    private static final String[] TLS_PROTOCOLS = { "TLSv1.3", "TLSv1.2" };

    private final AuthorizationSource authorization;
    private final Registry<ConnectionSocketFactory> registry;
    private String anchorMailbox;
    private volatile String lastRequestId;
    private volatile int requestCount;
    private volatile SendHooks hooks;
    private final BasicHttpClientConnectionManager connections;
    // what the current attempt did on the wire (one thread at a time: the service is leased)
    private volatile boolean writeArmed;
    private volatile boolean writeLeft;
    private volatile Phase phase = Phase.PREPARED;
    private volatile boolean reused;

    /** How far the last HTTP request of this service got. */
    public enum Phase {
        /** Built, not yet on an open connection (connecting or the TLS handshake failed here: nothing left). */
        PREPARED,
        /** On an open connection, about to be sent (nothing left yet). */
        CONNECTED,
        /** Being sent or sent: the request may have reached the server. */
        SENDING,
        /** The status line and headers of the reply were read. */
        RESPONDED,
        /** The whole reply was read off the wire (only parsing remains). */
        READ
    }

    /**
     * A snapshot of the attempt, taken when it failed.
     *
     * @param phase     how far the failing request got
     * @param reused    whether the failing request ran on a connection that had carried a request before
     * @param writeLeft whether a request that may change something (a write) may have reached the server
     */
    public record AttemptState(Phase phase, boolean reused, boolean writeLeft) {
    }

    /**
     * A reused keep-alive connection found closed by the server right before a write was sent: nothing was sent (the
     * connection is closed), so the write may go again on a fresh connection.
     */
    public static final class StaleBeforeSendException extends IOException {
        private static final long serialVersionUID = 1L;

        StaleBeforeSendException() {
            super("the reused keep-alive connection was closed by the server; the request was not sent");
        }
    }

    /**
     * What the account does around each HTTP request of this service; all run on the calling thread, inside the
     * HTTP client: a request is "on the wire" from the moment it may leave until its whole response has been read
     * (the window Exchange counts as one concurrent request); building the request and parsing the response happen
     * outside it.
     */
    public interface SendHooks {
        /** Waits for a place on the wire (the account's cap on requests in flight). */
        void enterWire() throws IOException;

        /** Gives the place back: the response has been read whole, or the exchange failed. */
        void leaveWire();

        /** Right before the request is sent (on the wire already); throwing vetoes it (nothing is sent). */
        void beforeSend() throws IOException;

        /** The response is an ErrorServerBusy asking for this back-off (read off the wire, not yet parsed by ews). */
        void busyReply(java.time.Duration backOff);
    }

    /**
     * @param sslContext        trust material for https
     * @param allowInsecureHttp whether plain http may be used
     * @param authorization     the Authorization header source
     * @param userAgent         the exact User-Agent
     * @param timeoutMillis     connect/read timeout
     */
    public ManagedExchangeService(SSLContext sslContext, boolean allowInsecureHttp, AuthorizationSource authorization,
                                  String userAgent, int timeoutMillis) {
        super(REQUESTED_VERSION);
        this.authorization = Objects.requireNonNull(authorization, "authorization");
        this.registry = registry(sslContext, allowInsecureHttp);
        try {
            this.httpClient.close();
        } catch (IOException e) {
            LOG.trace("Closing the default client failed", e);
        }
        this.connections = new BasicHttpClientConnectionManager(registry);
        this.httpClient = HttpClients.custom()
                .setConnectionManager(connections)
                .setTargetAuthenticationStrategy(new CookieProcessingTargetAuthenticationStrategy())
                .disableAutomaticRetries()
                .setRequestExecutor(new HttpRequestExecutor() {
                    @Override
                    public HttpResponse execute(HttpRequest request, HttpClientConnection conn, HttpContext context)
                            throws IOException, HttpException {
                        boolean onReused = conn.getMetrics().getRequestCount() > 0;
                        reused = onReused;
                        phase = Phase.CONNECTED;
                        if (onReused && writeArmed && conn.isStale()) {
                            // a write must not go out on a connection the server already closed: it would end as an
                            // unknown outcome; the check reads at most 1 ms and is only made before writes
                            conn.close();
                            throw new StaleBeforeSendException();
                        }
                        SendHooks h = hooks;
                        if (h == null) {
                            HttpResponse response = super.execute(request, conn, context);
                            phase = Phase.RESPONDED;
                            return response;
                        }
                        h.enterWire();
                        try {
                            HttpResponse response = super.execute(request, conn, context);
                            phase = Phase.RESPONDED;
                            // read the reply off the wire before the place goes back (ews-java-api parses it after)
                            BusyReplySniffer.readWhole(response);
                            phase = Phase.READ;
                            BusyReplySniffer.sniff(response).ifPresent(h::busyReply);
                            return response;
                        } finally {
                            h.leaveWire();
                        }
                    }

                    @Override
                    protected HttpResponse doSendRequest(HttpRequest request, HttpClientConnection conn,
                                                         HttpContext context) throws IOException, HttpException {
                        // the connection is open (TLS handshake done): nothing stands between this and the wire
                        SendHooks h = hooks;
                        if (h != null) {
                            h.beforeSend();
                        }
                        phase = Phase.SENDING;
                        if (writeArmed) {
                            writeLeft = true;
                        }
                        return super.doSendRequest(request, conn, context);
                    }
                })
                .build();
        setCustomUserAgent(userAgent);
        setTimeout(timeoutMillis);
        setUseDefaultCredentials(true); // no NTLM/Basic challenge handling: the Authorization header is set explicitly
        setTraceEnabled(false);
    }

    private static Registry<ConnectionSocketFactory> registry(SSLContext sslContext, boolean allowInsecureHttp) {
        RegistryBuilder<ConnectionSocketFactory> b = RegistryBuilder.<ConnectionSocketFactory> create()
                .register("https", new SSLConnectionSocketFactory(sslContext, TLS_PROTOCOLS, null,
                        new DefaultHostnameVerifier()));
        if (allowInsecureHttp) {
            b.register("http", PlainConnectionSocketFactory.getSocketFactory());
        }
        return b.build();
    }

    /**
     * A random version-4 UUID for {@code client-request-id}. It correlates logs, it is not a secret, so it comes from
     * the thread's own generator: {@code UUID.randomUUID()} takes SecureRandom's global lock, which 25 threads
     * contended for on every request (measured with JFR: seconds of blocked time per sweep).
     */
    static String newRequestId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long msb = (r.nextLong() & 0xffff_ffff_ffff_0fffL) | 0x0000_0000_0000_4000L;
        long lsb = (r.nextLong() & 0x3fff_ffff_ffff_ffffL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb).toString();
    }

    /** Used by the pooling client (subscriptions): the same restricted registry, once this object is built. */
    @Override
    protected Registry<ConnectionSocketFactory> createConnectionSocketFactoryRegistry() {
        return registry != null ? registry : super.createConnectionSocketFactoryRegistry();
    }

    /**
     * Points the next requests at a mailbox: with impersonation, the ExchangeImpersonation header; always
     * X-AnchorMailbox with the same address. A null mailbox acts as the service account itself.
     */
    public void target(String mailbox, boolean impersonate, ConnectingIdType idType) {
        this.anchorMailbox = mailbox;
        if (mailbox != null && impersonate) {
            setImpersonatedUserId(new ImpersonatedUserId(idType, mailbox));
        } else {
            setImpersonatedUserId(null);
        }
    }

    @Override
    public HttpWebRequest prepareHttpWebRequest() throws ServiceLocalException, URISyntaxException {
        prepareHeaders();
        return super.prepareHttpWebRequest();
    }

    @Override
    public HttpWebRequest prepareHttpPoolingWebRequest() throws ServiceLocalException, URISyntaxException {
        prepareHeaders();
        return super.prepareHttpPoolingWebRequest();
    }

    private void prepareHeaders() {
        String id = newRequestId();
        Map<String, String> h = getHttpHeaders();
        h.put("Authorization", authorization.authorizationHeader());
        h.put("client-request-id", id);
        h.put("return-client-request-id", "true");
        if (anchorMailbox != null) {
            h.put("X-AnchorMailbox", anchorMailbox);
        } else {
            h.remove("X-AnchorMailbox");
        }
        getHttpResponseHeaders().clear();
        phase = Phase.PREPARED;
        reused = false;
        lastRequestId = id;
        requestCount++;
    }

    /**
     * Starts an attempt of a call.
     *
     * @param mayWrite whether the call's requests may change something (then each counts as a write until
     *                 {@link #reading()} says otherwise)
     */
    public void beginAttempt(boolean mayWrite) {
        writeArmed = mayWrite;
        writeLeft = false;
        phase = Phase.PREPARED;
        reused = false;
    }

    /** The next requests of this attempt only read (e.g. the GetItem before a decline); undone by {@link #writing()}. */
    public void reading() {
        writeArmed = false;
    }

    /** The next request is the write of this attempt (decline, cancel, create, update, delete). */
    public void writing() {
        writeArmed = true;
    }

    /** What the current attempt did on the wire so far. */
    public AttemptState attemptState() {
        return new AttemptState(phase, reused, writeLeft);
    }

    /**
     * Closes this service's keep-alive connection if it has been idle for at least {@code idle} (HttpClient's own
     * {@code closeIdleConnections}); the next request then opens a new one. A zero duration closes it whatever its age.
     */
    public void closeIdleConnection(java.time.Duration idle) {
        connections.closeIdleConnections(Math.max(0, idle.toMillis()), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Installs the hooks for the next requests (null: none). */
    public void hooks(SendHooks hooks) {
        this.hooks = hooks;
    }

    /** The client-request-id of the last request this service sent (null before the first). */
    public String lastRequestId() {
        return lastRequestId;
    }

    /** How many HTTP requests this service prepared. */
    public int requestCount() {
        return requestCount;
    }

    /** A header of the last response, looked up case-insensitively (null when absent). */
    public String lastResponseHeader(String name) {
        for (Map.Entry<String, String> e : getHttpResponseHeaders().entrySet()) {
            if (e.getKey() != null && e.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return e.getValue();
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "ManagedExchangeService[" + getUrl() + ", " + authorization.principal() + "]";
    }
}
