package io.roomrelease.ews.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.roomrelease.ews.simulator.faults.FaultInjector;
import io.roomrelease.ews.simulator.graph.GraphApi;
import io.roomrelease.ews.simulator.graph.GraphHttpHandler;
import io.roomrelease.ews.simulator.graph.GraphSchema;
import io.roomrelease.ews.simulator.graph.GraphSettings;
import io.roomrelease.ews.simulator.graph.GraphStats;
import io.roomrelease.ews.simulator.model.AuditEntry;
import io.roomrelease.ews.simulator.model.ExchangeStore;
import io.roomrelease.ews.simulator.model.ThrottlingSettings;
import io.roomrelease.ews.simulator.scenario.Scenario;
import io.roomrelease.ews.simulator.schema.SchemaValidator;
import io.roomrelease.ews.simulator.schema.SchemaViolation;
import io.roomrelease.ews.simulator.security.TokenService;
import io.roomrelease.ews.simulator.server.SelfSignedCertificate;
import io.roomrelease.ews.simulator.server.SimulatorServer;
import io.roomrelease.ews.simulator.soap.EwsOperationHandler;
import io.roomrelease.ews.simulator.stats.SimulatorStats;
import io.roomrelease.ews.simulator.throttling.Throttler;

/**
 * An Exchange in a box: EWS over real HTTP and HTTPS on loopback, backed by a {@link Scenario}. What tests,
 * the demo and the benchmarks embed.
 *
 * <pre>{@code
 * try (EwsSimulator sim = EwsSimulator.builder().scenario(scenario).clock(clock)
 *         .schemaValidation(SchemaValidator.fromSystemProperties()).start()) {
 *     ExchangeService ews = ...; ews.setUrl(sim.httpUrl());
 *     ...
 *     sim.assertNoSchemaViolations();
 * }
 * }</pre>
 */
public final class EwsSimulator implements AutoCloseable {
    private final ExchangeStore store;
    private final SimulatorServer server;
    private final SimulatorStats stats;
    private final FaultInjector faults;
    private final Throttler throttler;
    private final TokenService tokens;
    private final SchemaValidator schema;
    private final GraphSettings graphSettings;
    private final GraphStats graphStats;
    private final GraphApi graph;

    private EwsSimulator(Builder b) {
        Clock clock = b.clock;
        this.store = new ExchangeStore(b.scenario, clock);
        this.stats = new SimulatorStats();
        this.throttler = new Throttler(b.throttling != null ? b.throttling : b.scenario.throttling(), clock, stats);
        this.tokens = new TokenService(clock, b.tokenLifetime);
        this.schema = b.schema;
        ServerHolder holder = new ServerHolder();
        this.faults = new FaultInjector(timeout -> holder.server.idleTimeout(timeout), SimulatorServer.DEFAULT_IDLE_TIMEOUT);
        Map<String, EwsOperationHandler> operations = new LinkedHashMap<>();
        store.operations().forEach(h -> operations.put(h.operation(), h));
        b.extraOperations.forEach(h -> operations.put(h.operation(), h));
        SimulatorServer.AccessAuditSink audit = new SimulatorServer.AccessAuditSink() {
            @Override
            public void logonFailed(String logon, String reason, String requestId) {
                store.recordFailedAccess(logon, logon, "Logon", AuditEntry.LogonType.Owner, requestId, reason);
            }

            @Override
            public void denied(io.roomrelease.ews.simulator.model.Account account, String target, String operation,
                    String requestId, String responseCode) {
                store.recordFailedAccess(account.logon(), target, "Impersonate", AuditEntry.LogonType.Impersonation,
                        requestId, responseCode);
            }
        };
        Function<String, Optional<String>> mailbox = smtp -> store.mailboxExists(smtp)
                ? Optional.of(store.canonicalAddress(smtp)) : Optional.empty();
        this.graphSettings = new GraphSettings().defaultScope(b.scenario.graphScope());
        b.graphConfiguration.forEach(c -> c.accept(graphSettings));
        this.graphStats = new GraphStats();
        this.graph = new GraphApi(store, clock, graphSettings,
                b.graphSchema != null ? b.graphSchema : GraphSchema.fromSystemProperties(), graphStats,
                faults::drawLatency, endpoint -> faults.takeDropAfterExecution(endpoint, null));
        GraphHttpHandler graphHandler = new GraphHttpHandler(graph, tokens, store::account, graphStats);
        this.server = SimulatorServer.start(new SimulatorServer.Config(b.host, b.httpPort, b.httpsPort, clock,
                new ArrayList<>(operations.values()), store::account, store::accountByClientId, mailbox,
                sid -> Optional.empty(), audit, tokens, throttler, faults, schema, stats, graphHandler,
                graphSettings));
        holder.server = server;
    }

