package io.roomrelease.bundle.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.roomrelease.bundle.TestClock;
import io.roomrelease.bundle.app.JsonMapper;
import io.roomrelease.bundle.audit.AuditRecord;
import io.roomrelease.bundle.settings.RoomReleaseSettings;
import io.roomrelease.bundle.settings.SettingSource;
import io.roomrelease.bundle.store.AuditStore;
import io.roomrelease.bundle.store.Database;
import io.roomrelease.bundle.store.SeriesOutcomeStore;
import io.roomrelease.bundle.store.SeriesOutcomeStore.Claim;
import io.roomrelease.bundle.store.SeriesOutcomeStore.DeclineState;
import io.roomrelease.camel.ews.EwsException;
import io.roomrelease.camel.ews.model.EwsEvent;
import io.roomrelease.camel.ews.model.OccurrenceType;

/**
 * The strikes rule's settling of a series decline whose outcome is unknown, decided from the room's upcoming
 * occurrences: gone or declined means Exchange carried it out (one OK record); still there means it did not (declined
 * again under the same claim while the verdict still declines it, otherwise the claim is dropped). A new claim is
 * declined without settling, and a failure frees a new claim but keeps an unknown outcome to settle.
 */
class SeriesDeclineSettlementTest {

    private static final String ROOM = "room.a@corp.example";
    private static final String SERIES = "master-1";
    private static final Instant NINE = Instant.parse("2026-03-02T09:00:00Z");

