package io.roomrelease.ews.simulator.ops;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.w3c.dom.Element;

import io.roomrelease.ews.simulator.model.CalendarEntry;
import io.roomrelease.ews.simulator.soap.EwsFault;

/**
 * Meeting time suggestions of GetUserAvailability ({@code t:SuggestionsViewOptions}), as Microsoft's reference pages
 * and the MS-OXWAVLS protocol document describe them.
 * <ul>
 * <li>Candidate meeting times start every 30 minutes of each day of the {@code DetailedSuggestionsWindow} (Exchange's
 * granularity: the how-to's sample suggests 09:00 and 09:30 for a 60-minute meeting) and last
 * {@code MeetingDurationInMinutes}; days and times are local to the request's time zone (a wall-clock time the
 * change to daylight saving time skips is no candidate).</li>
 * <li>Quality from the share of attendees with a conflict (any Tentative, Busy or OOF time overlapping): none is
 * Excellent, below {@code GoodThreshold} percent Good, up to 50 percent Fair, more Poor. Attendees whose mailbox is
 * unknown do not count and are listed as {@code UnknownAttendeeConflictData}.</li>
 * <li>A time is work time when it lies within every attendee's working hours (the simulator's are Monday to Friday,
 * 08:00-17:00 in the organisation's zone). Per day the best {@code MaximumResultsByDay} work times and the best
 * {@code MaximumNonWorkHourResultsByDay} other times of at least {@code MinimumSuggestionQuality} are returned, best
 * quality first and then earliest, listed in time order. {@code DayQuality} is the quality of the day's best work
 * time (Poor when it has none).</li>
 * </ul>
 * Not modelled: {@code CurrentMeetingTime} and {@code GlobalObjectId} (the meeting being moved still counts as a
 * conflict), a lower weight for optional attendees, rooms and resources, {@code ExcludeConflicts}, and group
 * (distribution list) conflict data.
 */
final class MeetingSuggestions {
    enum Quality { Excellent, Good, Fair, Poor }

    /** One MailboxData of the request: its calendar's busy times, or {@code null} busy times when the mailbox is unknown. */
    record Attendee(String email, List<CalendarEntry> busy) {
        boolean known() {
            return busy != null;
        }
    }

    private record Options(int goodThreshold, int maxPerDay, int maxNonWorkPerDay, Duration duration, Quality minimum,
            Instant windowStart, Instant windowEnd) {
    }

    private record Candidate(LocalDateTime local, boolean workTime, Quality quality, List<String> busyTypes) {
    }

    static final Duration STEP = Duration.ofMinutes(30);
    private static final LocalTime WORK_START = LocalTime.of(8, 0);
    private static final LocalTime WORK_END = LocalTime.of(17, 0);
    private static final Map<String, Integer> BUSY_RANK = Map.of("Free", 0, "Tentative", 1, "Busy", 2, "OOF", 3);

    private final Options options;
    private final SerializableTimeZone tz;
    private final ZoneId workingHoursZone;

    private MeetingSuggestions(Options options, SerializableTimeZone tz, ZoneId workingHoursZone) {
        this.options = options;
        this.tz = tz;
        this.workingHoursZone = workingHoursZone;
    }

    /**
     * Reads {@code SuggestionsViewOptions}. A value out of its range is an {@link EwsFault} whose code and message
     * belong in the SuggestionsResponse's ResponseMessage (the free/busy part of the request is still answered).
     */
    static MeetingSuggestions read(Element svo, SerializableTimeZone tz, ZoneId workingHoursZone, Duration maxWindow) {
        int good = intOption(svo, "GoodThreshold", 25, 1, 49);
        int perDay = intOption(svo, "MaximumResultsByDay", 10, 0, 48);
        int nonWork = intOption(svo, "MaximumNonWorkHourResultsByDay", 0, 0, 48);
        int minutes = intOption(svo, "MeetingDurationInMinutes", 60, 30, 1440);
        Quality minimum = Xml.t(svo, "MinimumSuggestionQuality").map(e -> Quality.valueOf(Xml.text(e))).orElse(Quality.Fair);
        Element window = Xml.t(svo, "DetailedSuggestionsWindow")
                .orElseThrow(() -> Xml.schemaError("SuggestionsViewOptions has no DetailedSuggestionsWindow"));
        Instant start = tz.instant(Xml.t(window, "StartTime").map(Xml::text).orElseThrow(() -> Xml.schemaError("no StartTime")));
        Instant end = tz.instant(Xml.t(window, "EndTime").map(Xml::text).orElseThrow(() -> Xml.schemaError("no EndTime")));
        if (!end.isAfter(start)) {
            throw new EwsFault("ErrorInvalidTimeInterval", "The DetailedSuggestionsWindow's EndTime must be after its StartTime.");
        }
        if (Duration.between(start, end).compareTo(maxWindow) > 0) {
            throw new EwsFault("ErrorTimeIntervalTooBig", "The requested time duration specified for "
                    + "SuggestionsViewOptions.DetailedSuggestionsWindow is too long. The allowed limit = "
                    + maxWindow.toDays() + " days.");
        }
        return new MeetingSuggestions(new Options(good, perDay, nonWork, Duration.ofMinutes(minutes), minimum, start, end),
                tz, workingHoursZone);
    }

