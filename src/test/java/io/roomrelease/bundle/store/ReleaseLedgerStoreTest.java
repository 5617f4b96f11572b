package io.roomrelease.bundle.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import javax.sql.DataSource;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.roomrelease.bundle.TestClock;
import io.roomrelease.bundle.app.JsonMapper;
import io.roomrelease.bundle.audit.AuditRecord;
import io.roomrelease.bundle.store.ReleaseLedgerStore.Claim;
import io.roomrelease.bundle.store.ReleaseLedgerStore.State;

/** The release ledger on H2 and PostgreSQL: claims, outcomes written once with their audit record, settlement. */
class ReleaseLedgerStoreTest {

    static final Instant NINE = Instant.parse("2026-03-02T09:00:00Z");
    static final String KEY = "item-1|" + NINE;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aKeyIsClaimedOnceAndItsOkIsWrittenOnceWithItsAuditRecord(String db) {
        DataSource ds = StoreDatabases.fresh(db);
        TestClock clock = TestClock.at("2026-03-02T09:20:00Z");
        AuditStore audit = new AuditStore(ds, JsonMapper.create(), clock);
        ReleaseLedgerStore ledger = new ReleaseLedgerStore(ds, audit, new ReleasedSlotStore(ds), clock);

        assertThat(claim(ledger)).isEqualTo(Claim.CLAIMED);
        assertThat(claim(ledger)).as("in flight").isEqualTo(Claim.UNSETTLED);
        assertThat(ledger.settle(KEY, State.OK, record("OK", clock), null, State.PENDING, State.UNKNOWN)).isTrue();
        assertThat(ledger.settle(KEY, State.OK, record("OK", clock), null, State.PENDING, State.UNKNOWN))
                .as("never a second OK").isFalse();
        assertThat(audit.count("OK")).isEqualTo(1);
        assertThat(claim(ledger)).isEqualTo(Claim.DONE);
        assertThat(new ReleaseLedgerStore(ds, audit, new ReleasedSlotStore(ds), clock).claim(KEY,
                "room.a@corp.example", "item-1", NINE, "DECLINE", null, "NO_CHECK_IN")).as("after a restart")
                .isEqualTo(Claim.DONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void unknownAndStalePendingClaimsAreUnsettledAndAFailedKeyCanBeClaimedAgain(String db) {
        DataSource ds = StoreDatabases.fresh(db);
        TestClock clock = TestClock.at("2026-03-02T09:20:00Z");
        AuditStore audit = new AuditStore(ds, JsonMapper.create(), clock);
        ReleaseLedgerStore ledger = new ReleaseLedgerStore(ds, audit, new ReleasedSlotStore(ds), clock);

        claim(ledger);
        assertThat(ledger.unsettled(Duration.ofSeconds(120))).as("a fresh claim is in flight").isEmpty();
        clock.advance(Duration.ofSeconds(121));
        assertThat(ledger.unsettled(Duration.ofSeconds(120))).singleElement()
                .satisfies(e -> {
                    assertThat(e.state()).isEqualTo(State.PENDING);
                    assertThat(e.room()).isEqualTo("room.a@corp.example");
                    assertThat(e.occurrenceStart()).isEqualTo(NINE);
                    assertThat(e.key()).isEqualTo(KEY);
                });

        assertThat(ledger.settle(KEY, State.UNKNOWN, record("UNKNOWN", clock), null, State.PENDING)).isTrue();
        assertThat(ledger.unsettled(Duration.ofSeconds(120))).singleElement()
                .satisfies(e -> assertThat(e.state()).isEqualTo(State.UNKNOWN));
        assertThat(claim(ledger)).as("not before it is settled").isEqualTo(Claim.UNSETTLED);

        assertThat(ledger.settle(KEY, State.FAILED, null, null, State.UNKNOWN)).isTrue();
        assertThat(claim(ledger)).as("retried under the same key").isEqualTo(Claim.CLAIMED);
        assertThat(ledger.find(KEY)).get().satisfies(e -> assertThat(e.attempts()).isEqualTo(2));
        assertThat(audit.count("UNKNOWN")).isEqualTo(1);

        ledger.settle(KEY, State.OK, record("OK", clock), null, State.PENDING);
        clock.advance(Duration.ofDays(91));
        assertThat(ledger.purgeOlderThan(Duration.ofDays(90))).isEqualTo(1);
    }

    private static Claim claim(ReleaseLedgerStore ledger) {
        return ledger.claim(KEY, "Room.A@corp.example", "item-1", NINE, "DECLINE", "ann@corp.example", "NO_CHECK_IN");
    }

    private static AuditRecord record(String result, TestClock clock) {
        return new AuditRecord(clock.instant(), "svc", "room.a@corp.example", "declineEvent", "item-1", NINE,
                "ann@corp.example", "NO_CHECK_IN", null, result, false, "req-1", null);
    }
}
