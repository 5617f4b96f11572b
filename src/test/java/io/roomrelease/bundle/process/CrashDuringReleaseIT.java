package io.roomrelease.bundle.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The audit is the record of truth across kill -9 (issue 9, item 2): a bundle JVM is killed with SIGKILL in the middle
 * of a release phase of {@value #MEETINGS} abandoned meetings, then started again on the same database and the same
 * simulator. After its sweep, the declines the simulator recorded equal the audit's {@code OK} records: one each,
 * none missing, none doubled. On H2 (file) and on PostgreSQL. The bundle gets every setting from environment
 * variables only (production profile).
 */
class CrashDuringReleaseIT {

    static final int MEETINGS = 200;
    /** The kill lands after at least this many declines reached Exchange. */
    static final int KILL_AFTER_DECLINES = 60;

    private static EmbeddedPostgres postgres;

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    @Timeout(value = 55)
    void h2FileDatabase(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("db/roomrelease");
        crashAndRestart(dir, b -> b.h2(db), () -> DriverManager.getConnection("jdbc:h2:file:" + db.toAbsolutePath(),
                "sa", ""));
    }

    /**
     * The availability strategy sends a room's releases as soon as the room is read, once the guard's early verdict
     * says it cannot trip (every meeting here is past its grace and max-release-ratio is 1): the kill lands among
     * those early releases, and the restart settles them as it settles the calendar strategy's.
     */
    @Test
    @Timeout(value = 55)
    void h2FileDatabaseAvailabilityStrategy(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("db/roomrelease");
        crashAndRestart(dir, b -> b.h2(db).setting("roomrelease.sweep.strategy", "availability"),
                () -> DriverManager.getConnection("jdbc:h2:file:" + db.toAbsolutePath(), "sa", ""));
    }

    @Test
    @Timeout(value = 55)
    void postgresql(@TempDir Path dir) throws Exception {
        synchronized (CrashDuringReleaseIT.class) {
            if (postgres == null) {
                postgres = EmbeddedPostgres.start();
            }
        }
        String name = "crash_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        String url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + name;
        crashAndRestart(dir, b -> b.postgres(url, "postgres", "postgres"),
                () -> DriverManager.getConnection(url, "postgres", "postgres"));
    }

    interface Db {
        Connection open() throws Exception;
    }

    private void crashAndRestart(Path dir, java.util.function.Consumer<BundleProcess.Builder> database, Db db)
            throws Exception {
        Path scenario = Scenarios.abandonedMeetings(MEETINGS, dir.resolve("scenario.yaml"));
        try (SimulatorProcess sim = SimulatorProcess.start(scenario, dir)) {
            // DeclineItem is a CreateItem: slow it a little so that the kill lands mid-phase
            sim.fault("latency", "{\"operation\":\"CreateItem\",\"fixedMillis\":60}");
            BundleProcess.Builder b = BundleProcess.builder(dir)
                    .ews(sim, Scenarios.SERVICE_ACCOUNT, Scenarios.PASSWORD)
                    .setting("roomrelease.room-lists", Scenarios.ROOM_LIST)
                    .setting("roomrelease.max-release-ratio", "1")
                    .setting("roomrelease.sweep.on-startup", "true")
                    .setting("roomrelease.sweep.on-startup-delay-ms", "300")
                    .setting("roomrelease.sweep.cron", "0 0 0 1 1 ? 2099")
                    .setting("roomrelease.sweep.rate-per-second", "1000")
                    .setting("roomrelease.sweep.concurrency", "8")
                    .setting("camel.component.ews.max-concurrent-requests", "8")
                    .setting("roomrelease.release.pending-timeout-seconds", "1");
            database.accept(b);
            try (BundleProcess bundle = b.start()) {
                int before = awaitDeclines(sim, bundle, KILL_AFTER_DECLINES, Duration.ofSeconds(30));
                bundle.kill9();
                int atKill = sim.stats().get("declinesSent").asInt();
                System.out.printf("[crash IT] killed after %d declines (%d when the JVM was gone)%n", before, atKill);
                assertThat(atKill).as("the kill landed in the middle of the release phase").isLessThan(MEETINGS);

                // what the killed JVM left: every record it published (audit.jsonl is written only after the store's
                // commit returned) is in the store; claims without an outcome are PENDING
                java.util.Set<String> okRooms = new java.util.TreeSet<>();
                long pending;
                try (Connection c = db.open(); Statement st = c.createStatement()) {
                    try (ResultSet rs = st.executeQuery("SELECT mailbox FROM audit_record WHERE result = 'OK'")) {
                        while (rs.next()) {
                            okRooms.add(rs.getString(1));
                        }
                    }
                    try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM release_ledger WHERE state = 'PENDING'")) {
                        rs.next();
                        pending = rs.getLong(1);
                    }
                }
                releaseH2(db);
                java.util.List<String> published = publishedOkRooms(dir.resolve("data/audit/audit.jsonl"));
                System.out.printf("[crash IT] after the kill: %d OK records stored, %d published to audit.jsonl, "
                        + "%d claims PENDING%n", okRooms.size(), published.size(), pending);
                assertThat(okRooms).as("no published (acknowledged) record is missing from the store")
                        .containsAll(published);
                assertThat(okRooms.size()).isLessThanOrEqualTo(atKill);

                bundle.restart();
                bundle.awaitLog("Sweep at ", Duration.ofSeconds(30));
                java.util.regex.Matcher settled = java.util.regex.Pattern.compile("Settled: (\\d+)")
                        .matcher(bundle.output());
                System.out.printf("[crash IT] the sweep after the restart settled %s claim(s) as OK from the "
                        + "rooms' calendars%n", settled.find() ? settled.group(1) : "0");
                bundle.stop();
            }

            JsonNode declines = sim.declines();
            Map<String, Integer> declinesByRoom = new TreeMap<>();
            declines.forEach(d -> declinesByRoom.merge(d.get("from").asText().toLowerCase(), 1, Integer::sum));
            Map<String, Integer> okByRoom = new TreeMap<>();
            try (Connection c = db.open(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT mailbox, COUNT(*) FROM audit_record WHERE result = 'OK' "
                         + "AND operation = 'declineEvent' GROUP BY mailbox")) {
                while (rs.next()) {
                    okByRoom.put(rs.getString(1), rs.getInt(2));
                }
            }
            System.out.printf("[crash IT] after the restart: %d declines in Exchange, %d OK audit records%n",
                    declines.size(), okByRoom.values().stream().mapToInt(Integer::intValue).sum());
            assertThat(declinesByRoom).as("one decline per room in Exchange").hasSize(MEETINGS)
                    .allSatisfy((room, n) -> assertThat(n).as(room).isEqualTo(1));
            assertThat(okByRoom).as("the audit's OK records are exactly the declines Exchange recorded")
                    .isEqualTo(declinesByRoom);

            // the transactional outbox: each audit record was written with its outbox row (its JSON) in the
            // transaction of its outcome, so the kill left no record unpublished and none published twice
            Map<String, Integer> okOutboxByRoom = new TreeMap<>();
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            try (Connection c = db.open()) {
                int records = io.roomrelease.bundle.AuditOutboxInvariant.assertEveryAuditRecordHasItsOutboxRow(c);
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT payload FROM "
                        + "audit_outbox")) {
                    while (rs.next()) {
                        JsonNode r = json.readTree(rs.getString(1));
                        if ("OK".equals(r.path("result").asText())
                                && "declineEvent".equals(r.path("operation").asText())) {
                            okOutboxByRoom.merge(r.path("mailbox").asText().toLowerCase(), 1, Integer::sum);
                        }
                    }
                }
                System.out.printf("[crash IT] %d audit records, each with exactly one outbox row of the same JSON%n",
                        records);
            }
            assertThat(okOutboxByRoom).as("exactly one OK record to publish per decline").isEqualTo(declinesByRoom);
            Map<String, Integer> publishedByRoom = new TreeMap<>();
            publishedOkRooms(dir.resolve("data/audit/audit.jsonl"))
                    .forEach(room -> publishedByRoom.merge(room.toLowerCase(), 1, Integer::sum));
            assertThat(publishedByRoom).as("no OK record published twice on the audit endpoint")
                    .allSatisfy((room, n) -> assertThat(n).as(room).isEqualTo(1));
        }
    }

    /** H2 embedded in this JVM keeps the file locked until it is shut down: let the restarted bundle have it. */
    private static void releaseH2(Db db) throws Exception {
        try (Connection c = db.open(); Statement st = c.createStatement()) {
            if (c.getMetaData().getURL().startsWith("jdbc:h2:")) {
                st.execute("SHUTDOWN");
            }
        }
    }

    private static java.util.List<String> publishedOkRooms(Path jsonl) throws Exception {
        if (!java.nio.file.Files.exists(jsonl)) {
            return java.util.List.of();
        }
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String line : java.nio.file.Files.readAllLines(jsonl)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode r;
            try {
                r = json.readTree(line);
            } catch (Exception torn) {
                continue; // the last line may be torn by the kill
            }
            if ("OK".equals(r.path("result").asText())) {
                out.add(r.path("mailbox").asText());
            }
        }
        return out;
    }

    private static int awaitDeclines(SimulatorProcess sim, BundleProcess bundle, int atLeast, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            int n = sim.stats().get("declinesSent").asInt();
            if (n >= atLeast) {
                return n;
            }
            if (!bundle.process().isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("only " + n + " declines; the bundle's output:\n"
                        + ChildProcess.tail(bundle.output()));
            }
            ChildProcess.sleep(5);
        }
    }
}