    private static int intOption(Element svo, String name, int fallback, int min, int max) {
        int value = Xml.t(svo, name).map(e -> Integer.parseInt(Xml.text(e))).orElse(fallback);
        if (value < min || value > max) {
            throw new EwsFault("ErrorInvalidRequest", "SuggestionsViewOptions." + name + " must be between " + min
                    + " and " + max + "; the request gave " + value + ".");
        }
        return value;
    }

    Instant windowStart() {
        return options.windowStart();
    }

    Instant windowEnd() {
        return options.windowEnd();
    }

    /** Writes one SuggestionDayResult per local day of the window into {@code m:SuggestionDayResultArray}. */
    void write(Element dayResultArray, List<Attendee> attendees) {
        LocalDate last = tz.localDateTime(options.windowEnd().minusNanos(1)).toLocalDate();
        for (LocalDate day = tz.localDateTime(options.windowStart()).toLocalDate(); !day.isAfter(last); day = day.plusDays(1)) {
            List<Candidate> candidates = candidates(day, attendees);
            List<Candidate> chosen = new ArrayList<>(best(candidates, true, options.maxPerDay()));
            chosen.addAll(best(candidates, false, options.maxNonWorkPerDay()));
            chosen.sort(Comparator.comparing(Candidate::local));
            Quality dayQuality = candidates.stream().filter(Candidate::workTime).map(Candidate::quality)
                    .min(Comparator.naturalOrder()).orElse(Quality.Poor);
            Element result = Xml.addT(dayResultArray, "SuggestionDayResult");
            Xml.addT(result, "Date", SerializableTimeZone.format(day.atStartOfDay()));
            Xml.addT(result, "DayQuality", dayQuality.name());
            Element array = Xml.addT(result, "SuggestionArray");
            for (Candidate c : chosen) {
                Element s = Xml.addT(array, "Suggestion");
                Xml.addT(s, "MeetingTime", SerializableTimeZone.format(c.local()));
                Xml.addT(s, "IsWorkTime", c.workTime());
                Xml.addT(s, "SuggestionQuality", c.quality().name());
                Element conflicts = Xml.addT(s, "AttendeeConflictDataArray");
                for (String busyType : c.busyTypes()) {
                    if (busyType == null) {
                        Xml.addT(conflicts, "UnknownAttendeeConflictData");
                    } else {
                        Xml.addT(Xml.addT(conflicts, "IndividualAttendeeConflictData"), "BusyType", busyType);
                    }
                }
            }
        }
    }

    private List<Candidate> best(List<Candidate> candidates, boolean workTime, int max) {
        return candidates.stream().filter(c -> c.workTime() == workTime)
                .filter(c -> c.quality().compareTo(options.minimum()) <= 0)
                .sorted(Comparator.comparing(Candidate::quality).thenComparing(Candidate::local))
                .limit(max).toList();
    }

    private List<Candidate> candidates(LocalDate day, List<Attendee> attendees) {
        List<Candidate> out = new ArrayList<>();
        for (LocalDateTime t = day.atStartOfDay(); t.toLocalDate().equals(day); t = t.plus(STEP)) {
            Instant start = tz.instant(t);
            Instant end = start.plus(options.duration());
            boolean skippedByDaylightSaving = !tz.localDateTime(start).equals(t);
            if (skippedByDaylightSaving || start.isBefore(options.windowStart()) || end.isAfter(options.windowEnd())) {
                continue;
            }
            List<String> busyTypes = new ArrayList<>();
            int counted = 0;
            int conflicts = 0;
            for (Attendee a : attendees) {
                String busyType = a.known() ? busyType(a.busy(), start, end) : null;
                busyTypes.add(busyType);
                if (busyType != null) {
                    counted++;
                    conflicts += "Free".equals(busyType) ? 0 : 1;
                }
            }
            out.add(new Candidate(t, workTime(start, end), quality(conflicts, counted), busyTypes));
        }
        return out;
    }

    private Quality quality(int conflicts, int counted) {
        double percent = counted == 0 ? 0 : 100.0 * conflicts / counted;
        if (percent == 0) {
            return Quality.Excellent;
        }
        if (percent < options.goodThreshold()) {
            return Quality.Good;
        }
        return percent <= 50 ? Quality.Fair : Quality.Poor;
    }

    /** The strongest free/busy status of the attendee's calendar overlapping the time: Free, Tentative, Busy or OOF. */
    private static String busyType(List<CalendarEntry> busy, Instant start, Instant end) {
        String strongest = "Free";
        for (CalendarEntry e : busy) {
            if (e.start().isBefore(end) && e.end().isAfter(start)
                    && BUSY_RANK.getOrDefault(e.legacyFreeBusy(), 0) > BUSY_RANK.get(strongest)) {
                strongest = e.legacyFreeBusy();
            }
        }
        return strongest;
    }

    /** Within the working hours every mailbox has in the simulator: Monday to Friday, 08:00-17:00, one local day. */
    private boolean workTime(Instant start, Instant end) {
        ZonedDateTime s = start.atZone(workingHoursZone);
        ZonedDateTime e = end.atZone(workingHoursZone);
        DayOfWeek day = s.getDayOfWeek();
        return day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY && s.toLocalDate().equals(e.toLocalDate())
                && !s.toLocalTime().isBefore(WORK_START) && !e.toLocalTime().isAfter(WORK_END);
    }
}
