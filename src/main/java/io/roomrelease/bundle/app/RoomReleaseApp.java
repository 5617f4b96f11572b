package io.roomrelease.bundle.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;

import io.roomrelease.bundle.sweep.SweepReport;
import io.roomrelease.bundle.sweep.SweepSteps;

/**
 * Starts the bundle in-process: camel-main with {@code config/application.properties}, the profile's file
 * ({@code config/application-<profile>.properties}), the YAML routes of {@code routes/}, and the beans of
 * {@link RoomReleaseBeans}. The command line ({@link RoomReleaseApplication}) and the end-to-end tests both use it.
 *
 * <p>Precedence of settings, highest first: the properties given to the builder (the demo launcher and tests use
 * them), environment variables ({@code roomrelease.policy.grace-minutes} is overridden by
 * {@code ROOMRELEASE_POLICY_GRACE_MINUTES}: upper case, '.' and '-' become '_'), JVM system properties, the
 * profile file, {@code application.properties}.
 */
public final class RoomReleaseApp implements AutoCloseable {

    private final Main main;

    private RoomReleaseApp(Main main) {
        this.main = main;
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
            // Camel reads locations in order and the first that defines a key wins: the profile goes first.
            String locations = location(configDir.resolve("application.properties"), false, "application.properties");
            if (profile != null && !profile.isBlank()) {
                locations = location(configDir.resolve("application-" + profile + ".properties"), true,
                        "application-" + profile + ".properties") + "," + locations;
            }
            main.setPropertyPlaceholderLocations(locations);
            Properties override = new Properties();
            override.setProperty("roomrelease.profile", profile == null ? "" : profile);
            override.setProperty("camel.main.routes-include-pattern", routes != null ? routes
                    : Files.isDirectory(Path.of("routes")) ? "file:routes/*.camel.yaml" : "classpath:routes/*.camel.yaml");
            properties.forEach(override::setProperty);
            main.setOverrideProperties(override);
            if (clock != null) {
                main.bind("clock", clock);
            }
            main.configure().addConfiguration(new RoomReleaseBeans());
            main.start();
            if (main.getCamelContext() == null || !main.getCamelContext().isStarted()) {
                main.stop();
                throw new IllegalStateException("Room Release did not start; see the log above for the cause");
            }
            return new RoomReleaseApp(main);
        }

        private static String location(Path file, boolean optional, String name) {
            if (Files.isRegularFile(file)) {
                return "file:" + file + (optional ? ";optional=true" : "");
            }
            return "classpath:config/" + name + (optional ? ";optional=true" : "");
        }
    }
}
