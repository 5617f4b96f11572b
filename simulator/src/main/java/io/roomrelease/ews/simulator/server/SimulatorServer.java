package io.roomrelease.ews.simulator.server;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import io.roomrelease.ews.simulator.faults.FaultInjector;
import io.roomrelease.ews.simulator.graph.GraphSettings;
import io.roomrelease.ews.simulator.model.Account;
import io.roomrelease.ews.simulator.schema.SchemaValidator;
import io.roomrelease.ews.simulator.schema.SchemaViolation;
import io.roomrelease.ews.simulator.security.Authenticator;
import io.roomrelease.ews.simulator.security.ImpersonationGuard;
import io.roomrelease.ews.simulator.security.TokenService;
import io.roomrelease.ews.simulator.soap.EwsOperationHandler;
import io.roomrelease.ews.simulator.stats.SimulatorStats;
import io.roomrelease.ews.simulator.throttling.Throttler;

/**
 * The embedded Jetty 12 server: an HTTP and an HTTPS connector (TLS 1.2/1.3, self-signed certificate) on
 * one host, a thread pool large enough that injected latency never caps concurrency below the 100+
 * requests the throttling tests send, and the EWS and token endpoints.
 */
public final class SimulatorServer implements AutoCloseable {
    /** Largest request body accepted (Exchange's default maxRequestLength is larger; 10 MB is plenty for EWS calls). */
    public static final long MAX_REQUEST_BYTES = 10L * 1024 * 1024;
    /** Keep-alive idle timeout when no fault asks for another one. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_THREADS = 256;

    private final Server jetty;
    private final ServerConnector http;
    private final ServerConnector https;
    private final SelfSignedCertificate certificate;
    private final SoapDispatcher dispatcher;
    private final String host;

    /**
     * What the server needs from the rest of the simulator.
     *
     * @param host               interface to listen on, e.g. 127.0.0.1
     * @param httpPort           HTTP port (0: ephemeral; negative: no HTTP connector)
     * @param httpsPort          HTTPS port (0: ephemeral; negative: no HTTPS connector)
     * @param clock              the simulator clock
     * @param operations         the operation handlers
     * @param accountByLogon     account lookup for Basic and Bearer
     * @param accountByClientId  account lookup for the token endpoint
     * @param mailbox            directory lookup for impersonation: an address to the mailbox's primary address
     * @param sidToSmtp          SID lookup for impersonation by SID
     * @param audit              where refused logons and impersonations are reported
     * @param tokens             token service
     * @param throttler          throttling
     * @param faults             fault injection
     * @param schema             schema validation (possibly disabled)
     * @param stats              statistics
     * @param graph              the Graph v1.0 handler (paths under /v1.0), or null for none
     * @param graphSettings      Graph apps: the roles a client id gets in Graph tokens, its certificate credential
     */
    public record Config(String host, int httpPort, int httpsPort, Clock clock, List<EwsOperationHandler> operations,
            Function<String, Optional<Account>> accountByLogon, Function<String, Optional<Account>> accountByClientId,
            Function<String, Optional<String>> mailbox, Function<String, Optional<String>> sidToSmtp,
            AccessAuditSink audit, TokenService tokens, Throttler throttler, FaultInjector faults,
            SchemaValidator schema, SimulatorStats stats, Handler graph, GraphSettings graphSettings) {

        /** Without Graph. */
        public Config(String host, int httpPort, int httpsPort, Clock clock, List<EwsOperationHandler> operations,
                Function<String, Optional<Account>> accountByLogon, Function<String, Optional<Account>> accountByClientId,
                Function<String, Optional<String>> mailbox, Function<String, Optional<String>> sidToSmtp,
                AccessAuditSink audit, TokenService tokens, Throttler throttler, FaultInjector faults,
                SchemaValidator schema, SimulatorStats stats) {
            this(host, httpPort, httpsPort, clock, operations, accountByLogon, accountByClientId, mailbox, sidToSmtp, audit,
                    tokens, throttler, faults, schema, stats, null, new GraphSettings());
        }
    }

    /** Receives access attempts the server refused before any operation ran (for the mailbox audit log). */
    public interface AccessAuditSink {
        /**
         * A 401 for bad credentials or a bad token.
         *
         * @param logon     the logon tried (never the password), or the expired token's account
         * @param reason    why, e.g. BAD_CREDENTIALS
         * @param requestId the client-request-id, or null
         */
        void logonFailed(String logon, String reason, String requestId);

        /**
         * @param account      the authenticated account
         * @param target       the mailbox it tried to impersonate, as sent
         * @param operation    the EWS operation
         * @param requestId    the client-request-id
         * @param responseCode the fault sent, e.g. ErrorImpersonateUserDenied
         */
        void denied(Account account, String target, String operation, String requestId, String responseCode);
    }

