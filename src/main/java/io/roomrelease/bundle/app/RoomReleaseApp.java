package io.roomrelease.bundle.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.roomrelease.bundle.settings.BoundSettings;
import io.roomrelease.bundle.settings.InvalidSettingsException;
import io.roomrelease.bundle.settings.RoomReleaseSettings;
import io.roomrelease.bundle.settings.SettingSource;

import io.roomrelease.bundle.sweep.SweepReport;
import io.roomrelease.bundle.sweep.SweepSteps;

/**
 * Starts the bundle in-process: camel-main with {@code config/application.properties}, the profile's file
 * ({@code config/application-<profile>.properties}), the YAML routes of {@code routes/}, and the beans of
 * {@link RoomReleaseBeans}. The command line ({@link RoomReleaseApplication}) and the end-to-end tests both use it.
 *
 * <p>Settings are bound once by {@link BoundSettings} and handed to camel-main as override properties, so camel-main's
 * own options, the routes and the Java beans see the same values. Precedence, highest first: the properties given to
 * the builder (the demo launcher and tests use them), environment variables ({@code roomrelease.policy.grace-minutes}
 * is overridden by {@code ROOMRELEASE_POLICY_GRACE_MINUTES}: upper case, '.' and '-' become '_'), JVM system
 * properties, the profile file, {@code application.properties}. Every problem (the bundle's settings, the component's
 * options, ports in use, unknown variables) stops start-up in one {@link InvalidSettingsException}.
 */
