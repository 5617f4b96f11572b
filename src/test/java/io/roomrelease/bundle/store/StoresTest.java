package io.roomrelease.bundle.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.roomrelease.bundle.TestClock;
import io.roomrelease.bundle.app.JsonMapper;
import io.roomrelease.bundle.audit.AuditRecord;
import io.roomrelease.bundle.policy.CheckIn;
import io.roomrelease.bundle.policy.StrikesPolicy.Outcome;

/** The check-in, series and audit stores behave the same on H2 and on a real PostgreSQL. */
class StoresTest {

    private static final Instant NINE = Instant.parse("2026-03-02T09:00:00Z");

    private static final Duration W = Duration.ofMinutes(15);

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void checkInsAreFoundByRoomAndOccurrenceAndPurgedAfterRetention(String db) {
        DataSource ds = StoreDatabases.fresh(db);
        TestClock clock = new TestClock(NINE);
        CheckInStore store = new CheckInStore(ds, clock);
        store.record(new CheckIn("Room.A@corp.example", "item-1", NINE, NINE.plusSeconds(60), "display"), null);
        store.record(new CheckIn("room.b@corp.example", "item-2", NINE, NINE.plusSeconds(60), "badge-7"), "series-9");

        List<CheckIn> a = store.mayCountFor("ROOM.A@corp.example", NINE.minusSeconds(3600), NINE.plusSeconds(3600), W, W);
        assertThat(a).singleElement().satisfies(c -> {
            assertThat(c.itemId()).isEqualTo("item-1");
            assertThat(c.occurrenceStart()).isEqualTo(NINE);
            assertThat(c.at()).isEqualTo(NINE.plusSeconds(60));
            assertThat(c.source()).isEqualTo("display");
        });
        assertThat(store.mayCountFor("room.a@corp.example", NINE.plusSeconds(1), NINE.plusSeconds(3600), W, W))
                .as("a matched check-in counts for its occurrence only").isEmpty();

        clock.advance(Duration.ofDays(31));
        assertThat(store.purgeOlderThan(Duration.ofDays(30))).isEqualTo(2);
        assertThat(store.mayCountFor("room.a@corp.example", NINE.minusSeconds(3600), NINE.plusSeconds(3600), W, W))
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void checkInsStoredAsReceivedAreFoundByTheirTimeAndPurgedAfterRetention(String db) {
        DataSource ds = StoreDatabases.fresh(db);
        TestClock clock = new TestClock(NINE);
        CheckInStore store = new CheckInStore(ds, clock);
        store.receive(CheckIn.received("Room.A@corp.example", NINE.plusSeconds(14 * 60), "badge-7"));
        store.receive(CheckIn.received("room.a@corp.example", NINE.minus(Duration.ofMinutes(20)), null));
        store.receive(CheckIn.received("room.b@corp.example", NINE, "x".repeat(500)));

        // occurrences starting in [09:00, 09:00:01): check-ins from 08:45 to 09:15 may count
        List<CheckIn> a = store.mayCountFor("room.a@corp.example", NINE, NINE.plusSeconds(1), W, W);
        assertThat(a).singleElement().satisfies(c -> {
            assertThat(c.isMatched()).isFalse();
            assertThat(c.itemId()).isNull();
            assertThat(c.occurrenceStart()).isNull();
            assertThat(c.at()).isEqualTo(NINE.plusSeconds(14 * 60));
            assertThat(c.source()).isEqualTo("badge-7");
        });
        assertThat(store.mayCountFor(NINE.minus(Duration.ofMinutes(5)), NINE.plusSeconds(1), W, W))
                .as("all rooms, one query").hasSize(3);
        assertThat(store.receivedBetween("room.a@corp.example", NINE.minusSeconds(3600), NINE))
                .singleElement().satisfies(c -> assertThat(c.source()).isEqualTo("unknown"));
        assertThat(store.receivedBetween("room.b@corp.example", NINE, NINE.plusSeconds(1)))
                .singleElement().satisfies(c -> assertThat(c.source()).hasSize(CheckInStore.MAX_SOURCE));

        clock.advance(Duration.ofDays(30).plusMinutes(1));
        assertThat(store.purgeOlderThan(Duration.ofDays(30))).as("the 08:40 and 09:00 check-ins").isEqualTo(2);
        assertThat(store.receivedBetween("room.a@corp.example", NINE.minusSeconds(3600), NINE.plusSeconds(3600)))
                .hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void seriesOutcomesKeepAShowOverANoShowAndDeclinedSeriesDropOut(String db) {
        DataSource ds = StoreDatabases.fresh(db);
        SeriesOutcomeStore store = new SeriesOutcomeStore(ds, new AuditStore(ds, JsonMapper.create(),
                new TestClock(NINE)), new TestClock(NINE));
        Instant week1 = NINE;
        Instant week2 = NINE.plus(Duration.ofDays(7));
        store.record("room.a@corp.example", "s1", "occ-1", week1, false, "ann@corp.example");
        store.record("room.a@corp.example", "s1", "occ-2", week2, false, "ann@corp.example");
        store.record("room.a@corp.example", "s1", "occ-1", week1, true, "ann@corp.example"); // a late check-in
        store.record("room.a@corp.example", "s1", "occ-2", week2, false, "ann@corp.example"); // repeated no-show
        store.record("room.b@corp.example", "s2", "occ-3", week1, false, "bob@corp.example");

        List<SeriesOutcomeStore.Series> series = store.undeclinedSeries();
        assertThat(series).hasSize(2);
        SeriesOutcomeStore.Series s1 = series.stream().filter(s -> s.seriesId().equals("s1")).findFirst().orElseThrow();
        assertThat(s1.outcomes()).containsExactly(new Outcome(week1, true), new Outcome(week2, false));
        assertThat(s1.lastItemId()).isEqualTo("occ-2");
        assertThat(s1.organizer()).isEqualTo("ann@corp.example");

        assertThat(store.claimDecline("room.a@corp.example", "s1", Duration.ofMinutes(2)))
                .isEqualTo(SeriesOutcomeStore.Claim.CLAIMED);
        assertThat(store.undeclinedSeries()).as("claimed, not declined yet").hasSize(2);
        assertThat(store.markDeclined("room.a@corp.example", "s1",
                record(NINE, "room.a@corp.example", "declineSeries", "OK"))).isTrue();
        assertThat(store.markDeclined("room.a@corp.example", "s1",
                record(NINE, "room.a@corp.example", "declineSeries", "OK"))).as("never a second OK").isFalse();
        assertThat(store.undeclinedSeries()).extracting(SeriesOutcomeStore.Series::seriesId).containsExactly("s2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void auditRecordsAreAppendedAndReadByRoomAndTime(String db) {
        DataSource ds = StoreDatabases.fresh(db);
        AuditStore store = new AuditStore(ds, JsonMapper.create(), new TestClock(NINE));
        store.append(record(NINE, "room.a@corp.example", "declineEvent", "OK"));
        store.append(record(NINE.plusSeconds(60), "room.b@corp.example", "cancelEvent", "OK"));
        store.append(record(NINE.plusSeconds(120), "Room.A@corp.example", "declineEvent", "DRY_RUN"));

        List<AuditRecord> roomA = store.find("room.a@corp.example", NINE, NINE.plusSeconds(3600), 100);
        assertThat(roomA).extracting(AuditRecord::result).containsExactly("OK", "DRY_RUN");
        AuditRecord first = roomA.get(0);
        assertThat(first.recordedAt()).isEqualTo(NINE);
        assertThat(first.serviceAccount()).isEqualTo("svc-rooms@corp.example");
        assertThat(first.itemId()).isEqualTo("item-1");
        assertThat(first.occurrenceStart()).isEqualTo(NINE);
        assertThat(first.organizer()).isEqualTo("ann@corp.example");
        assertThat(first.reason()).isEqualTo("NO_CHECK_IN");
        assertThat(first.ewsRequestId()).isEqualTo("req-1");
        assertThat(first.subject()).isNull();
        assertThat(store.find(null, NINE, NINE.plusSeconds(3600), 100)).hasSize(3);
        assertThat(store.find(null, NINE, NINE.plusSeconds(3600), 2)).hasSize(2);
        assertThat(store.find(null, NINE.plusSeconds(61), NINE.plusSeconds(3600), 100)).hasSize(1);
        assertThat(store.count()).isEqualTo(3);
    }

    private static AuditRecord record(Instant at, String room, String op, String result) {
        return new AuditRecord(at, "svc-rooms@corp.example", room, op, "item-1", NINE, "ann@corp.example",
                "NO_CHECK_IN", "nobody checked in", result, "DRY_RUN".equals(result), "req-1", null);
    }
}
