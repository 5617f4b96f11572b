package io.roomrelease.bundle.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import io.roomrelease.camel.ews.model.BusySlot;
import io.roomrelease.camel.ews.model.MailboxAvailability;

class CandidateRoomsTest {
    static final Instant NOW = Instant.parse("2025-03-10T10:20:00Z");
    final CandidateRooms rule = new CandidateRooms(Duration.ofMinutes(15), Duration.ofMinutes(10));

    static MailboxAvailability room(String name, BusySlot... slots) {
        return new MailboxAvailability(name, null, null, List.of(slots));
    }

    /** A busy period starting {@code startedAgo} minutes before now, lasting {@code minutes}; free/busy only (no subject). */
    static BusySlot busy(int startedAgo, int minutes) {
        Instant start = NOW.minus(Duration.ofMinutes(startedAgo));
        return new BusySlot(start, start.plus(Duration.ofMinutes(minutes)), "Busy", null);
    }

    List<String> select(Object... answers) {
        return rule.select(List.of(answers), NOW, null);
    }

    @Test
    void aRunningMeetingWhoseGraceJustEndedMakesItsRoomACandidate() {
        assertThat(select(List.of(room("a", busy(16, 60)), room("b", busy(15, 30)), room("c", busy(24, 30)))))
                .containsExactly("a", "b", "c");
    }

    @Test
    void meetingsStillInGraceEndedFutureOrDecidedLongAgoAreNotCandidates() {
        assertThat(select(List.of(
                room("in-grace", busy(14, 60)),
                room("ended", busy(40, 30)),
                room("future", busy(-5, 30)),
                room("decided-earlier", busy(26, 60)),
                room("free", new BusySlot(NOW.minusSeconds(1200), NOW.plusSeconds(600), "Free", null)),
                room("empty")))).isEmpty();
    }

    @Test
    void aRoomWhoseFreeBusyCouldNotBeReadIsReadByCalendarInstead() {
        assertThat(select(List.of(new MailboxAvailability("broken", "ErrorMailRecipientNotFound", "not found", List.of()))))
                .containsExactly("broken");
    }

    @Test
    void answersMayComeFlatOrPerBatchAndTheGuardLearnsEveryMeetingInProgress() {
        CamelContext context = new DefaultCamelContext();
        Exchange exchange = new DefaultExchange(context);
        List<String> picked = rule.select(List.of(List.of(room("a", busy(16, 60), busy(-30, 30))),
                room("b", busy(5, 60)), room("c", busy(16, 60))), NOW, exchange);
        assertThat(picked).containsExactly("a", "c");
        assertThat(exchange.getProperty(CandidateRooms.IN_PROGRESS, Integer.class)).isEqualTo(3);
    }

    @Test
    void roomsGoInRequestsOfAtMostOneHundredAndTheWindowCoversTheCatchUp() {
        List<String> rooms = IntStream.range(0, 250).mapToObj(i -> "room" + i).toList();
        List<List<String>> batches = rule.batches(rooms);
        assertThat(batches).extracting(List::size).containsExactly(100, 100, 50);
        assertThat(batches.get(2).get(49)).isEqualTo("room249");
        assertThat(rule.windowStart(NOW)).isEqualTo(NOW.minus(Duration.ofMinutes(25)));
        assertThat(rule.windowEnd(NOW)).isAfter(NOW);
    }

    @Test
    void badSettingsAreNamed() {
        assertThat(CandidateRooms.Strategy.of(" Availability ")).isEqualTo(CandidateRooms.Strategy.AVAILABILITY);
        assertThatThrownBy(() -> CandidateRooms.Strategy.of("graph")).hasMessageContaining("roomrelease.sweep.strategy")
                .hasMessageContaining("'graph'");
        assertThatThrownBy(() -> new CandidateRooms(Duration.ofMinutes(15), Duration.ZERO))
                .hasMessageContaining("availability-catch-up-minutes");
    }
}
