package io.roomrelease.bundle.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.roomrelease.bundle.AuditOutboxInvariant;
import io.roomrelease.bundle.TestClock;
import io.roomrelease.bundle.app.JsonMapper;
import io.roomrelease.bundle.audit.AuditRecord;
import io.roomrelease.bundle.store.ReleaseLedgerStore.Claim;
import io.roomrelease.bundle.store.ReleaseLedgerStore.State;

/**
 * The transactional outbox on H2 and PostgreSQL: an audited state change (a release's or a warning's outcome), its
 * audit record, the record's outbox row and the released slot commit together, once, on one connection; if any of
 * the audit or outbox writes fails, none of them is written (the released slot alone may fail without losing the
 * release).
 */
class TransactionalOutboxTest {

    static final Instant NINE = Instant.parse("2026-03-02T09:00:00Z");
    static final String KEY = "item-1|" + NINE;
    static final String ROOM = "Room.A@corp.example";

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aReleaseOutcomeIsOneCommitOnOneConnectionWithItsAuditRecordOutboxRowAndSlot(String db) throws Exception {
        DataSource real = StoreDatabases.fresh(db);
        Counting ds = new Counting(real);
        Stores st = new Stores(ds.proxy());
        TestClock clock = st.clock;
        AuditStore audit = st.audit;
        ReleaseLedgerStore ledger = st.ledger;
        ObjectMapper json = JsonMapper.create();

        assertThat(claim(ledger)).isEqualTo(Claim.CLAIMED);
        System.out.printf("[outbox %s] claim: %s%n", db, ds);
        assertThat(ds.commits.get()).as("the claim commits on its own, before the write to Exchange").isEqualTo(1);

        ds.reset();
        AuditRecord ok = record("OK", clock);
        assertThat(ledger.settle(KEY, State.OK, ok, slot(clock), State.PENDING, State.UNKNOWN)).isTrue();
        System.out.printf("[outbox %s] OK outcome (ledger + audit + outbox + slot): %s%n", db, ds);
        assertThat(ds.connections.get()).as("one connection").isEqualTo(1);
        assertThat(ds.commits.get()).as("one commit").isEqualTo(1);
        assertThat(ds.statements.get()).as("ledger UPDATE, audit INSERT, outbox INSERT, slot insert-if-absent")
                .isEqualTo(4);

        try (Connection c = real.getConnection(); Statement q = c.createStatement();
             ResultSet rs = q.executeQuery("SELECT room, payload FROM audit_outbox")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).as("room = the record's mailbox, as written").isEqualTo(ROOM);
            assertThat(rs.getString(2)).as("the payload direct:audit-publish wrote before: the record as JSON")
                    .isEqualTo(json.writeValueAsString(ok));
            assertThat(rs.next()).isFalse();
        }
        assertThat(new ReleasedSlotStore(real).releasedBetween(NINE, NINE.plus(Duration.ofHours(1))))
                .singleElement().satisfies(s -> assertThat(s.end()).isEqualTo(NINE.plus(Duration.ofHours(1))));
        assertThat(AuditOutboxInvariant.assertEveryAuditRecordHasItsOutboxRow(real)).isEqualTo(1);

        ds.reset();
        audit.append(record("DRY_RUN", clock));
        System.out.printf("[outbox %s] plain audit record (audit + outbox): %s%n", db, ds);
        assertThat(ds.commits.get()).as("a plain audit record and its outbox row: one commit").isEqualTo(1);
        assertThat(ds.connections.get()).isEqualTo(1);
        assertThat(AuditOutboxInvariant.assertEveryAuditRecordHasItsOutboxRow(real)).isEqualTo(2);