    private SimulatorServer(Config c) {
        this.host = c.host();
        Map<String, EwsOperationHandler> handlers = new LinkedHashMap<>();
        for (EwsOperationHandler h : c.operations()) {
            handlers.put(h.operation(), h);
        }
        this.dispatcher = new SoapDispatcher(handlers, new ImpersonationGuard(c.mailbox(), c.sidToSmtp()),
                c.throttler(), c.faults(), c.schema(), c.stats(), c.clock(), c.audit()::denied);
        EwsHttpHandler handler = new EwsHttpHandler(new Authenticator(c.accountByLogon(), c.tokens()), c.audit(), dispatcher,
                new TokenEndpoint(c.accountByClientId(), c.tokens(), c.stats(), c.graphSettings(), c.clock()), c.faults(), c.stats(), MAX_REQUEST_BYTES, c.clock());

        QueuedThreadPool pool = new QueuedThreadPool(MAX_THREADS, 8);
        pool.setName("ews-simulator");
        pool.setDaemon(true);
        jetty = new Server(pool);
        jetty.setHandler(c.graph() == null ? handler : new Handler.Sequence(c.graph(), handler));

        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        config.setSendXPoweredBy(false);
        http = c.httpPort() < 0 ? null : connector(new HttpConnectionFactory(config), c.httpPort());

        if (c.httpsPort() >= 0) {
            certificate = SelfSignedCertificate.generate(host);
            char[] password = UUID.randomUUID().toString().toCharArray();
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStore(certificate.keyStore(password));
            ssl.setKeyStorePassword(new String(password));
            ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
            ssl.setSniRequired(false);
            HttpConfiguration secure = new HttpConfiguration(config);
            SecureRequestCustomizer customizer = new SecureRequestCustomizer();
            customizer.setSniHostCheck(false);
            secure.addCustomizer(customizer);
            https = connector(new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()), c.httpsPort(),
                    new HttpConnectionFactory(secure));
        } else {
            certificate = null;
            https = null;
        }
    }

    private ServerConnector connector(org.eclipse.jetty.server.ConnectionFactory first, int port,
            org.eclipse.jetty.server.ConnectionFactory... more) {
        org.eclipse.jetty.server.ConnectionFactory[] factories = new org.eclipse.jetty.server.ConnectionFactory[more.length + 1];
        factories[0] = first;
        System.arraycopy(more, 0, factories, 1, more.length);
        ServerConnector connector = new ServerConnector(jetty, 1, 1, factories);
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(DEFAULT_IDLE_TIMEOUT.toMillis());
        connector.setAcceptQueueSize(256);
        jetty.addConnector(connector);
        return connector;
    }

    /** Builds and starts the server. */
    public static SimulatorServer start(Config config) {
        Objects.requireNonNull(config, "config");
        if (config.httpPort() < 0 && config.httpsPort() < 0) {
            throw new IllegalArgumentException("Enable at least one of HTTP and HTTPS (port 0 = ephemeral)");
        }
        SimulatorServer server = new SimulatorServer(config);
        try {
            server.jetty.start();
        } catch (Exception e) {
            server.close();
            throw new IllegalStateException("Cannot start the EWS simulator on " + config.host() + " (HTTP port "
                    + config.httpPort() + ", HTTPS port " + config.httpsPort() + "): " + e.getMessage()
                    + ". Choose free ports or 0 for ephemeral ones.", e);
        }
        return server;
    }

    /**
     * Sets the idle timeout of both connectors: for connections opened from now on, and for those already open, so
     * that an idle keep-alive connection is closed by the server after this long, as IIS closes them.
     */
    public void idleTimeout(Duration timeout) {
        for (ServerConnector c : new ServerConnector[] { http, https }) {
            if (c != null) {
                c.setIdleTimeout(timeout.toMillis());
                c.getConnectedEndPoints().forEach(ep -> ep.setIdleTimeout(timeout.toMillis()));
            }
        }
    }

    /** Base URI of the HTTP connector, e.g. {@code http://127.0.0.1:1234}. */
    public Optional<URI> httpBase() {
        return http == null ? Optional.empty() : Optional.of(URI.create("http://" + hostForUri() + ":" + http.getLocalPort()));
    }

    /** Base URI of the HTTPS connector. */
    public Optional<URI> httpsBase() {
        return https == null ? Optional.empty() : Optional.of(URI.create("https://" + hostForUri() + ":" + https.getLocalPort()));
    }

    /** The TLS certificate (empty without HTTPS). */
    public Optional<SelfSignedCertificate> certificate() {
        return Optional.ofNullable(certificate);
    }

    /** Schema violations recorded so far. */
    public List<SchemaViolation> schemaViolations() {
        return dispatcher.violations();
    }

    /** Forgets recorded schema violations. */
    public void clearSchemaViolations() {
        dispatcher.clearViolations();
    }

    /** Path of the EWS endpoint. */
    public static String ewsPath() {
        return EwsHttpHandler.EWS_PATH;
    }

    /** Path of the token endpoint. */
    public static String tokenPath() {
        return EwsHttpHandler.TOKEN_PATH;
    }

    private String hostForUri() {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    @Override
    public void close() {
        try {
            jetty.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot stop the EWS simulator: " + e.getMessage(), e);
        }
    }
}
