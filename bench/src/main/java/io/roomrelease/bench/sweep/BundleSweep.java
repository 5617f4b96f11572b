package io.roomrelease.bench.sweep;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.roomrelease.bundle.app.RoomReleaseApp;
import io.roomrelease.camel.ews.EwsComponent;
import io.roomrelease.camel.ews.ews.EwsAccount;
import io.roomrelease.bundle.sweep.SweepReport;

/**
 * The bundle as it runs in production, in this JVM: the repository's {@code config/} and {@code routes/} (the real
 * {@code release-abandoned.camel.yaml}), with the settings a benchmark needs on top (the simulator's URL and account,
 * a fresh H2 store, the strategy and the concurrency cap). Quartz is off: the harness starts each sweep itself.
 */
public final class BundleSweep implements AutoCloseable {
    private final RoomReleaseApp app;

    /** What a sweep of the bundle reported. */
    public record Result(long elapsedNanos, long roomsSwept, int roomsSkipped, long released, long failed) {
    }

    /**
     * Starts the bundle.
     *
     * @param repo      the repository root (holds {@code config/} and {@code routes/})
     * @param workDir   a folder for the H2 store, audit files and reports of this run
     * @param url       the simulator's EWS endpoint
     * @param roomLists the room lists to sweep
     * @param strategy  calendar, availability or delta
     * @param cap       requests in flight the component may use
     * @param extra     further settings (win over everything)
     */
    public BundleSweep(Path repo, Path workDir, URI url, String account, String password, List<String> roomLists,
            String strategy, int cap, Map<String, String> extra) throws Exception {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("camel.component.ews.url", url.toString());
        s.put("camel.component.ews.allow-insecure-http", "true");
        if (!"graph".equals(extra.get("camel.component.ews.api"))) {
            // Basic auth is EWS only; over Graph the extra settings carry the app's client credentials
            s.put("camel.component.ews.username", account);
            s.put("camel.component.ews.password", password);
        }
        s.put("camel.component.ews.max-concurrent-requests", Integer.toString(cap));
        s.put("camel.component.quartz.auto-start-scheduler", "false");
        s.put("camel.server.port", Integer.toString(freePort()));
        s.put("camel.management.enabled", "false");
        s.put("roomrelease.db.url", "jdbc:h2:file:" + workDir.resolve("db/roomrelease").toAbsolutePath());
        s.put("roomrelease.data-dir", workDir.toAbsolutePath().toString());
        s.put("roomrelease.audit.file", workDir.resolve("audit").toAbsolutePath().toString());
        s.put("roomrelease.cleanup.report-dir", workDir.resolve("reports").toAbsolutePath().toString());
        s.put("roomrelease.room-lists", String.join(",", roomLists));
        s.put("roomrelease.time-zone", "UTC");
        s.put("roomrelease.sweep.strategy", strategy);
        s.put("roomrelease.sweep.rate-per-second", "1000");
        // nobody checks in during a benchmark: the guard would (rightly) stop the sweep
        s.put("roomrelease.max-release-ratio", "1.0");
        s.putAll(extra);
        app = RoomReleaseApp.builder().configDir(repo.resolve("config"))
                .routes("file:" + repo.resolve("routes").toAbsolutePath() + "/*.camel.yaml").properties(s).start();
    }

    /**
     * The client side of throttling, summed over the component's accounts: busy replies read, the requests then
     * already on the wire, and requests sent inside a back-off the client had read.
     */
    public record ClientBackOff(long busyRepliesRead, long inFlightAtBusyRead, long sentDuringBackOff) {
        /** What happened between {@code before} and this. */
        public ClientBackOff since(ClientBackOff before) {
            return new ClientBackOff(busyRepliesRead - before.busyRepliesRead, inFlightAtBusyRead - before.inFlightAtBusyRead,
                    sentDuringBackOff - before.sentDuringBackOff);
        }
    }

    /** The client's throttling figures so far. */
    public ClientBackOff clientBackOff() {
        long busy = 0;
        long inFlight = 0;
        long sent = 0;
        EwsComponent ews = app.context().getComponent("ews", EwsComponent.class);
        for (EwsAccount a : ews.accounts().values()) {
            busy += a.busyRepliesRead();
            inFlight += a.inFlightAtBusyRead();
            sent += a.sentDuringBackOff();
        }
        return new ClientBackOff(busy, inFlight, sent);
    }

    /** Runs one sweep to its end. */
    public Result sweep() {
        long t0 = System.nanoTime();
        SweepReport report = app.sweepNow();
        long elapsed = System.nanoTime() - t0;
        return new Result(elapsed, report.roomsSwept(), report.roomsSkipped().size(),
                report.count(SweepReport.Outcome.RELEASED), report.count(SweepReport.Outcome.FAILED));
    }

    /**
     * Stops the bundle and closes its embedded H2 database, which otherwise stays open for the JVM's life
     * ({@code DB_CLOSE_DELAY=-1}) and would add to the heap figures of the next bundle in this JVM.
     */
    @Override
    public void close() {
        DataSource db = app.context().getRegistry().lookupByNameAndType("dataSource", DataSource.class);
        app.close();
        if (db != null) {
            try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
                st.execute("SHUTDOWN");
            } catch (SQLException e) {
                System.err.println("[bench] could not shut the bundle's H2 store down: " + e.getMessage());
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
