package io.roomrelease.ews.simulator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Set;

import org.junit.jupiter.api.Test;

class RecurrenceTest {
    static final LocalDate MON = LocalDate.of(2025, 3, 3);

    @Test
    void dailyWithIntervalSkipsDays() {
        Recurrence r = Recurrence.daily(3, MON).withOccurrences(4);
        assertThat(r.slots(MON, MON.plusDays(30))).extracting(Recurrence.Slot::date)
                .containsExactly(MON, MON.plusDays(3), MON.plusDays(6), MON.plusDays(9));
        assertThat(r.lastDate()).isEqualTo(MON.plusDays(9));
    }

    @Test
    void everySecondWeekOnTwoDaysCountsWeeksFromTheFirstDayOfWeek() {
        Recurrence r = Recurrence.weekly(2, Set.of(DayOfWeek.MONDAY, DayOfWeek.THURSDAY), MON).withEndDate(MON.plusDays(27));
        assertThat(r.slots(MON, MON.plusDays(60))).extracting(Recurrence.Slot::date).containsExactly(
                MON, MON.plusDays(3), MON.plusDays(14), MON.plusDays(17));
    }

    @Test
    void slotsKeepTheirSeriesIndexInsideAWindow() {
        Recurrence r = Recurrence.weekly(1, Set.of(DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY), MON).withOccurrences(10);
        assertThat(r.slots(MON.plusDays(7), MON.plusDays(9))).extracting(Recurrence.Slot::index).containsExactly(3, 4);
        assertThat(r.dateOf(10)).isEqualTo(MON.plusWeeks(4).plusDays(2));
        assertThat(r.dateOf(11)).isNull();
        assertThat(r.slots(MON.plusWeeks(5), MON.plusWeeks(6))).isEmpty();
    }

    @Test
    void invalidPatternsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> Recurrence.weekly(1, Set.of(), MON)).hasMessageContaining("at least one day");
        assertThatThrownBy(() -> Recurrence.daily(0, MON)).hasMessageContaining("interval");
        assertThatThrownBy(() -> Recurrence.daily(1, MON).withEndDate(MON.minusDays(1))).hasMessageContaining("before its start");
    }
}
