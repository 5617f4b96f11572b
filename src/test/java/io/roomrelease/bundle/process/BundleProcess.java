package io.roomrelease.bundle.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * The packaged bundle ({@code src/target/room-release.jar}, which loads {@code src/target/lib/}) as a child JVM with
 * the production profile and its settings from environment variables, working in the repository root (so the real
 * {@code routes/} and {@code config/} are used).
 *
 * <pre>{@code
 * BundleProcess.Builder b = BundleProcess.builder(tmp)
 *         .ews(sim)                                   // url, trust store, service account
 *         .setting("roomrelease.room-lists", "all@contoso.com")
 *         .h2(tmp.resolve("db/roomrelease"));
 * try (BundleProcess bundle = b.start()) {
 *     bundle.awaitLog("Sweep at", Duration.ofSeconds(30));
 *     bundle.kill9();
 *     bundle.restart();
 * }
 * }</pre>
 *
 * <p>{@link Builder#setting} sets the environment variable of a setting (Camel's rule: upper case, '.' and '-' to
 * '_'). {@link Builder#systemPropertiesToo} also passes each setting as {@code -Dkey=value}; it is a stop-gap for
 * settings the bundle does not yet bind from the environment, and is off unless a test turns it on.
 */
public final class BundleProcess implements AutoCloseable {

    private final Builder builder;
    private ChildProcess process;
    private int logOffset;

    private BundleProcess(Builder builder) {
        this.builder = builder;
        this.process = ChildProcess.start("room-release", builder.command(), builder.environment(),
                ChildProcess.repositoryRoot(), builder.dir.resolve("bundle.log"));
    }

    /** A builder whose files (log, data) go to {@code dir}. */
    public static Builder builder(Path dir) {
        return new Builder(dir);
    }

    /** The jar {@code mvn package} builds in the bundle module. */
    public static Path jar() {
        return ChildProcess.repositoryRoot().resolve("src/target/room-release.jar");
    }

    /** The environment variable of a setting: {@code roomrelease.db.url} is {@code ROOMRELEASE_DB_URL}. */
    public static String environmentVariable(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Waits for a log line (regex) printed by the current run of the process. */
    public Matcher awaitLog(String regex, Duration timeout) {
        return process.awaitLine(regex, logOffset, timeout);
    }

    /** SIGKILL. */
    public void kill9() {
        process.kill9();
    }

    /** Starts the bundle again with the same settings (e.g. after {@link #kill9()}); the log continues in the same file. */
    public void restart() {
        logOffset = process.output().length();
        process = process.restart();
    }

    /** Graceful stop (SIGTERM); returns the exit code. */
    public int stop() {
        return process.stop(Duration.ofSeconds(20));
    }

    /** The current child process. */
    public ChildProcess process() {
        return process;
    }

    /** The whole log (every run). */
    public String output() {
        return process.output();
    }

    @Override
    public void close() {
        process.close();
    }

    /** Settings and JVM options of a {@link BundleProcess}. */
    public static final class Builder {
        private final Path dir;
        private final Map<String, String> settings = new LinkedHashMap<>();
        private final List<String> jvmOptions = new ArrayList<>(List.of("-Xmx512m"));
        private final List<String> arguments = new ArrayList<>(List.of("--profile", "production"));
        private boolean systemPropertiesToo;

        private Builder(Path dir) {
            this.dir = dir;
            setting("roomrelease.data-dir", dir.resolve("data").toString());
            setting("roomrelease.audit.file", dir.resolve("data/audit").toString());
            setting("roomrelease.cleanup.report-dir", dir.resolve("data/reports").toString());
            setting("camel.server.port", String.valueOf(ChildProcess.freePort()));
            setting("camel.management.port", String.valueOf(ChildProcess.freePort()));
        }

        /** A setting, passed as its environment variable. */
        public Builder setting(String key, String value) {
            settings.put(key, value);
            return this;
        }

        /** Points the bundle at a simulator process: URL, trust store, the service account and its password. */
        public Builder ews(SimulatorProcess sim, String username, String password) {
            setting("camel.component.ews.url", sim.ewsUrl().toString());
            setting("camel.component.ews.trust-store", sim.trustStore().toString());
            setting("camel.component.ews.trust-store-password", SimulatorProcess.TRUST_STORE_PASSWORD);
            setting("camel.component.ews.username", username);
            setting("camel.component.ews.password", password);
            return this;
        }

        /** An H2 file database. */
        public Builder h2(Path file) {
            return setting("roomrelease.db.url", "jdbc:h2:file:" + file.toAbsolutePath());
        }

        /** A PostgreSQL database. */
        public Builder postgres(String jdbcUrl, String user, String password) {
            setting("roomrelease.db.url", jdbcUrl);
            setting("roomrelease.db.user", user);
            return setting("roomrelease.db.password", password);
        }

        /** A JVM option, e.g. {@code -Xmx256m}. */
        public Builder jvmOption(String option) {
            jvmOptions.add(option);
            return this;
        }

        /** A command-line argument after {@code --profile production}, e.g. {@code --once}. */
        public Builder argument(String argument) {
            arguments.add(argument);
            return this;
        }

        /** Also pass every setting as {@code -Dkey=value} (stop-gap; see the class comment). */
        public Builder systemPropertiesToo(boolean on) {
            this.systemPropertiesToo = on;
            return this;
        }

        /** The settings given so far. */
        public Map<String, String> settings() {
            return Map.copyOf(settings);
        }

        /** Starts the bundle. */
        public BundleProcess start() {
            return new BundleProcess(this);
        }

        Map<String, String> environment() {
            Map<String, String> env = new LinkedHashMap<>();
            settings.forEach((k, v) -> env.put(environmentVariable(k), v));
            return env;
        }

        List<String> command() {
            List<String> cmd = new ArrayList<>();
            cmd.add(ChildProcess.java());
            cmd.addAll(jvmOptions);
            if (systemPropertiesToo) {
                settings.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
            }
            cmd.add("-jar");
            cmd.add(jar().toString());
            cmd.addAll(arguments);
            return cmd;
        }
    }
}