public final class RoomReleaseApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("roomrelease");

    private final Main main;
    private final BoundSettings settings;

    private RoomReleaseApp(Main main, BoundSettings settings) {
        this.main = main;
        this.settings = settings;
    }

    /** The settings as they were bound (every value camel-main and the bundle use). */
    public BoundSettings settings() {
        return settings;
    }

    /** A builder with the defaults: no profile, {@code config/}, {@code routes/*.camel.yaml}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The running Camel context. */
    public CamelContext context() {
        return main.getCamelContext();
    }

    /** Runs one sweep now and returns its report. */
    public SweepReport sweepNow() {
        try (ProducerTemplate template = context().createProducerTemplate()) {
            template.sendBody("direct:sweep", null);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return context().getRegistry().lookupByNameAndType("sweep", SweepSteps.class).lastReport();
    }

    /** Runs the nightly cleanup now. */
    public void cleanupNow() {
        try (ProducerTemplate template = context().createProducerTemplate()) {
            template.sendBody("direct:nightly-cleanup", null);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops Camel. */
    @Override
    public void close() {
        main.stop();
    }

    /** Configures and starts a {@link RoomReleaseApp}. */
    public static final class Builder {
        private String profile;
        private Path configDir = Path.of("config");
        private String routes;
        private Clock clock;
        private final Map<String, String> properties = new LinkedHashMap<>();

        /** The profile ({@code demo}, {@code production}, ...): loads {@code application-<profile>.properties}. */
        public Builder profile(String profile) {
            this.profile = profile;
            return this;
        }

        /** The folder holding {@code application.properties} (default {@code config}). */
        public Builder configDir(Path dir) {
            this.configDir = dir;
            return this;
        }

        /** The routes to load, as a Camel resource pattern (default: {@code routes/} or the copy in the jar). */
        public Builder routes(String pattern) {
            this.routes = pattern;
            return this;
        }

        /** A clock for every time decision (default: the system clock). */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** A setting that wins over the files and the environment. */
        public Builder property(String key, String value) {
            properties.put(key, value);
            return this;
        }

        /** Several such settings. */
        public Builder properties(Map<String, String> map) {
            properties.putAll(map);
            return this;
        }

        /**
         * Starts Camel: loads the settings, migrates the store, loads the routes and starts them.
         *
         * @throws Exception when a setting, a route file or the store is wrong (the message names it)
         */
        public RoomReleaseApp start() throws Exception {
            Main main = new Main();
            // the one settings path: decide every value here, once, and hand all of them to camel-main as overrides
            List<BoundSettings.File> files = new ArrayList<>();
            String profileName = "application-" + profile + ".properties";
            if (profile != null && !profile.isBlank()) {
                files.add(load(configDir.resolve(profileName), profileName, true));
            }
            BoundSettings.File defaults = load(configDir.resolve("application.properties"), "application.properties",
                    false);
            files.add(defaults);
            Map<String, String> startUp = new LinkedHashMap<>(properties);
            startUp.putIfAbsent("roomrelease.profile", profile == null ? "" : profile);
            startUp.putIfAbsent("camel.main.routes-include-pattern", routes != null ? routes
                    : Files.isDirectory(Path.of("routes")) ? "file:routes/*.camel.yaml" : "classpath:routes/*.camel.yaml");
            Map<String, String> system = new LinkedHashMap<>();
            System.getProperties().stringPropertyNames().forEach(k -> system.put(k, System.getProperty(k)));
            BoundSettings bound = BoundSettings.bind(files, EwsOptions.keys(), System.getenv(), system, startUp);
            check(bound, "production".equals(profile));
            // the demo's console tells the story; its launcher sets the EWS values
            if (profile != null && profile.startsWith("demo")) {
                LOG.debug("Settings bound from outside {}:{}", defaults.name(), bound.describe(defaults.name()));
            } else {
                LOG.info("Settings bound from outside {}:{}", defaults.name(), bound.describe(defaults.name()));
            }

            main.setOverrideProperties(bound.asProperties());
            if (clock != null) {
                main.bind("clock", clock);
            }
            main.configure().addConfiguration(new RoomReleaseBeans());
            main.start();
            if (main.getCamelContext() == null || !main.getCamelContext().isStarted()) {
                main.stop();
                throw new IllegalStateException("Room Release did not start; see the log above for the cause");
            }
            return new RoomReleaseApp(main, bound);
        }

        /** Every problem of the bound settings in one error: the bundle's, the component's, the ports. */
        private static void check(BoundSettings bound, boolean production) {
            SettingSource source = bound.source();
            List<String> problems = new ArrayList<>(bound.problems());
            problems.addAll(RoomReleaseSettings.problems(source));
            problems.addAll(EwsOptions.problems(source));
            if (production) {
                problems.addAll(ProductionPreflight.productionOnly(source));
            }
            if (problems.isEmpty()) {
                pendingOutlivesRequests(source).forEach(LOG::warn);
            }
            if (problems.isEmpty()) {
                problems.addAll(PortCheck.problems(source)); // only worth binding sockets for an otherwise good set
            }
            if (!problems.isEmpty()) {
                throw new InvalidSettingsException(RoomReleaseSettings.INTRO, problems);
            }
        }

        /**
         * A release claim counts as abandoned (outcome unknown) after the pending timeout: it must outlive the longest
         * request, or a decline still in flight could be settled and retried beside itself. A warning, not a refusal:
         * tests of crashes use a short timeout on purpose.
         */
        private static List<String> pendingOutlivesRequests(SettingSource source) {
            String key = "roomrelease.release.pending-timeout-seconds";
            long pending = Long.parseLong(source.get(key).orElse("120").trim()) * 1000;
            long request = org.apache.camel.util.TimeUtils.toMilliSeconds(
                    source.get("camel.component.ews.request-timeout").orElse("60000").trim());
            if (pending <= 2 * request) {
                return List.of(key + " (environment " + SettingSource.environmentVariable(key) + ") should be more"
                        + " than twice camel.component.ews.request-timeout (" + request / 1000 + " s): a claim younger"
                        + " than that may still have its request on the wire, and settling it early could release"
                        + " the meeting twice");
            }
            return List.of();
        }

        private static BoundSettings.File load(Path file, String name, boolean optional) {
            Properties p = new Properties();
            try {
                if (Files.isRegularFile(file)) {
                    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                        p.load(in);
                    }
                    return new BoundSettings.File(file.toString(), p);
                }
                try (InputStream in = RoomReleaseApp.class.getResourceAsStream("/config/" + name)) {
                    if (in == null) {
                        if (optional) {
                            return new BoundSettings.File(name, p);
                        }
                        throw new InvalidSettingsException("Room Release cannot start", List.of(file
                                + " is missing (and the jar carries no copy): run from the folder that holds config/"));
                    }
                    p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
                    return new BoundSettings.File("classpath:config/" + name, p);
                }
            } catch (IOException e) {
                throw new InvalidSettingsException("Room Release cannot start", List.of("cannot read " + file + ": "
                        + e.getMessage()));
            }
        }
    }
}
