package io.roomrelease.ews.simulator;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import io.roomrelease.ews.simulator.admin.AdminEndpoint;
import io.roomrelease.ews.simulator.graph.GraphSchema;
import io.roomrelease.ews.simulator.graph.GraphSettings;
import io.roomrelease.ews.simulator.model.Account;
import io.roomrelease.ews.simulator.scenario.Scenario;
import io.roomrelease.ews.simulator.schema.SchemaValidator;

/**
 * Runs the simulator as a process until it is killed:
 * {@code java -jar simulator/target/ews-simulator.jar --port 8443 --scenario demo}.
 */
public final class Main {

    private static final String USAGE = String.join("\n",
            "Usage: java -jar ews-simulator.jar [options]",
            "  --scenario demo|FILE     scenario to serve: the built-in demo (default) or a .yaml/.yml/.json file",
            "  --port N                 HTTPS port (default 8443; 0 = ephemeral)",
            "  --http-port N            HTTP port (default: none; 0 = ephemeral)",
            "  --host H                 interface to listen on (default 127.0.0.1)",
            "  --trust-store FILE       write the self-signed certificate to FILE (PKCS12) for clients",
            "  --trust-store-password P password of that file (default changeit)",
            "  --token-lifetime SECONDS lifetime of Bearer tokens (default 3600)",
            "  --schema-dir DIR         validate every request and response against DIR/messages.xsd",
            "  --graph-schema-dir DIR   check every Graph JSON body against DIR/graph-v1.0-csdl.xml (default: the",
            "                           graph.schema.dir system property or ../shared/graph-schema, skipped if missing)",
            "  --graph-scope S          mailboxes Graph apps may reach: rooms, all, or a comma-separated list (default:",
            "                           the scenario's graph.scope, else rooms)",
            "  --graph-max-concurrent N Graph requests in flight per app and mailbox (default 4)",
            "  --graph-requests-per-window N  Graph requests per app and mailbox per window (default 10000)",
            "  --graph-window SECONDS   that window (default 600)",
            "  --graph-fractional-retry-after  Retry-After with fractions of a second (default: whole seconds)",
            "  --graph-delta-token-lifetime SECONDS  how long calendarView/delta tokens stay valid (default 604800)",
            "  --admin-port N           opt-in admin endpoint for tests on http://127.0.0.1:N/admin (loopback only;",
            "                           0 = ephemeral; default: off): sent messages, calendars, fault injection",
            "  --help                   this text");

