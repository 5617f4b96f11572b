package io.roomrelease.bundle.app;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.roomrelease.bundle.security.ApiKeyHasher;
import io.roomrelease.bundle.settings.InvalidSettingsException;
import io.roomrelease.bundle.sweep.SweepReport;

/**
 * The command line: {@code java -jar src/target/room-release.jar [--profile demo|production] [--once]}.
 * <ul>
 *   <li>{@code --profile demo} (from the demo jar, {@code demo/target/room-release-demo.jar}, which carries the
 *   simulator) starts the EWS simulator with the demo scenario and points the bundle at it;</li>
 *   <li>{@code --once} runs one sweep and the nightly cleanup, prints a summary table and exits 0;</li>
 *   <li>{@code --hash-key KEY} prints the hash of a display or admin API key for the settings, and exits.</li>
 * </ul>
 */
public final class RoomReleaseApplication {

    private static final Logger LOG = LoggerFactory.getLogger("roomrelease");

    private RoomReleaseApplication() {
    }

    public static void main(String[] args) throws Exception {
        String profile = null;
        boolean once = false;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--profile" -> profile = value(args, ++i, "--profile");
                case "--once" -> once = true;
                case "--hash-key" -> {
                    System.out.println(ApiKeyHasher.hash(value(args, ++i, "--hash-key")));
                    return;
                }
                case "--help", "-h" -> {
                    System.out.println("Usage: java -jar room-release.jar [--profile demo|production] [--once] "
                            + "[--hash-key KEY]");
                    return;
                }
                default -> rest.add(args[i]);
            }
        }
        if (!rest.isEmpty()) {
            System.err.println("Unknown argument(s): " + rest + ". Try --help.");
            System.exit(2);
        }
        System.exit(run(profile, once));
    }

    private static int run(String profile, boolean once) throws Exception {
        Clock clock = Clock.systemDefaultZone();
        ProfileEnvironment demo = null;
        RoomReleaseApp app;
        try {
            RoomReleaseApp.Builder builder = RoomReleaseApp.builder().profile(profile).clock(clock);
            ProfileEnvironment.Factory environment = environmentOf(profile);
            if (environment != null) {
                demo = environment.start(clock, Path.of("data", profile));
                builder.properties(demo.properties());
            } else if (profile != null && profile.startsWith("demo")) {
                System.err.println("The demo profile runs from the demo jar, which carries the EWS simulator (the"
                        + " production jar does not): mvn -q -DskipTests install && java -jar"
                        + " demo/target/room-release-demo.jar");
                return 1;
            }
            if (once) {
                builder.property("camel.component.quartz.auto-start-scheduler", "false");
                builder.property("roomrelease.sweep.on-startup", "false");
            }
            app = builder.start();
        } catch (InvalidSettingsException e) {
            System.err.println(e.getMessage());
            if (demo != null) {
                demo.close();
            }
            return 1;
        } catch (Exception e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            System.err.println("Room Release did not start: " + (root instanceof InvalidSettingsException
                    ? root.getMessage() : e.getMessage() + (root == e ? "" : "\n  cause: " + root)));
            if (demo != null) {
                demo.close();
            }
            return 1;
        }
        if (demo != null) {
            String story = demo.started(app);
            if (!story.isEmpty()) {
                LOG.info(story);
            }
        }
        if (once) {
            try {
                SweepReport report = app.sweepNow();
                app.cleanupNow();
                System.out.println();
                System.out.println(report == null ? "No sweep report." : report.toWords());
                System.out.println();
                System.out.println(report == null ? "" : report.toTable());
                return 0;
            } catch (RuntimeException e) {
                System.err.println("The sweep failed: " + e.getMessage());
                return 1;
            } finally {
                app.close();
                if (demo != null) {
                    demo.close();
                }
            }
        }
        printWhereToLook(app, demo);
        CountDownLatch stopped = new CountDownLatch(1);
        ProfileEnvironment demoToClose = demo;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            if (demoToClose != null) {
                demoToClose.close();
            }
            stopped.countDown();
        }, "room-release-shutdown"));
        stopped.await();
        return 0;
    }

    /** The environment a profile brings along (the demo jar's simulator), or null. */
    private static ProfileEnvironment.Factory environmentOf(String profile) {
        if (profile == null) {
            return null;
        }
        for (ProfileEnvironment.Factory f : java.util.ServiceLoader.load(ProfileEnvironment.Factory.class)) {
            if (profile.equals(f.profile())) {
                return f;
            }
        }
        return null;
    }

    private static void printWhereToLook(RoomReleaseApp app, ProfileEnvironment demo) {
        // the values camel-main bound (the same BoundSettings it was given), not a second look-up that could differ
        var bound = app.settings().values();
        String port = bound.getOrDefault("camel.server.port", "?");
        String mgmt = bound.getOrDefault("camel.management.port", "?");
        String cron = bound.getOrDefault("roomrelease.sweep.cron", "?");
        StringBuilder sb = new StringBuilder("\nRoom Release is running.\n");
        sb.append("  Sweeps run on the schedule '").append(cron).append("' (every minute by default).\n");
        sb.append("  Display API:  http://localhost:").append(port).append("/api/rooms/{room}/checkin (POST, header X-Api-Key)\n");
        sb.append("  Free rooms:   http://localhost:").append(port).append("/api/rooms/availability?start=...&end=...\n");
        sb.append("  Health:       http://localhost:").append(mgmt).append("/observe/health\n");
        sb.append("  Ready:        http://localhost:").append(mgmt).append("/observe/health/ready (503 while the store or Exchange does not answer)\n");
        sb.append("  Metrics:      http://localhost:").append(mgmt).append("/observe/metrics\n");
        if (demo != null) {
            sb.append(demo.hints(port));
        }
        sb.append("  Stop with Ctrl+C.\n");
        System.out.println(sb);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            System.err.println(option + " needs a value");
            System.exit(2);
        }
        return args[i];
    }
}
