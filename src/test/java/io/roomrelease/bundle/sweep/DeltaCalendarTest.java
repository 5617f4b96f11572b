package io.roomrelease.bundle.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import io.roomrelease.bundle.TestClock;
import io.roomrelease.bundle.store.Database;
import io.roomrelease.bundle.store.DeltaCalendarStore;
import io.roomrelease.bundle.store.DeltaCalendarStore.Window;
import io.roomrelease.camel.ews.EwsConstants;
import io.roomrelease.camel.ews.model.EventDelta;
import io.roomrelease.camel.ews.model.EwsEvent;

/** The delta strategy's window keeping: which link a sweep continues from, and what it hands to the policy. */
class DeltaCalendarTest {

    static final String ROOM = "room.a@corp.example";
    static final Instant NOW = Instant.parse("2026-03-02T09:20:00Z");
    static final Instant SWEEP_START = NOW.minus(Duration.ofHours(2));
    static final Instant SWEEP_END = NOW.plus(Duration.ofMinutes(30));
    static final Instant DAY = Instant.parse("2026-03-02T00:00:00Z");

    final DataSource ds = fresh();
    final DeltaCalendarStore store = new DeltaCalendarStore(ds, TestClock.at(NOW.toString()));
    final DeltaCalendar delta = new DeltaCalendar(store);

    @Test
    void aRoomWithoutAStoredWindowIsReadInFullOverTwoUtcDays() {
        Exchange ex = prepare(SWEEP_START, SWEEP_END);
        assertThat(ex.getIn().getHeader(EwsConstants.DELTA_LINK)).isNull();
        assertThat(ex.getIn().getHeader(EwsConstants.WINDOW_START)).isEqualTo(DAY);
        assertThat(ex.getIn().getHeader(EwsConstants.WINDOW_END)).isEqualTo(DAY.plus(Duration.ofDays(2)));
    }

    @Test
    void changesAndRemovalsApplyToTheStoredWindowAndOnlyTheSweepWindowGoesToThePolicy() {
        Exchange first = prepare(SWEEP_START, SWEEP_END);
        List<EwsEvent> seen = apply(first, new EventDelta(List.of(event("a", 9), event("b", 15), event("c", 8)),
                List.of(), "link-1", false));
        assertThat(seen).extracting(EwsEvent::getItemId).as("15:00 is outside the sweep window")
                .containsExactlyInAnyOrder("a", "c");

        Exchange second = prepare(SWEEP_START.plusSeconds(60), SWEEP_END.plusSeconds(60));
        assertThat(second.getIn().getHeader(EwsConstants.DELTA_LINK)).isEqualTo("link-1");
        List<EwsEvent> next = apply(second, new EventDelta(List.of(event("c", 9).toBuilder().cancelled(true).build()),
                List.of("a"), "link-2", false));
        assertThat(next).singleElement().satisfies(e -> {
            assertThat(e.getItemId()).isEqualTo("c");
            assertThat(e.isCancelled()).isTrue();
        });
        assertThat(store.find(ROOM).orElseThrow().events()).extracting(EwsEvent::getItemId)
                .containsExactlyInAnyOrder("b", "c");
        assertThat(store.find(ROOM).orElseThrow().deltaLink()).isEqualTo("link-2");
    }

    @Test
    void anExpiredLinkReplacesTheWholeWindow() {
        apply(prepare(SWEEP_START, SWEEP_END), new EventDelta(List.of(event("a", 9), event("b", 9)), List.of(),
                "link-1", false));
        List<EwsEvent> seen = apply(prepare(SWEEP_START, SWEEP_END),
                new EventDelta(List.of(event("b", 9)), List.of(), "link-fresh", true));
        assertThat(seen).extracting(EwsEvent::getItemId).containsExactly("b");
        assertThat(store.find(ROOM).orElseThrow().events()).extracting(EwsEvent::getItemId).containsExactly("b");
    }

    @Test
    void aSweepWindowBeyondTheStoredWindowStartsANewOne() {
        apply(prepare(SWEEP_START, SWEEP_END), new EventDelta(List.of(event("a", 9)), List.of(), "link-1", false));
        Instant twoDaysOn = SWEEP_START.plus(Duration.ofDays(2));
        Exchange later = prepare(twoDaysOn, twoDaysOn.plus(Duration.ofHours(3)));
        assertThat(later.getIn().getHeader(EwsConstants.DELTA_LINK)).isNull();
        assertThat(later.getIn().getHeader(EwsConstants.WINDOW_START)).isEqualTo(DAY.plus(Duration.ofDays(2)));
        List<EwsEvent> seen = apply(later, new EventDelta(List.of(), List.of(), "link-new", false));
        assertThat(seen).as("nothing of the old window is kept").isEmpty();
    }

    @Test
    void withoutANewLinkTheRoomIsReadInFullNextTime() {
        apply(prepare(SWEEP_START, SWEEP_END), new EventDelta(List.of(event("a", 9)), List.of(), null, false));
        assertThat(store.find(ROOM)).isEmpty();
        assertThat(prepare(SWEEP_START, SWEEP_END).getIn().getHeader(EwsConstants.DELTA_LINK)).isNull();
    }

    private Exchange prepare(Instant sweepStart, Instant sweepEnd) {
        Exchange ex = new DefaultExchange(new DefaultCamelContext());
        ex.setProperty(SweepSteps.WINDOW_START, sweepStart);
        ex.setProperty(SweepSteps.WINDOW_END, sweepEnd);
        ex.getIn().setHeader(EwsConstants.MAILBOX, ROOM);
        delta.prepare(ex, ROOM, sweepStart, sweepEnd);
        return ex;
    }

    private List<EwsEvent> apply(Exchange prepared, EventDelta answer) {
        return delta.apply(ROOM, answer, prepared.getIn().getHeader(DeltaCalendar.DELTA_WINDOW, Window.class),
                prepared.getProperty(SweepSteps.WINDOW_START, Instant.class),
                prepared.getProperty(SweepSteps.WINDOW_END, Instant.class));
    }

    private static EwsEvent event(String id, int hour) {
        Instant start = DAY.plus(Duration.ofHours(hour));
        return EwsEvent.builder().itemId(id).mailbox(ROOM).start(start).end(start.plus(Duration.ofHours(1))).build();
    }

    private static DataSource fresh() {
        DataSource ds = Database.dataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        Database.migrate(ds);
        return ds;
    }
}