    private static final class ServerHolder {
        volatile SimulatorServer server;
    }

    /** Starts configuring a simulator. */
    public static Builder builder() {
        return new Builder();
    }

    /** The EWS endpoint over HTTP, e.g. {@code http://127.0.0.1:40123/EWS/Exchange.asmx}. */
    public URI httpUrl() {
        return server.httpBase().map(b -> b.resolve(SimulatorServer.ewsPath()))
                .orElseThrow(() -> new IllegalStateException("This simulator has no HTTP connector (httpPort was negative)"));
    }

    /** The EWS endpoint over HTTPS; trust {@link #trustStore()} to reach it. */
    public URI httpsUrl() {
        return httpsBase().resolve(SimulatorServer.ewsPath());
    }

    /** Microsoft Graph's service root over HTTPS, e.g. {@code https://127.0.0.1:40123/v1.0} (the component's graphUrl). */
    public URI graphUrl() {
        return URI.create(httpsBase() + GraphHttpHandler.PREFIX);
    }

    /** Microsoft Graph's service root over plain HTTP. */
    public URI httpGraphUrl() {
        return server.httpBase().map(b -> URI.create(b + GraphHttpHandler.PREFIX))
                .orElseThrow(() -> new IllegalStateException("This simulator has no HTTP connector (httpPort was negative)"));
    }

    /** Graph's runtime settings: application scope, roles, throttling limits, delta-token lifetime. */
    public GraphSettings graphSettings() {
        return graphSettings;
    }

    /** What the Graph side saw. */
    public GraphStats graphStats() {
        return graphStats;
    }

    /** Changes Graph's Outlook throttling limits per app and mailbox (state restarts). */
    public EwsSimulator graphThrottling(int maxConcurrent, int requestsPerWindow, Duration window) {
        graphSettings.throttling(maxConcurrent, requestsPerWindow, window);
        graph.resetThrottling();
        return this;
    }

    /** Expires every calendarView/delta token handed out so far: their next use answers 410 Gone. */
    public void expireGraphDeltaTokens() {
        graph.expireDeltaTokens();
    }

    /** Expires every access token issued so far (EWS and Graph): their next use answers 401. */
    public void expireTokens() {
        tokens.expireAll();
    }

    /** The OAuth2 client-credentials token endpoint (HTTPS). */
    public URI tokenUrl() {
        return httpsBase().resolve(SimulatorServer.tokenPath());
    }

    /** The token endpoint over plain HTTP, for clients that cannot be given a trust store. */
    public URI httpTokenUrl() {
        return server.httpBase().map(b -> b.resolve(SimulatorServer.tokenPath()))
                .orElseThrow(() -> new IllegalStateException("This simulator has no HTTP connector (httpPort was negative)"));
    }

    /** The self-signed certificate of the HTTPS connector. */
    public X509Certificate certificate() {
        return tls().certificate();
    }

    /** A PKCS12 trust store holding {@link #certificate()}. */
    public KeyStore trustStore() {
        return tls().trustStore();
    }