        ds.reset();
        assertThat(ledger.settle(KEY, State.OK, record("OK", clock), slot(clock), State.PENDING, State.UNKNOWN))
                .as("never a second OK").isFalse();
        assertThat(ds.commits.get()).as("nothing else is written").isEqualTo(1);
        assertThat(ds.statements.get()).isEqualTo(1);
        assertThat(AuditOutboxInvariant.assertEveryAuditRecordHasItsOutboxRow(real)).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aSeriesDeclineIsMarkedWithItsAuditRecordOrNotAtAll(String db) throws Exception {
        Stores st = new Stores(StoreDatabases.fresh(db));
        SeriesOutcomeStore series = st.series;
        for (int day = 0; day < 3; day++) {
            series.record(ROOM, "series-1", "item-" + day, NINE.plus(Duration.ofDays(day)), false, "ann@corp.example");
        }
        assertThat(series.undeclinedSeries()).extracting(SeriesOutcomeStore.Series::seriesId).contains("series-1");
        assertThat(series.claimDecline(ROOM, "series-1", Duration.ofMinutes(2)))
                .isEqualTo(SeriesOutcomeStore.Claim.CLAIMED);
        execute(st.ds, "ALTER TABLE audit_outbox ADD CONSTRAINT test_outbox_refuses CHECK (room IS NULL)");

        assertThatThrownBy(() -> series.markDeclined(ROOM, "series-1", record("OK", st.clock)))
                .isInstanceOf(StoreException.class).hasMessageContaining("series declined");
        assertThat(series.undeclinedSeries()).as("not marked without its audit record")
                .extracting(SeriesOutcomeStore.Series::seriesId).contains("series-1");
        assertThat(st.audit.count()).isZero();
        assertThat(series.declineState(ROOM, "series-1")).as("the claim stays, to be settled")
                .contains(SeriesOutcomeStore.DeclineState.PENDING);

        execute(st.ds, "ALTER TABLE audit_outbox DROP CONSTRAINT test_outbox_refuses");
        series.markDeclined(ROOM, "series-1", record("OK", st.clock));
        assertThat(series.undeclinedSeries()).extracting(SeriesOutcomeStore.Series::seriesId)
                .doesNotContain("series-1");
        assertThat(AuditOutboxInvariant.assertEveryAuditRecordHasItsOutboxRow(st.ds)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void whenTheOutboxInsertFailsTheOutcomeAndItsAuditRecordAreRolledBackToo(String db) throws Exception {
        Stores st = new Stores(StoreDatabases.fresh(db));
        DataSource ds = st.ds;
        TestClock clock = st.clock;
        AuditStore audit = st.audit;
        ReleaseLedgerStore ledger = st.ledger;
        WarningLedgerStore warnings = new WarningLedgerStore(ds, audit, clock);
        claim(ledger);
        assertThat(warnings.claim("warning|" + KEY, ROOM, "item-1", NINE, "ann@corp.example")).isTrue();
        execute(ds, "ALTER TABLE audit_outbox ADD CONSTRAINT test_outbox_refuses CHECK (room IS NULL)");

        assertThatThrownBy(() -> ledger.settle(KEY, State.OK, record("OK", clock), slot(clock), State.PENDING))
                .isInstanceOf(StoreException.class).hasMessageContaining("release outcome");
        assertThatThrownBy(() -> warnings.settle("warning|" + KEY, WarningLedgerStore.State.SENT,
                record("OK", clock))).isInstanceOf(StoreException.class).hasMessageContaining("warning outcome");
        assertThatThrownBy(() -> audit.append(record("DRY_RUN", clock))).isInstanceOf(StoreException.class);

        assertThat(ledger.find(KEY)).get().satisfies(e -> assertThat(e.state()).isEqualTo(State.PENDING));
        assertThat(warnings.state("warning|" + KEY)).contains(WarningLedgerStore.State.PENDING);
        assertThat(audit.count()).as("no audit record without its outbox row").isZero();
        assertThat(new ReleasedSlotStore(ds).releasedBetween(NINE, NINE.plus(Duration.ofDays(1)))).isEmpty();

        execute(ds, "ALTER TABLE audit_outbox DROP CONSTRAINT test_outbox_refuses");
        assertThat(ledger.settle(KEY, State.OK, record("OK", clock), slot(clock), State.PENDING)).isTrue();
        assertThat(warnings.settle("warning|" + KEY, WarningLedgerStore.State.SENT, record("OK", clock))).isTrue();
        assertThat(AuditOutboxInvariant.assertEveryAuditRecordHasItsOutboxRow(ds)).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aSlotThatCannotBeKeptDoesNotLoseTheReleaseAndAKeptSlotIsNotDoubled(String db) throws Exception {
        Stores st = new Stores(StoreDatabases.fresh(db));
        claim(st.ledger);
        execute(st.ds, "ALTER TABLE released_slot ADD CONSTRAINT test_slot_refuses CHECK (room = 'nobody')");

        assertThat(st.ledger.settle(KEY, State.OK, record("OK", st.clock), slot(st.clock), State.PENDING)).isTrue();
        assertThat(st.ledger.find(KEY)).get().satisfies(e -> assertThat(e.state()).isEqualTo(State.OK));
        assertThat(AuditOutboxInvariant.assertEveryAuditRecordHasItsOutboxRow(st.ds)).isEqualTo(1);
        assertThat(new ReleasedSlotStore(st.ds).releasedBetween(NINE, NINE.plus(Duration.ofDays(1)))).isEmpty();

        // the same occurrence released again after its ledger row was purged: its slot is kept once
        execute(st.ds, "ALTER TABLE released_slot DROP CONSTRAINT test_slot_refuses");
        for (int i = 0; i < 2; i++) {
            st.clock.advance(Duration.ofDays(91));
            st.ledger.purgeOlderThan(Duration.ofDays(90));
            assertThat(claim(st.ledger)).isEqualTo(Claim.CLAIMED);
            assertThat(st.ledger.settle(KEY, State.OK, record("OK", st.clock), slot(st.clock), State.PENDING)).isTrue();
        }
        assertThat(new ReleasedSlotStore(st.ds).releasedBetween(NINE, st.clock.instant().plusSeconds(1))).hasSize(1);
        assertThat(AuditOutboxInvariant.assertEveryAuditRecordHasItsOutboxRow(st.ds)).isEqualTo(3);
    }

    /** The stores of one database, at 09:20. */
    static final class Stores {
        final DataSource ds;
        final TestClock clock = TestClock.at("2026-03-02T09:20:00Z");
        final AuditStore audit;
        final ReleaseLedgerStore ledger;
        final SeriesOutcomeStore series;

        Stores(DataSource ds) {
            this.ds = ds;
            this.audit = new AuditStore(ds, JsonMapper.create(), clock);
            this.ledger = new ReleaseLedgerStore(ds, audit, new ReleasedSlotStore(ds), clock);
            this.series = new SeriesOutcomeStore(ds, audit, clock);
        }
    }

    private static Claim claim(ReleaseLedgerStore ledger) {
        return ledger.claim(KEY, ROOM, "item-1", NINE, "DECLINE", "ann@corp.example", "NO_CHECK_IN");
    }

    private static ReleasedSlotStore.Slot slot(TestClock clock) {
        return new ReleasedSlotStore.Slot(ROOM, "item-1", NINE, NINE.plus(Duration.ofHours(1)), clock.instant());
    }

    private static AuditRecord record(String result, TestClock clock) {
        return new AuditRecord(clock.instant(), "svc", ROOM, "declineEvent", "item-1", NINE, "ann@corp.example",
                "NO_CHECK_IN", "nobody checked in", result, "DRY_RUN".equals(result), "req-1", null);
    }

    private static void execute(DataSource ds, String sql) throws Exception {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /**
     * Counts what the stores do through JDBC: connections checked out, statements run, and commits (an explicit
     * {@code commit()}, or a statement run in auto-commit mode, which the database commits by itself).
     */
    static final class Counting {
        final AtomicInteger connections = new AtomicInteger();
        final AtomicInteger statements = new AtomicInteger();
        final AtomicInteger commits = new AtomicInteger();
        private final DataSource target;

        Counting(DataSource target) {
            this.target = target;
        }

        void reset() {
            connections.set(0);
            statements.set(0);
            commits.set(0);
        }

        DataSource proxy() {
            return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                    (p, m, args) -> {
                        Object out = invoke(target, m, args);
                        if (m.getName().equals("getConnection")) {
                            connections.incrementAndGet();
                            return connection((Connection) out);
                        }
                        return out;
                    });
        }

        private Connection connection(Connection c) {
            return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                    (p, m, args) -> {
                        Object out = invoke(c, m, args);
                        if (m.getName().equals("commit")) {
                            commits.incrementAndGet();
                        } else if (m.getName().equals("prepareStatement")) {
                            return statement((PreparedStatement) out, c);
                        }
                        return out;
                    });
        }

        private PreparedStatement statement(PreparedStatement ps, Connection c) {
            InvocationHandler h = (p, m, args) -> {
                if (m.getName().startsWith("execute")) {
                    statements.incrementAndGet();
                    if (c.getAutoCommit()) {
                        commits.incrementAndGet();
                    }
                }
                return invoke(ps, m, args);
            };
            return (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {PreparedStatement.class}, h);
        }

        private static Object invoke(Object target, java.lang.reflect.Method m, Object[] args) throws Throwable {
            try {
                return m.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        @Override
        public String toString() {
            return connections + " connection(s), " + statements + " statement(s), " + commits + " commit(s)";
        }
    }
}
