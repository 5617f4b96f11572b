package io.roomrelease.bundle.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.roomrelease.bundle.AuditOutboxInvariant;
import io.roomrelease.bundle.TestClock;
import io.roomrelease.bundle.audit.AuditRecord;
import io.roomrelease.bundle.store.SeriesOutcomeStore.Claim;
import io.roomrelease.bundle.store.SeriesOutcomeStore.DeclineState;
import io.roomrelease.bundle.store.TransactionalOutboxTest.Stores;

/**
 * The strikes rule's series declines on H2 and PostgreSQL: claimed durably before the decline is sent, at most one
 * claim in flight (two instances claiming at once: one gets it), a claim older than the pending timeout (the process
 * died mid-write, or its outcome could not be stored) or an UNKNOWN one is reclaimed to be settled, and an outcome is
 * written once, with its audit record and outbox row.
 */
class SeriesDeclineClaimTest {

    static final Instant NINE = Instant.parse("2026-03-02T09:00:00Z");
    static final String ROOM = "Room.A@corp.example";
    static final Duration TIMEOUT = Duration.ofMinutes(2);

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aDeclineIsClaimedOnceAndAClaimOlderThanTheTimeoutIsReclaimedToBeSettled(String db) throws Exception {
        Stores st = new Stores(StoreDatabases.fresh(db));
        SeriesOutcomeStore series = st.series;
        series.record(ROOM, "s1", "item-1", NINE, false, "ann@corp.example");

        assertThat(series.claimDecline(ROOM, "s1", TIMEOUT)).isEqualTo(Claim.CLAIMED);
        assertThat(series.declineState(ROOM, "s1")).contains(DeclineState.PENDING);
        assertThat(series.undeclinedSeries()).singleElement().satisfies(s -> {
            assertThat(s.declineState()).isEqualTo("PENDING");
            assertThat(s.declineUnsettled()).isTrue();
        });
        st.clock.advance(TIMEOUT.minusSeconds(1));
        assertThat(series.claimDecline(ROOM, "s1", TIMEOUT)).as("a fresh claim is in flight: never sent twice")
                .isEqualTo(Claim.UNSETTLED);
        assertThat(series.reclaimUnknown(ROOM, "s1", TIMEOUT)).isFalse();

        // the process died mid-write: a later run finds the claim older than the timeout
        st.clock.advance(Duration.ofHours(24));
        assertThat(series.claimDecline(ROOM, "s1", TIMEOUT)).isEqualTo(Claim.RECLAIMED);
        assertThat(series.claimDecline(ROOM, "s1", TIMEOUT)).as("reclaimed: fresh again")
                .isEqualTo(Claim.UNSETTLED);

        AuditRecord settled = record(st.clock, AuditRecord.OK, "settled by the nightly run after an unknown outcome");
        assertThat(series.settleDecline(ROOM, "s1", DeclineState.OK, settled, DeclineState.PENDING,
                DeclineState.UNKNOWN)).isTrue();
        assertThat(series.settleDecline(ROOM, "s1", DeclineState.OK, settled, DeclineState.PENDING,
                DeclineState.UNKNOWN)).as("never a second OK").isFalse();
        assertThat(series.markDeclined(ROOM, "s1", record(st.clock, AuditRecord.OK, "late"))).isFalse();
        assertThat(series.claimDecline(ROOM, "s1", TIMEOUT)).isEqualTo(Claim.DONE);
        assertThat(series.undeclinedSeries()).as("declined series are not judged again").isEmpty();
        assertThat(st.audit.find(ROOM, NINE, st.clock.instant().plusSeconds(1), 10)).singleElement()
                .satisfies(r -> assertThat(r.detail()).contains("unknown outcome"));
        assertThat(AuditOutboxInvariant.assertEveryAuditRecordHasItsOutboxRow(st.ds)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aRefusedDeclineIsClaimedAgainAndAnUnknownOneIsSettledAtTheNextRun(String db) throws Exception {
        Stores st = new Stores(StoreDatabases.fresh(db));
        SeriesOutcomeStore series = st.series;
        series.record(ROOM, "s1", "item-1", NINE, false, "ann@corp.example");
        assertThat(series.claimDecline(ROOM, "s1", TIMEOUT)).isEqualTo(Claim.CLAIMED);
        assertThat(series.settleDecline(ROOM, "s1", DeclineState.FAILED, null, DeclineState.PENDING)).isTrue();
        assertThat(series.undeclinedSeries()).singleElement()
                .satisfies(s -> assertThat(s.declineUnsettled()).isFalse());
        assertThat(series.reclaimUnknown(ROOM, "s1", TIMEOUT)).as("nothing to settle").isFalse();
        assertThat(series.claimDecline(ROOM, "s1", TIMEOUT)).as("not carried out: tried again")
                .isEqualTo(Claim.CLAIMED);

        // a lost reply: UNKNOWN with its UNKNOWN record, reclaimed by the next run without waiting for the timeout
        assertThat(series.settleDecline(ROOM, "s1", DeclineState.UNKNOWN,
                record(st.clock, AuditRecord.UNKNOWN, "connection dropped"), DeclineState.PENDING)).isTrue();
        assertThat(series.undeclinedSeries()).singleElement()
                .satisfies(s -> assertThat(s.declineUnsettled()).isTrue());
        assertThat(series.claimDecline(ROOM, "s1", TIMEOUT)).isEqualTo(Claim.RECLAIMED);
        assertThat(series.markDeclined(ROOM, "s1", record(st.clock, AuditRecord.OK, "declined"))).isTrue();
        assertThat(st.audit.find(ROOM, NINE, st.clock.instant().plusSeconds(1), 10))
                .extracting(AuditRecord::result).containsExactly(AuditRecord.UNKNOWN, AuditRecord.OK);
        assertThat(AuditOutboxInvariant.assertEveryAuditRecordHasItsOutboxRow(st.ds)).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void ofTwoInstancesClaimingAtOnceOneGetsTheClaim(String db) throws Exception {
        Stores st = new Stores(StoreDatabases.fresh(db));
        for (String id : List.of("s1", "s2", "s3", "s4", "s5")) {
            CyclicBarrier start = new CyclicBarrier(2);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<Claim>> claims = new ArrayList<>();
                Callable<Claim> claim = () -> {
                    start.await();
                    return st.series.claimDecline(ROOM, id, TIMEOUT);
                };
                claims.add(pool.submit(claim));
                claims.add(pool.submit(claim));
                List<Claim> got = new ArrayList<>();
                for (Future<Claim> c : claims) {
                    got.add(c.get());
                }
                assertThat(got).containsExactlyInAnyOrder(Claim.CLAIMED, Claim.UNSETTLED);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aSeriesDeclinedByAnInstanceWithoutTheClaimStaysDeclined(String db) throws Exception {
        Stores st = new Stores(StoreDatabases.fresh(db));
        st.series.record(ROOM, "s1", "item-1", NINE, false, "ann@corp.example");
        // exactly what an instance without the claim (before V12) writes after its decline: room, series, time
        try (Connection c = st.ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO series_declined (room, series_id, declined_at) SELECT 'room.a@corp.example', 's1', "
                    + "CURRENT_TIMESTAMP WHERE NOT EXISTS (SELECT 1 FROM series_declined WHERE room = "
                    + "'room.a@corp.example' AND series_id = 's1')");
        }
        assertThat(st.series.declineState(ROOM, "s1")).contains(DeclineState.OK);
        assertThat(st.series.undeclinedSeries()).isEmpty();
        assertThat(st.series.claimDecline(ROOM, "s1", TIMEOUT)).isEqualTo(Claim.DONE);
    }

    @org.junit.jupiter.api.Test
    void aSeriesDeclinedBeforeTheUpgradeStaysDeclined() throws Exception {
        DataSource ds = Database.dataSource("jdbc:h2:mem:" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa",
                "");
        org.flywaydb.core.Flyway.configure().dataSource(ds).locations("classpath:db/migration").target("11").load()
                .migrate();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO series_declined (room, series_id, declined_at) VALUES ('room.a@corp.example', 's1', "
                    + "TIMESTAMP WITH TIME ZONE '2026-02-01 02:00:00+00')");
        }
        Database.migrate(ds);
        Stores st = new Stores(ds);
        st.series.record(ROOM, "s1", "item-1", NINE, false, "ann@corp.example");
        assertThat(st.series.declineState(ROOM, "s1")).contains(DeclineState.OK);
        assertThat(st.series.undeclinedSeries()).isEmpty();
        assertThat(st.series.claimDecline(ROOM, "s1", TIMEOUT)).isEqualTo(Claim.DONE);
    }

    private static AuditRecord record(TestClock clock, String result, String detail) {
        return new AuditRecord(clock.instant(), "svc", ROOM, "declineSeries", "item-1", null, "ann@corp.example",
                "STRIKES", detail, result, false, null, null);
    }
}
