package io.roomrelease.ews.simulator.model;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.roomrelease.ews.simulator.model.CalendarItem.OccurrenceOverride;

/**
 * The read side of a calendar: stored items as {@link CalendarEntry CalendarEntries}, recurring series
 * expanded into occurrences (deleted occurrences left out, exceptions applied) and windowed views of a
 * mailbox's calendar. Pure functions of the items; callers hold the store's lock.
 */
final class RecurrenceExpansion {
    private RecurrenceExpansion() {
    }

    static boolean isSlot(CalendarItem master, Instant originalStart) {
        LocalDate date = originalStart.atZone(master.zone).toLocalDate();
        if (!originalStart.equals(originalStart(master, date))) {
            return false;
        }
        return !master.recurrence.slots(date, date).isEmpty();
    }

    static Instant originalStart(CalendarItem master, LocalDate date) {
        LocalTime time = master.start.atZone(master.zone).toLocalTime();
        return date.atTime(time).atZone(master.zone).toInstant();
    }

    static List<CalendarEntry> view(MailboxCalendar cal, Instant from, Instant to) {
        return view(cal, from, to, false);
    }

    /**
     * The calendar between {@code from} and {@code to}, series expanded. With {@code calendarView}, items
     * that end exactly at {@code from} count too, as in Exchange's CalendarView ("all calendar items that
     * have an end time that is before StartDate will not be returned"), so a meeting that ended at the
     * window's start is in the answer and clients must filter it themselves.
     */
    static List<CalendarEntry> view(MailboxCalendar cal, Instant from, Instant to, boolean calendarView) {
        List<CalendarEntry> out = new ArrayList<>();
        for (CalendarItem i : cal.singlesOverlapping(from, to, calendarView)) {
            out.add(entry(i));
        }
        for (CalendarItem m : cal.masters()) {
            out.addAll(expand(m, from, to, calendarView));
        }
        out.sort(BY_START);
        return out;
    }

    /** The occurrences of a master overlapping [from, to), exceptions and deletions applied. */
    static List<CalendarEntry> expand(CalendarItem m, Instant from, Instant to) {
        return expand(m, from, to, false);
    }

    static List<CalendarEntry> expand(CalendarItem m, Instant from, Instant to, boolean endAtFromCounts) {
        List<CalendarEntry> out = new ArrayList<>();
        Duration length = m.duration();
        LocalDate first = from.minus(length).atZone(m.zone).toLocalDate().minusDays(1);
        LocalDate last = to.atZone(m.zone).toLocalDate();
        Set<Instant> seen = new HashSet<>();
        for (Recurrence.Slot slot : m.recurrence.slots(first, last)) {
            Instant os = originalStart(m, slot.date());
            seen.add(os);
            if (m.isDeleted(os)) {
                continue;
            }
            CalendarEntry e = occurrenceEntry(m, os, slot.index());
            if (overlaps(e, from, to, endAtFromCounts)) {
                out.add(e);
            }
        }
        if (m.overrides != null) {
            for (Map.Entry<Instant, OccurrenceOverride> o : m.overrides.entrySet()) {
                if (seen.contains(o.getKey()) || !o.getValue().isException() || m.isDeleted(o.getKey())) {
                    continue;
                }
                CalendarEntry e = occurrenceEntry(m, o.getKey());
                if (overlaps(e, from, to, endAtFromCounts)) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    private static boolean overlaps(CalendarEntry e, Instant from, Instant to, boolean endAtFromCounts) {
        if (e.start().equals(from) && e.end().equals(from)) {
            return true;
        }
        return e.start().isBefore(to) && (e.end().isAfter(from) || endAtFromCounts && e.end().equals(from));
    }

    static CalendarEntry entry(CalendarItem i) {
        CalendarItemKind kind = i.isMaster() ? CalendarItemKind.RecurringMaster : CalendarItemKind.Single;
        List<Instant> deleted = i.deleted == null ? List.of() : List.copyOf(i.deleted);
        List<Instant> modified = i.overrides == null ? List.of()
                : i.overrides.entrySet().stream().filter(e -> e.getValue().isException()).map(Map.Entry::getKey).toList();
        return new CalendarEntry(i.id, i.changeKey(), i.mailbox, i.uid, kind, i.subject, i.location, i.body, i.organizer,
                i.required, i.optional, i.resources, i.start, i.end, i.allDay, i.legacyFreeBusy, i.meeting, i.isOrganizer(),
                i.myResponse, appointmentState(i, false), i.cancelled, i.recurrence, null, null, null, i.created,
                i.lastModified, i.sequence, i.meetingRequestWasSent, i.tags, deleted, modified);
    }

    static CalendarEntry occurrenceEntry(CalendarItem m, Instant originalStart) {
        LocalDate date = originalStart.atZone(m.zone).toLocalDate();
        List<Recurrence.Slot> slots = m.recurrence.slots(date, date);
        return occurrenceEntry(m, originalStart, slots.isEmpty() ? null : slots.get(0).index());
    }

    static CalendarEntry occurrenceEntry(CalendarItem m, Instant originalStart, Integer index) {
        OccurrenceOverride o = m.existingOverride(originalStart);
        Instant start = o != null && o.start != null ? o.start : originalStart;
        Instant end = o != null && o.end != null ? o.end : originalStart.plus(m.duration());
        String subject = o != null && o.subject != null ? o.subject : m.subject;
        String location = o != null && o.location != null ? o.location : m.location;
        boolean cancelled = m.cancelled || (o != null && o.cancelled);
        List<Attendee> required = m.required;
        List<Attendee> optional = m.optional;
        List<Attendee> resources = m.resources;
        if (o != null && o.responses != null) {
            required = withResponses(required, o.responses);
            optional = withResponses(optional, o.responses);
            resources = withResponses(resources, o.responses);
        }
        CalendarItemKind kind = o != null && o.isException() ? CalendarItemKind.Exception : CalendarItemKind.Occurrence;
        return new CalendarEntry(ItemIds.occurrence(m.serial, m.mailbox, originalStart), m.changeKey(), m.mailbox, m.uid,
                kind, cancelled && !subject.startsWith("Canceled: ") ? "Canceled: " + subject : subject, location, m.body,
                m.organizer, required, optional, resources, start, end, m.allDay, cancelled ? "Free" : m.legacyFreeBusy,
                m.meeting, m.isOrganizer(), m.myResponse, appointmentState(m, cancelled), cancelled, m.recurrence, m.id,
                originalStart, index, m.created, m.lastModified, m.sequence, m.meetingRequestWasSent, m.tags, List.of(), List.of());
    }

    private static List<Attendee> withResponses(List<Attendee> list, Map<String, ResponseType> responses) {
        return list.stream().map(a -> {
            ResponseType r = responses.get(Directory.key(a.email()));
            return r == null ? a : a.withResponse(r, a.lastResponseTime());
        }).toList();
    }

    private static int appointmentState(CalendarItem i, boolean occurrenceCancelled) {
        if (!i.meeting) {
            return 0;
        }
        int state = 1;
        if (!i.isOrganizer()) {
            state |= 2;
        }
        if (i.cancelled || occurrenceCancelled) {
            state |= 4;
        }
        return state;
    }

    static final Comparator<CalendarEntry> BY_START = Comparator.comparing(CalendarEntry::start)
            .thenComparing(CalendarEntry::end).thenComparing(CalendarEntry::id);
}