    /** Writes {@link #trustStore()} to a PKCS12 file, e.g. for {@code -Djavax.net.ssl.trustStore} of another process. */
    public void writeTrustStore(Path file, char[] password) {
        try {
            tls().writeTrustStore(file, password);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The simulated organisation: calendars, sent messages, the mailbox audit log. */
    public ExchangeStore store() {
        return store;
    }

    /** What the server saw. */
    public SimulatorStats stats() {
        return stats;
    }

    /** Zeroes the statistics. */
    public void resetStats() {
        stats.reset();
    }

    /** Fault and latency injection. */
    public FaultInjector faults() {
        return faults;
    }

    /** Changes throttling for every account at runtime (budgets restart full). */
    public EwsSimulator throttling(ThrottlingSettings settings) {
        throttler.settings(settings);
        throttler.resetBudgets();
        return this;
    }

    /** Changes throttling for one account at runtime. */
    public EwsSimulator throttling(String account, ThrottlingSettings settings) {
        throttler.settings(account, settings);
        return this;
    }

    /** The throttling in force for an account. */
    public ThrottlingSettings throttlingFor(String account) {
        return throttler.settingsFor(account);
    }

    /** Changes the lifetime of tokens issued from now on. */
    public EwsSimulator tokenLifetime(Duration lifetime) {
        tokens.lifetime(lifetime);
        return this;
    }

    /** Whether requests and responses are checked against the EWS schema. */
    public SchemaValidator schemaValidation() {
        return schema;
    }

    /** Request and response parts that failed schema validation so far. */
    public List<SchemaViolation> schemaViolations() {
        List<SchemaViolation> all = new ArrayList<>(server.schemaViolations());
        graphStats.schemaViolations().forEach(v -> all.add(new SchemaViolation("Graph " + v.endpoint(),
                SchemaViolation.Direction.valueOf(v.direction()), "json", v.message())));
        return all;
    }

    /** Forgets recorded schema violations (e.g. after a test that sends an invalid request on purpose). */
    public void clearSchemaViolations() {
        server.clearSchemaViolations();
        graphStats.clearSchemaViolations();
    }

    /**
     * Throws {@link AssertionError} listing every schema violation recorded so far. JUnit-free, for any test
     * that embeds the simulator. Passes trivially when validation is disabled (see {@link SchemaValidator#fromSystemProperties()}).
     */
    public void assertNoSchemaViolations() {
        List<SchemaViolation> violations = schemaViolations();
        if (!violations.isEmpty()) {
            throw new AssertionError(violations.size() + " EWS/Graph schema violation(s) seen by the simulator:\n  "
                    + violations.stream().map(SchemaViolation::toString).collect(Collectors.joining("\n  ")));
        }
    }

    /** Stops the server. */
    @Override
    public void close() {
        server.close();
    }

    private URI httpsBase() {
        return server.httpsBase().orElseThrow(() ->
                new IllegalStateException("This simulator has no HTTPS connector (httpsPort was negative)"));
    }

    private SelfSignedCertificate tls() {
        return server.certificate().orElseThrow(() ->
                new IllegalStateException("This simulator has no HTTPS connector (httpsPort was negative)"));
    }

    /** Configures and starts an {@link EwsSimulator}. */
    public static final class Builder {
        private Scenario scenario;
        private Clock clock = Clock.systemUTC();
        private String host = "127.0.0.1";
        private int httpPort = 0;
        private int httpsPort = 0;
        private SchemaValidator schema = SchemaValidator.disabled("not requested: call schemaValidation(...)");
        private ThrottlingSettings throttling;
        private Duration tokenLifetime = Duration.ofHours(1);
        private final List<EwsOperationHandler> extraOperations = new ArrayList<>();
        private GraphSchema graphSchema;
        private final List<java.util.function.Consumer<GraphSettings>> graphConfiguration = new ArrayList<>();

        private Builder() {
        }

        /** The organisation to serve (required). */
        public Builder scenario(Scenario scenario) {
            this.scenario = Objects.requireNonNull(scenario, "scenario");
            return this;
        }

        /** The simulator's "now" (default: the system UTC clock). Token expiry and budget recharge use it. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Interface to listen on (default 127.0.0.1). */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** HTTP port: 0 ephemeral (default), negative for none. */
        public Builder httpPort(int port) {
            this.httpPort = port;
            return this;
        }

        /** HTTPS port: 0 ephemeral (default), negative for none. */
        public Builder httpsPort(int port) {
            this.httpsPort = port;
            return this;
        }

        /** Schema validation of every request and response, e.g. {@link SchemaValidator#fromSystemProperties()} (default: off). */
        public Builder schemaValidation(SchemaValidator validator) {
            this.schema = Objects.requireNonNull(validator, "validator");
            return this;
        }

        /** Throttling for every account, overriding the scenario's. */
        public Builder throttling(ThrottlingSettings settings) {
            this.throttling = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * The Graph metadata check of every Graph JSON body (default: {@link GraphSchema#fromSystemProperties()}, i.e.
         * {@code -Dgraph.schema.dir}, skipped with a warning when missing unless {@code -Dgraph.schema.required=true}).
         */
        public Builder graphSchema(GraphSchema schema) {
            this.graphSchema = Objects.requireNonNull(schema, "schema");
            return this;
        }

        /**
         * Graph settings to start with (scope, roles, throttling, delta-token lifetime), applied after the scenario's
         * {@code graph.scope}; they stay changeable at runtime through {@link EwsSimulator#graphSettings()}.
         */
        public Builder graph(java.util.function.Consumer<GraphSettings> configure) {
            graphConfiguration.add(Objects.requireNonNull(configure, "configure"));
            return this;
        }

        /** Lifetime of Bearer tokens (default one hour). */
        public Builder tokenLifetime(Duration lifetime) {
            this.tokenLifetime = Objects.requireNonNull(lifetime, "lifetime");
            return this;
        }

        /**
         * Adds an operation or replaces one of the store's, e.g. to observe calls in a test. Production use
         * has no need for it: the store serves every operation the simulator implements.
         */
        public Builder operation(EwsOperationHandler handler) {
            this.extraOperations.add(Objects.requireNonNull(handler, "handler"));
            return this;
        }

        /** Starts the simulator. */
        public EwsSimulator start() {
            if (scenario == null) {
                throw new IllegalStateException("EwsSimulator needs a scenario: builder().scenario(Scenario.demo(clock)) or Scenario.builder()...build()");
            }
            return new EwsSimulator(this);
        }
    }
}
