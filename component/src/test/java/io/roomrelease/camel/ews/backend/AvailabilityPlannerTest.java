package io.roomrelease.camel.ews.backend;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.roomrelease.camel.ews.model.BusySlot;
import io.roomrelease.camel.ews.model.MailboxAvailability;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AvailabilityPlannerTest {

    static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");

    static List<String> rooms(int n) {
        List<String> r = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            r.add("room" + i + "@example.com");
        }
        return r;
    }

    @Test
    void splitsIntoAtMost100MailboxesAnd42Days() {
        AvailabilityPlanner p = new AvailabilityPlanner(rooms(250));
        List<AvailabilityPlanner.Batch> batches = p.batches(T0, T0.plus(Duration.ofDays(100)));
        assertThat(batches).hasSize(9); // 3 windows (42 + 42 + 16 days) x 3 mailbox groups (100 + 100 + 50)
        assertThat(batches).allSatisfy(b -> {
            assertThat(b.mailboxes()).hasSizeLessThanOrEqualTo(100);
            assertThat(Duration.between(b.start(), b.end())).isLessThanOrEqualTo(Duration.ofDays(42));
        });
        assertThat(batches.stream().mapToInt(b -> b.mailboxes().size()).sum()).isEqualTo(750);
        assertThat(batches.get(batches.size() - 1).end()).isEqualTo(T0.plus(Duration.ofDays(100)));
    }

    @Test
    void smallQuestionIsOneRequestOnTheWindowAsked() {
        AvailabilityPlanner p = new AvailabilityPlanner(rooms(3));
        Instant nine = T0.plus(Duration.ofHours(9));
        List<AvailabilityPlanner.Batch> b = p.batches(nine, nine.plus(Duration.ofHours(2)));
        assertThat(b).hasSize(1);
        assertThat(b.get(0).start()).isEqualTo(nine);
        assertThat(b.get(0).end()).isEqualTo(nine.plus(Duration.ofHours(2)));
        // a slot the server returns because it overlaps the window is kept whole; one outside it is dropped
        BusySlot overlapping = new BusySlot(nine.minusSeconds(600), nine.plusSeconds(600), "Busy", null);
        p.add("room0@example.com", null, null, List.of(new BusySlot(T0.plus(Duration.ofHours(1)),
                T0.plus(Duration.ofHours(2)), "Busy", null), overlapping));
        assertThat(p.result().get(0).getBusySlots()).containsExactly(overlapping);
    }

    @Test
    void wholeDaysPlannerWidensToUtcDays() {
        AvailabilityPlanner p = new AvailabilityPlanner(rooms(3), 20, Duration.ofDays(62), true);
        Instant nine = T0.plus(Duration.ofHours(9));
        List<AvailabilityPlanner.Batch> b = p.batches(nine, nine.plus(Duration.ofHours(2)));
        assertThat(b).hasSize(1);
        assertThat(b.get(0).start()).isEqualTo(T0);
        assertThat(b.get(0).end()).isEqualTo(T0.plus(Duration.ofDays(1)));
        // slots outside the asked window are dropped from the merged result
        p.add("room0@example.com", null, null, List.of(new BusySlot(T0.plus(Duration.ofHours(1)),
                T0.plus(Duration.ofHours(2)), "Busy", null), new BusySlot(nine, nine.plusSeconds(600), "Busy", null)));
        assertThat(p.result().get(0).getBusySlots()).extracting(BusySlot::getStart).containsExactly(nine);
    }

    @Test
    void mergesWindowsDropsDuplicatesAndKeepsErrors() {
        AvailabilityPlanner p = new AvailabilityPlanner(List.of("a@x", "b@x"));
        BusySlot crossing = new BusySlot(T0.plus(Duration.ofDays(42)).minusSeconds(1800),
                T0.plus(Duration.ofDays(42)).plusSeconds(1800), "Busy", null);
        BusySlot early = new BusySlot(T0.plusSeconds(3600), T0.plusSeconds(7200), "Tentative", "Standup");
        p.add("a@x", null, null, List.of(crossing));
        p.add("a@x", null, null, List.of(early, crossing));
        p.add("b@x", "ErrorMailRecipientNotFound", "not found", List.of());
        p.add("b@x", null, null, List.of());
        List<MailboxAvailability> r = p.result();
        assertThat(r).extracting(MailboxAvailability::getMailbox).containsExactly("a@x", "b@x");
        assertThat(r.get(0).getBusySlots()).containsExactly(early, crossing);
        assertThat(r.get(0).isOk()).isTrue();
        assertThat(r.get(1).getErrorCode()).isEqualTo("ErrorMailRecipientNotFound");
    }

    @Test
    void emptyWindowIsRefused() {
        assertThatThrownBy(() -> new AvailabilityPlanner(List.of("a@x")).batches(T0, T0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
