package io.roomrelease.bundle.e2e;

import static io.roomrelease.bundle.e2e.SweepEndToEndTest.A;
import static io.roomrelease.bundle.e2e.SweepEndToEndTest.ANN;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import io.roomrelease.bundle.TestClock;
import io.roomrelease.bundle.audit.AuditRecord;
import io.roomrelease.bundle.store.SeriesOutcomeStore;
import io.roomrelease.ews.simulator.model.Recurrence;
import io.roomrelease.ews.simulator.model.SentMessage;
import io.roomrelease.ews.simulator.scenario.MeetingSpec;
import io.roomrelease.ews.simulator.scenario.Scenario;

/** The nightly cleanup: strikes on a recurring series, and the per-room report. */
class StrikesAndCleanupEndToEndTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @EnumSource(BundleFixture.Api.class)
    void afterThreeNoShowsTheRoomDeclinesTheSeriesAndTellsTheOrganizerWhy(BundleFixture.Api api) throws Exception {
        Instant day1 = DAY1;
        TestClock clock = new TestClock(day1.plus(Duration.ofMinutes(20)));
        try (BundleFixture f = new BundleFixture(api, dailyStandUp(), clock, dir)) {
            f.set("roomrelease.rooms", A).set("roomrelease.guard-min-in-progress", "10").start();
            threeNoShows(f, clock);

            clock.set(day1.plus(Duration.ofDays(2)).plus(Duration.ofHours(17))); // 02:00 the next night
            f.app().cleanupNow();

            assertThat(f.simulator.store().sentMessages(ANN)).filteredOn(m -> m.kind() == SentMessage.Kind.DECLINE)
                    .filteredOn(m -> m.body().contains("declined the series")).hasSize(1);
            assertThat(f.auditStore().find(A, day1, clock.instant().plusSeconds(1), 100))
                    .filteredOn(r -> r.operation().equals("declineSeries")).singleElement()
                    .satisfies(r -> assertThat(r.reason()).isEqualTo("STRIKES"));
            // the rule acts once
            f.app().cleanupNow();
            assertThat(f.auditStore().find(A, day1, clock.instant().plusSeconds(1), 100))
                    .filteredOn(r -> r.operation().equals("declineSeries")).hasSize(1);

            Path csv = dir.resolve("reports").resolve("room-report-2026-03-05.csv");
            assertThat(csv).exists();
            assertThat(Files.readString(csv)).startsWith("room,meetings,no_shows,releases,no_show_rate")
                    .contains(A + ",1,1,1,1.000");
            assertThat(dir.resolve("reports").resolve("room-report-2026-03-05.json")).exists();
        }
    }

    /** How the store write after Exchange's series decline fails (test-only CHECK constraints). */
    enum StoreFault {
        /**
         * The audit outbox refuses series-decline records: the OK record cannot be written, the claim becomes UNKNOWN.
         */
        OUTBOX_REFUSES_THE_RECORD("audit_outbox", "payload NOT LIKE '%\"declineSeries\"%'", "UNKNOWN"),
        /**
         * The ledger keeps nothing but claims: neither OK nor UNKNOWN can be written, the claim stays PENDING (what a
         * kill -9 between the decline and the commit leaves) and is settled once older than the pending timeout.
         */
        LEDGER_KEEPS_ONLY_CLAIMS("series_declined", "state = 'PENDING'", "PENDING");

        final String table;
        final String check;
        final String leftState;

        StoreFault(String table, String check, String leftState) {
            this.table = table;
            this.check = check;
            this.leftState = leftState;
        }
    }

    /**
     * The store write after Exchange carried out the series decline fails: the nightly run reports the outcome UNKNOWN
     * naming the failed write and goes on (purge, report); the next nightly run settles the claim from the room's
     * calendar (the series is gone from it): exactly one OK audit record saying so, exactly one series decline in
     * Exchange, and no warning night after night.
     */
    @ParameterizedTest(name = "{0} {1}")
    @org.junit.jupiter.params.provider.MethodSource("faultsAndApis")
    void aSeriesDeclineWhoseOutcomeCouldNotBeStoredIsSettledByTheNextNightlyRunOnce(StoreFault fault,
            BundleFixture.Api api) throws Exception {
        TestClock clock = new TestClock(DAY1.plus(Duration.ofMinutes(20)));
        try (BundleFixture f = new BundleFixture(api, dailyStandUp(), clock, dir);
             Logs logs = Logs.of("roomrelease.cleanup")) {
            f.set("roomrelease.rooms", A).set("roomrelease.guard-min-in-progress", "10").start();
            threeNoShows(f, clock);
            SeriesOutcomeStore series = seriesOutcomes(f);
            String seriesId = series.undeclinedSeries().get(0).seriesId();
            DataSource ds = f.app().context().getRegistry().lookupByNameAndType("dataSource", DataSource.class);
            execute(ds, "ALTER TABLE " + fault.table + " ADD CONSTRAINT test_refuses CHECK (" + fault.check + ")");

            clock.set(DAY1.plus(Duration.ofDays(2)).plus(Duration.ofHours(17))); // 02:00 the next night
            f.app().cleanupNow();
            assertThat(seriesDeclines(f)).as("Exchange carried the series decline out").hasSize(1);
            assertThat(seriesRecords(f)).as("its outcome could not be stored").isEmpty();
            assertThat(series.declineState(A, seriesId)).get().hasToString(fault.leftState);
            assertThat(logs.warnings()).as("reported UNKNOWN, naming the failed write").anySatisfy(w -> assertThat(w)
                    .contains("could not be stored, it is UNKNOWN").contains("Store write failed (series declined)"));
            assertThat(dir.resolve("reports").resolve("room-report-2026-03-05.csv"))
                    .as("the rest of the nightly run went on").exists();

            execute(ds, "ALTER TABLE " + fault.table + " DROP CONSTRAINT test_refuses");
            logs.clear();
            clock.advance(Duration.ofDays(1));
            f.app().cleanupNow();
            assertThat(seriesRecords(f)).as("settled from the room's calendar: one OK record").singleElement()
                    .satisfies(r -> {
                        assertThat(r.result()).isEqualTo(AuditRecord.OK);
                        assertThat(r.reason()).isEqualTo("STRIKES");
                        assertThat(r.detail()).contains("settled by the nightly run after an unknown outcome");
                    });
            assertThat(series.declineState(A, seriesId)).contains(SeriesOutcomeStore.DeclineState.OK);

            clock.advance(Duration.ofDays(1));
            f.app().cleanupNow();
            assertThat(seriesRecords(f)).as("settled once, then never judged again").hasSize(1);
            assertThat(seriesDeclines(f)).as("never a second series decline").hasSize(1);
            assertThat(f.simulator.store().sentMessages(ANN)).filteredOn(m -> m.kind() == SentMessage.Kind.DECLINE)
                    .as("3 releases + 1 series decline, nothing more").hasSize(4);
            assertThat(logs.warnings()).as("no warning night after night").isEmpty();
            assertThat(f.assertEveryAuditRecordHasItsOutboxRow()).isEqualTo(4);
        }
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> faultsAndApis() {
        return java.util.stream.Stream.of(
                org.junit.jupiter.params.provider.Arguments.of(StoreFault.OUTBOX_REFUSES_THE_RECORD,
                        BundleFixture.Api.EWS),
                org.junit.jupiter.params.provider.Arguments.of(StoreFault.LEDGER_KEEPS_ONLY_CLAIMS,
                        BundleFixture.Api.EWS),
                org.junit.jupiter.params.provider.Arguments.of(StoreFault.LEDGER_KEEPS_ONLY_CLAIMS,
                        BundleFixture.Api.GRAPH));
    }

    /**
     * The reply to the series decline is lost after Exchange carried it out: audited UNKNOWN, never resent blindly;
     * the next nightly run settles it as one OK record.
     */
    @org.junit.jupiter.api.Test
    void aLostReplyToTheSeriesDeclineIsUnknownThenSettledByTheNextNightlyRun() throws Exception {
        TestClock clock = new TestClock(DAY1.plus(Duration.ofMinutes(20)));
        try (BundleFixture f = new BundleFixture(dailyStandUp(), clock, dir);
             Logs logs = Logs.of("roomrelease.cleanup")) {
            f.set("roomrelease.rooms", A).set("roomrelease.guard-min-in-progress", "10").start();
            threeNoShows(f, clock);
            f.simulator.faults().dropConnectionAfterExecution("DeclineItem", 1);

            clock.set(DAY1.plus(Duration.ofDays(2)).plus(Duration.ofHours(17)));
            f.app().cleanupNow();
            assertThat(seriesDeclines(f)).hasSize(1);
            assertThat(seriesRecords(f)).extracting(AuditRecord::result).containsExactly(AuditRecord.UNKNOWN);

            logs.clear();
            clock.advance(Duration.ofDays(1));
            f.app().cleanupNow();
            clock.advance(Duration.ofDays(1));
            f.app().cleanupNow();
            assertThat(seriesRecords(f)).extracting(AuditRecord::result)
                    .containsExactly(AuditRecord.UNKNOWN, AuditRecord.OK);
            assertThat(seriesDeclines(f)).as("never a second series decline").hasSize(1);
            assertThat(logs.warnings()).isEmpty();
        }
    }

    /**
     * The organizer cancelled the series after its three no-shows: there is nothing left to decline. The nightly run
     * sends nothing, warns of nothing, records the series as gone (no audit record: nothing was done on the room's
     * behalf) and does not judge it again the next nights.
     */
    @org.junit.jupiter.api.Test
    void aSeriesItsOrganizerCancelledIsNotDeclinedAndNotJudgedAgain() throws Exception {
        TestClock clock = new TestClock(DAY1.plus(Duration.ofMinutes(20)));
        try (BundleFixture f = new BundleFixture(dailyStandUp(), clock, dir);
             Logs logs = Logs.of("roomrelease.cleanup")) {
            f.set("roomrelease.rooms", A).set("roomrelease.guard-min-in-progress", "10").start();
            threeNoShows(f, clock);
            io.roomrelease.ews.simulator.model.CalendarEntry master = f.simulator.store().calendar(ANN).stream()
                    .filter(io.roomrelease.ews.simulator.model.CalendarEntry::isRecurring).findFirst().orElseThrow();
            f.simulator.store().cancel(new io.roomrelease.ews.simulator.model.Access(ANN, ANN, false, "test"),
                    master.id(), "No more stand-ups", true);
            long declinesBefore = f.simulator.stats().requests("CreateItem");

            clock.set(DAY1.plus(Duration.ofDays(2)).plus(Duration.ofHours(17)));
            f.app().cleanupNow();
            clock.advance(Duration.ofDays(1));
            f.app().cleanupNow();

            assertThat(logs.warnings()).as("no decline tried, so none fails night after night").isEmpty();
            assertThat(seriesDeclines(f)).isEmpty();
            assertThat(f.simulator.stats().requests("CreateItem")).as("nothing sent as the room")
                    .isEqualTo(declinesBefore);
            assertThat(seriesRecords(f)).as("nothing was done on the room's behalf").isEmpty();
            assertThat(seriesOutcomes(f).undeclinedSeries()).as("not judged again").isEmpty();
        }
    }

    static final Instant DAY1 = Instant.parse("2026-03-02T09:00:00Z");

    private static Scenario dailyStandUp() {
        return Scenario.builder()
                .serviceAccount(BundleFixture.SERVICE, BundleFixture.PASSWORD)
                .room(A, "Room A").user(ANN, "Ann")
                .meeting(MeetingSpec.builder("Daily stand-up", ANN).rooms(A).start(DAY1)
                        .duration(Duration.ofMinutes(30)).created(DAY1.minus(Duration.ofDays(30)))
                        .recurrence(Recurrence.daily(1, LocalDate.of(2026, 3, 2)).withOccurrences(10)).build())
                .build();
    }

    /** Three sweeps release three occurrences nobody came to: three strikes. */
    private static void threeNoShows(BundleFixture f, TestClock clock) {
        for (int day = 0; day < 3; day++) {
            clock.set(DAY1.plus(Duration.ofDays(day)).plus(Duration.ofMinutes(20)));
            f.app().sweepNow();
        }
        assertThat(f.simulator.store().sentMessages(ANN)).filteredOn(m -> m.kind() == SentMessage.Kind.DECLINE)
                .hasSize(3);
    }

    private static java.util.List<SentMessage> seriesDeclines(BundleFixture f) {
        return f.simulator.store().sentMessages(ANN).stream().filter(m -> m.kind() == SentMessage.Kind.DECLINE)
                .filter(m -> m.body().contains("declined the series")).toList();
    }

    private static java.util.List<AuditRecord> seriesRecords(BundleFixture f) {
        return f.auditStore().find(A, DAY1, DAY1.plus(Duration.ofDays(30)), 100).stream()
                .filter(r -> r.operation().equals("declineSeries")).toList();
    }

    private static SeriesOutcomeStore seriesOutcomes(BundleFixture f) {
        return f.app().context().getRegistry().lookupByNameAndType("seriesOutcomes", SeriesOutcomeStore.class);
    }

    private static void execute(DataSource ds, String sql) throws java.sql.SQLException {
        try (java.sql.Connection c = ds.getConnection(); java.sql.Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** The WARN lines of a logger while open (logback). */
    static final class Logs implements AutoCloseable {
        private final ch.qos.logback.classic.Logger logger;
        private final ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
                new ch.qos.logback.core.read.ListAppender<>();

        private Logs(String name) {
            logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(name);
            appender.start();
            logger.addAppender(appender);
        }

        static Logs of(String name) {
            return new Logs(name);
        }

        java.util.List<String> warnings() {
            synchronized (appender.list) {
                return appender.list.stream()
                        .filter(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN))
                        .map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).toList();
            }
        }

        void clear() {
            synchronized (appender.list) {
                appender.list.clear();
            }
        }

        @Override
        public void close() {
            logger.detachAppender(appender);
            appender.stop();
        }
    }

    @org.junit.jupiter.api.Test
    void theNightlyCleanupPurgesReleasedSlotsOnceNoReportWindowNeedsThem() throws Exception {
        TestClock clock = new TestClock(SweepEndToEndTest.NOW);
        try (BundleFixture f = new BundleFixture(SweepEndToEndTest.twoRooms().build(), clock, dir)) {
            f.set("roomrelease.rooms", A).set("roomrelease.guard-min-in-progress", "10").start();
            assertThat(f.app().sweepNow().count(io.roomrelease.bundle.sweep.SweepReport.Outcome.RELEASED)).isEqualTo(1);
            assertThat(releasedSlots(f)).isEqualTo(1);

            clock.advance(Duration.ofDays(89)); // the dashboard's longest window is 90 days
            f.app().cleanupNow();
            assertThat(releasedSlots(f)).as("still inside the 90-day report window").isEqualTo(1);

            clock.advance(Duration.ofDays(2));
            f.app().cleanupNow();
            assertThat(releasedSlots(f)).as("older than the release-key retention and every report window")
                    .isZero();
        }
    }

    private static long releasedSlots(BundleFixture f) throws java.sql.SQLException {
        javax.sql.DataSource db = f.app().context().getRegistry().lookupByNameAndType("dataSource",
                javax.sql.DataSource.class);
        try (java.sql.Connection c = db.getConnection(); java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM released_slot")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