    private final TestClock clock = new TestClock(NINE);
    private final DataSource ds = Database.dataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
            "sa", "");
    private final AuditStore audit;
    private final SeriesOutcomeStore store;
    private final CleanupSteps steps;

    SeriesDeclineSettlementTest() {
        Database.migrate(ds);
        audit = new AuditStore(ds, JsonMapper.create(), clock);
        store = new SeriesOutcomeStore(ds, audit, clock);
        RoomReleaseSettings settings = RoomReleaseSettings.load(SettingSource.withDefaults(Map.of(
                "roomrelease.rooms", ROOM, "roomrelease.service-account", "svc@corp.example")));
        steps = new CleanupSteps(settings, store, null, null, audit, JsonMapper.create(), clock);
        for (int day = 0; day < 3; day++) {
            store.record(ROOM, SERIES, "occ-" + day, NINE.plus(Duration.ofDays(day)), false, "ann@corp.example");
        }
        clock.set(NINE.plus(Duration.ofDays(2)).plus(Duration.ofHours(17)));
    }

    @Test
    void anUnknownOutcomeWhoseSeriesIsGoneFromTheCalendarIsSettledAsOneOkRecord() {
        String claim = claimThenDieAndReclaim();
        assertThat(claim).isEqualTo(Claim.RECLAIMED.name());
        assertThat(steps.settleOrDecline(series(), List.of(), claim, true)).isEqualTo(CleanupSteps.SETTLED);
        assertThat(store.declineState(ROOM, SERIES)).contains(DeclineState.OK);
        assertThat(records()).singleElement().satisfies(r -> {
            assertThat(r.result()).isEqualTo(AuditRecord.OK);
            assertThat(r.operation()).isEqualTo("declineSeries");
            assertThat(r.reason()).isEqualTo("STRIKES");
            assertThat(r.detail()).contains("settled by the nightly run after an unknown outcome");
        });
        assertThat(store.undeclinedSeries()).as("never judged again").isEmpty();
    }

    @Test
    void anOccurrenceTheRoomDeclinedCountsAsGone() {
        String claim = claimThenDieAndReclaim();
        assertThat(steps.settleOrDecline(series(), List.of(occurrence("Decline")), claim, true))
                .isEqualTo(CleanupSteps.SETTLED);
        assertThat(store.declineState(ROOM, SERIES)).contains(DeclineState.OK);
    }

    @Test
    void aSeriesStillInTheCalendarIsDeclinedAgainUnderTheSameClaimWhileTheVerdictHolds() {
        String claim = claimThenDieAndReclaim();
        assertThat(steps.settleOrDecline(series(), List.of(occurrence("Accept")), claim, true))
                .isEqualTo(CleanupSteps.DECLINE);
        assertThat(store.declineState(ROOM, SERIES)).as("the claim is held for the decline")
                .contains(DeclineState.PENDING);
        assertThat(store.claimDecline(ROOM, SERIES, Duration.ofMinutes(2))).as("by this run only")
                .isEqualTo(Claim.UNSETTLED);
        assertThat(records()).isEmpty();
    }

    @Test
    void aSeriesStillInTheCalendarThatIsNoLongerToDeclineDropsTheClaim() {
        String claim = claimThenDieAndReclaim();
        assertThat(steps.settleOrDecline(series(), List.of(occurrence("Accept")), claim, false))
                .isEqualTo(CleanupSteps.SETTLED);
        assertThat(store.declineState(ROOM, SERIES)).contains(DeclineState.FAILED);
        assertThat(records()).as("nothing was done on the room's behalf").isEmpty();
    }

    @Test
    void aNewClaimIsDeclinedWithoutSettling() {
        String claim = steps.claim(series(), true);
        assertThat(claim).isEqualTo(Claim.CLAIMED.name());
        assertThat(steps.settleOrDecline(series(), List.of(occurrence("Accept")), claim, true))
                .isEqualTo(CleanupSteps.DECLINE);
        assertThat(store.declineState(ROOM, SERIES)).contains(DeclineState.PENDING);
    }

    @Test
    void aNewClaimOnASeriesNoLongerInTheCalendarHasNothingToDecline() {
        String claim = steps.claim(series(), true);
        assertThat(steps.settleOrDecline(series(), List.of(), claim, true)).isEqualTo(CleanupSteps.SETTLED);
        assertThat(store.declineState(ROOM, SERIES)).contains(DeclineState.GONE);
        assertThat(records()).as("nothing was done on the room's behalf").isEmpty();
        assertThat(store.undeclinedSeries()).as("never judged again").isEmpty();
    }

    @Test
    void aFailureFreesANewClaimButKeepsAnUnknownOutcomeToSettle() {
        EwsException refused = new EwsException("ErrorItemNotFound", ROOM, "ErrorItemNotFound", null, null, null);
        steps.declineFailed(series(), steps.claim(series(), true), null, refused);
        assertThat(store.declineState(ROOM, SERIES)).as("not carried out: tried again next night")
                .contains(DeclineState.FAILED);

        String claim = steps.claim(series(), true);
        steps.declineNotStored(series(), new IllegalStateException("Store write failed (series declined): refused"));
        assertThat(store.declineState(ROOM, SERIES)).contains(DeclineState.UNKNOWN);

        clock.advance(Duration.ofDays(1));
        claim = steps.claim(series(), true);
        assertThat(claim).isEqualTo(Claim.RECLAIMED.name());
        steps.declineFailed(series(), claim, null, refused); // the room's calendar could not be read
        assertThat(store.declineState(ROOM, SERIES)).as("the outcome is still unknown: still to settle")
                .contains(DeclineState.PENDING);
        assertThat(records()).isEmpty();
    }

    /** The decline was claimed, then the process died before its outcome was stored; a day later it is reclaimed. */
    private String claimThenDieAndReclaim() {
        assertThat(steps.claim(series(), true)).isEqualTo(Claim.CLAIMED.name());
        clock.advance(Duration.ofDays(1));
        assertThat(steps.toAct(series(), new io.roomrelease.bundle.policy.StrikesPolicy(99).judge(
                series().outcomes()))).as("acted on even when the verdict no longer declines").isTrue();
        return steps.claim(series(), true);
    }

    private SeriesOutcomeStore.Series series() {
        return store.undeclinedSeries().stream().filter(s -> s.seriesId().equals(SERIES)).findFirst().orElseThrow();
    }

    private EwsEvent occurrence(String roomResponse) {
        Instant start = clock.instant().plus(Duration.ofHours(7));
        return EwsEvent.builder().itemId("occ-next").mailbox(ROOM).organizer("ann@corp.example").start(start)
                .end(start.plus(Duration.ofMinutes(30))).recurring(true).occurrence(OccurrenceType.Occurrence)
                .seriesMasterId(SERIES).roomResponse(roomResponse).build();
    }

    private List<AuditRecord> records() {
        return audit.find(ROOM, NINE, clock.instant().plusSeconds(1), 10);
    }
}