    private Main() {
    }

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "ews-simulator-logback.xml");
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (options.help) {
            System.out.println(USAGE);
            return;
        }
        Clock clock = Clock.systemUTC();
        Scenario scenario = "demo".equals(options.scenario) ? Scenario.demo(clock) : Scenario.load(Path.of(options.scenario), clock);
        EwsSimulator.Builder builder = EwsSimulator.builder().scenario(scenario).clock(clock).host(options.host)
                .httpsPort(options.httpsPort).httpPort(options.httpPort)
                .tokenLifetime(Duration.ofSeconds(options.tokenLifetimeSeconds));
        if (options.schemaDir != null) {
            builder.schemaValidation(SchemaValidator.load(Path.of(options.schemaDir)));
        }
        if (options.graphSchemaDir != null) {
            builder.graphSchema(GraphSchema.load(Path.of(options.graphSchemaDir)));
        }
        builder.graph(g -> {
            if (options.graphScope != null) {
                g.defaultScope(switch (options.graphScope) {
                    case "rooms" -> GraphSettings.Scope.rooms();
                    case "all" -> GraphSettings.Scope.all();
                    default -> GraphSettings.Scope.of(new java.util.LinkedHashSet<>(List.of(options.graphScope.split("\\s*,\\s*"))));
                });
            }
            g.throttling(options.graphMaxConcurrent, options.graphRequestsPerWindow, Duration.ofSeconds(options.graphWindowSeconds));
            g.fractionalRetryAfter(options.graphFractionalRetryAfter);
            g.deltaTokenLifetime(Duration.ofSeconds(options.graphDeltaTokenLifetimeSeconds));
        });
        EwsSimulator sim = builder.start();
        AdminEndpoint admin = options.adminPort >= 0 ? AdminEndpoint.start(sim, options.adminPort) : null;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (admin != null) {
                admin.close();
            }
            sim.close();
            stopped.countDown();
        }, "ews-simulator-shutdown"));
        if (options.trustStore != null) {
            sim.writeTrustStore(Path.of(options.trustStore), options.trustStorePassword.toCharArray());
        }
        describe(System.out, sim, scenario, options);
        if (admin != null) {
            System.out.println("  Admin (tests):  " + admin.uri());
            System.out.flush();
        }
        stopped.await();
    }

    private static void describe(PrintStream out, EwsSimulator sim, Scenario scenario, Options options) {
        out.println("EWS simulator running (scenario: " + options.scenario + ")");
        out.println("  EWS (HTTPS):    " + sim.httpsUrl());
        if (options.httpPort >= 0) {
            out.println("  EWS (HTTP):     " + sim.httpUrl());
        }
        out.println("  Token endpoint: " + sim.tokenUrl() + "  (grant_type=client_credentials; scope"
                + " https://graph.microsoft.com/.default for Graph)");
        out.println("  Graph (HTTPS):  " + sim.graphUrl());
        out.println("  Certificate:    " + sim.certificate().getSubjectX500Principal().getName()
                + (options.trustStore != null ? ", trust store written to " + Path.of(options.trustStore).toAbsolutePath() : ""));
        List<Account> accounts = scenario.accounts();
        out.println("  Accounts (" + accounts.size() + "; passwords and client secrets are in the scenario"
                + ("demo".equals(options.scenario) ? " resource scenarios/demo.yaml" : " file " + options.scenario) + "):");
        for (Account a : accounts) {
            out.println("    " + a.logon()
                    + (a.applicationImpersonation() ? "  ApplicationImpersonation"
                            + (a.impersonationScope().isEmpty() ? " (whole organisation)" : " scoped to " + a.impersonationScope().size() + " mailboxes")
                            : "")
                    + (a.oauthClientId() != null ? "  client_id=" + a.oauthClientId() : ""));
        }
        out.println("  Stop with Ctrl+C.");
        out.flush();
    }

    private static final class Options {
        String scenario = "demo";
        int httpsPort = 8443;
        int httpPort = -1;
        String host = "127.0.0.1";
        String trustStore;
        String trustStorePassword = "changeit";
        long tokenLifetimeSeconds = 3600;
        String schemaDir;
        int adminPort = -1;
        String graphSchemaDir;
        String graphScope;
        int graphMaxConcurrent = 4;
        int graphRequestsPerWindow = 10_000;
        long graphWindowSeconds = 600;
        boolean graphFractionalRetryAfter;
        long graphDeltaTokenLifetimeSeconds = 7 * 24 * 3600;
        boolean help;

        static Options parse(String[] args) {
            Options o = new Options();
            Deque<String> queue = new ArrayDeque<>(List.of(args));
            while (!queue.isEmpty()) {
                String arg = queue.poll();
                switch (arg) {
                    case "--scenario" -> o.scenario = value(queue, arg);
                    case "--port" -> o.httpsPort = port(value(queue, arg), arg);
                    case "--http-port" -> o.httpPort = port(value(queue, arg), arg);
                    case "--host" -> o.host = value(queue, arg);
                    case "--trust-store" -> o.trustStore = value(queue, arg);
                    case "--trust-store-password" -> o.trustStorePassword = value(queue, arg);
                    case "--token-lifetime" -> o.tokenLifetimeSeconds = number(value(queue, arg), arg);
                    case "--schema-dir" -> o.schemaDir = value(queue, arg);
                    case "--admin-port" -> o.adminPort = port(value(queue, arg), arg);
                    case "--graph-schema-dir" -> o.graphSchemaDir = value(queue, arg);
                    case "--graph-scope" -> o.graphScope = value(queue, arg);
                    case "--graph-max-concurrent" -> o.graphMaxConcurrent = (int) positive(value(queue, arg), arg);
                    case "--graph-requests-per-window" -> o.graphRequestsPerWindow = (int) positive(value(queue, arg), arg);
                    case "--graph-window" -> o.graphWindowSeconds = positive(value(queue, arg), arg);
                    case "--graph-fractional-retry-after" -> o.graphFractionalRetryAfter = true;
                    case "--graph-delta-token-lifetime" -> o.graphDeltaTokenLifetimeSeconds = positive(value(queue, arg), arg);
                    case "--help", "-h" -> o.help = true;
                    default -> throw new IllegalArgumentException("Unknown option " + arg);
                }
            }
            if (!"demo".equals(o.scenario) && !Files.isRegularFile(Path.of(o.scenario))) {
                throw new IllegalArgumentException("--scenario " + o.scenario + ": no such file (use 'demo' or a .yaml/.json file)");
            }
            return o;
        }

        private static String value(Deque<String> queue, String option) {
            String v = queue.poll();
            if (v == null) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return v;
        }

        private static int port(String v, String option) {
            long n = number(v, option);
            if (n < 0 || n > 65535) {
                throw new IllegalArgumentException(option + " must be a port between 0 and 65535, got " + v);
            }
            return (int) n;
        }

        private static long positive(String v, String option) {
            long n = number(v, option);
            if (n < 1 || n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(option + " must be a whole number from 1 to " + Integer.MAX_VALUE + ", got " + v);
            }
            return n;
        }

        private static long number(String v, String option) {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " must be a number, got '" + v + "'");
            }
        }
    }
}
