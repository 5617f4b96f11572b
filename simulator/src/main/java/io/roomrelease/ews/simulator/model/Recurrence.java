package io.roomrelease.ews.simulator.model;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A recurrence pattern and range, as EWS's {@code RecurrenceType} describes them: a
 * {@code DailyRecurrence} or {@code WeeklyRecurrence} pattern and a {@code NoEndRecurrence},
 * {@code EndDateRecurrence} or {@code NumberedRecurrence} range. Dates are in the series' time zone.
 *
 * @param kind                daily or weekly
 * @param interval            every n days or weeks (1 or more)
 * @param daysOfWeek          weekly only: the days (empty for daily)
 * @param firstDayOfWeek      weekly only: the day a week starts on when counting intervals (Exchange: Sunday)
 * @param startDate           first day of the range
 * @param endDate             last day of the range (EndDateRecurrence), or null
 * @param numberOfOccurrences NumberedRecurrence's count, or null
 */
public record Recurrence(Kind kind, int interval, Set<DayOfWeek> daysOfWeek, DayOfWeek firstDayOfWeek,
        LocalDate startDate, LocalDate endDate, Integer numberOfOccurrences) {

    /** The supported patterns. */
    public enum Kind { DAILY, WEEKLY }

    /** An occurrence of the pattern: its 1-based index in the series and its date. */
    public record Slot(int index, LocalDate date) {
    }

    public Recurrence {
        Objects.requireNonNull(kind, "recurrence kind");
        Objects.requireNonNull(startDate, "recurrence start date");
        if (interval < 1 || interval > 999) {
            throw new IllegalArgumentException("recurrence interval must be between 1 and 999, was " + interval);
        }
        daysOfWeek = daysOfWeek == null || daysOfWeek.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(daysOfWeek));
        if (kind == Kind.WEEKLY && daysOfWeek.isEmpty()) {
            throw new IllegalArgumentException("a weekly recurrence needs at least one day of the week (daysOfWeek)");
        }
        firstDayOfWeek = firstDayOfWeek == null ? DayOfWeek.SUNDAY : firstDayOfWeek;
        if (endDate != null && numberOfOccurrences != null) {
            throw new IllegalArgumentException("a recurrence range has either an end date or a number of occurrences, not both");
        }
        if (numberOfOccurrences != null && numberOfOccurrences < 1) {
            throw new IllegalArgumentException("numberOfOccurrences must be 1 or more, was " + numberOfOccurrences);
        }
        if (endDate != null && endDate.isBefore(startDate)) {
            throw new IllegalArgumentException("recurrence end date " + endDate + " is before its start date " + startDate);
        }
    }

    /** Every {@code interval} days from {@code start}, with no end. */
    public static Recurrence daily(int interval, LocalDate start) {
        return new Recurrence(Kind.DAILY, interval, Set.of(), null, start, null, null);
    }

    /** Every {@code interval} weeks on the given days from {@code start}, with no end. */
    public static Recurrence weekly(int interval, Set<DayOfWeek> days, LocalDate start) {
        return new Recurrence(Kind.WEEKLY, interval, days, null, start, null, null);
    }

    /** This pattern ending after {@code n} occurrences. */
    public Recurrence withOccurrences(int n) {
        return new Recurrence(kind, interval, daysOfWeek, firstDayOfWeek, startDate, null, n);
    }

    /** This pattern ending on {@code end} (inclusive). */
    public Recurrence withEndDate(LocalDate end) {
        return new Recurrence(kind, interval, daysOfWeek, firstDayOfWeek, startDate, end, null);
    }

    /** Whether the range has no end. */
    public boolean hasNoEnd() {
        return endDate == null && numberOfOccurrences == null;
    }

    /** Whether the pattern puts an occurrence on {@code date} (ignoring the range's end). */
    public boolean matches(LocalDate date) {
        long day = date.toEpochDay();
        long start = startDate.toEpochDay();
        if (day < start) {
            return false;
        }
        if (kind == Kind.DAILY) {
            return (day - start) % interval == 0;
        }
        if (!daysOfWeek.contains(date.getDayOfWeek())) {
            return false;
        }
        return (weekIndex(day) - weekIndex(start)) % interval == 0;
    }

    /** Weeks since the epoch, weeks starting on {@link #firstDayOfWeek}. */
    private long weekIndex(long epochDay) {
        // 1970-01-01 was a Thursday (ISO day 4)
        long shift = (firstDayOfWeek.getValue() - DayOfWeek.THURSDAY.getValue() + 7) % 7;
        return Math.floorDiv(epochDay - shift, 7);
    }

    /**
     * The occurrences whose date lies in {@code [from, to]} (inclusive), with their series index. Walks the
     * pattern from its start so that indexes and numbered ranges are exact.
     */
    public List<Slot> slots(LocalDate from, LocalDate to) {
        List<Slot> out = new ArrayList<>();
        LocalDate last = endDate == null ? to : (endDate.isBefore(to) ? endDate : to);
        int index = 0;
        int step = kind == Kind.DAILY ? interval : 1;
        for (LocalDate d = startDate; !d.isAfter(last); d = d.plusDays(step)) {
            if (!matches(d)) {
                continue;
            }
            index++;
            if (numberOfOccurrences != null && index > numberOfOccurrences) {
                break;
            }
            if (!d.isBefore(from)) {
                out.add(new Slot(index, d));
            }
        }
        return out;
    }

    /** The date of the occurrence with the given 1-based index, or null when the series has no such occurrence. */
    public LocalDate dateOf(int index) {
        if (index < 1 || (numberOfOccurrences != null && index > numberOfOccurrences)) {
            return null;
        }
        int n = 0;
        int step = kind == Kind.DAILY ? interval : 1;
        LocalDate limit = endDate != null ? endDate : startDate.plusYears(100);
        for (LocalDate d = startDate; !d.isAfter(limit); d = d.plusDays(step)) {
            if (matches(d) && ++n == index) {
                return d;
            }
        }
        return null;
    }

    /** The last occurrence's date, or null when the range has no end. */
    public LocalDate lastDate() {
        if (numberOfOccurrences != null) {
            return dateOf(numberOfOccurrences);
        }
        if (endDate != null) {
            List<Slot> all = slots(startDate, endDate);
            return all.isEmpty() ? null : all.get(all.size() - 1).date();
        }
        return null;
    }
}
