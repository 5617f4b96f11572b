package io.roomrelease.ews.simulator.ops;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.w3c.dom.Element;

import io.roomrelease.ews.simulator.model.Attendee;
import io.roomrelease.ews.simulator.model.ExchangeStore;
import io.roomrelease.ews.simulator.model.NewItem;
import io.roomrelease.ews.simulator.model.Recurrence;
import io.roomrelease.ews.simulator.model.ResponseType;
import io.roomrelease.ews.simulator.model.StoreException;

/** Reads a {@code <t:CalendarItem>} of a CreateItem request into a {@link NewItem}. */
final class CalendarItemReader {
    private final ExchangeStore store;

    CalendarItemReader(ExchangeStore store) {
        this.store = store;
    }

    NewItem read(Element ci, ZoneId zone) {
        String subject = Xml.t(ci, "Subject").map(Xml::text).orElse("");
        String body = Xml.t(ci, "Body").map(Xml::text).orElse(null);
        Instant parsedStart = Xml.t(ci, "Start").map(e -> Xml.parseDateTime(Xml.text(e), zone, "Start"))
                .orElseThrow(() -> new StoreException("ErrorRequiredPropertyMissing", "A calendar item needs a Start."));
        Instant parsedEnd = Xml.t(ci, "End").map(e -> Xml.parseDateTime(Xml.text(e), zone, "End"))
                .orElseThrow(() -> new StoreException("ErrorRequiredPropertyMissing", "A calendar item needs an End."));
        boolean allDay = Xml.t(ci, "IsAllDayEvent").map(e -> Xml.bool(Xml.text(e), "IsAllDayEvent")).orElse(false);
        // Exchange moves the times of an all-day event to midnight in the request's time zone: the start to the
        // midnight before it, the end to the midnight after it ("Create all-day events by using EWS in Exchange").
        Instant start = allDay ? startOfDay(parsedStart, zone) : parsedStart;
        Instant end = allDay ? endOfDay(parsedEnd, zone) : parsedEnd;
        String freeBusy = Xml.t(ci, "LegacyFreeBusyStatus").map(Xml::text).orElse(null);
        String location = Xml.t(ci, "Location").map(Xml::text).orElse(null);
        Recurrence recurrence = Xml.t(ci, "Recurrence").map(r -> recurrence(r, start, zone)).orElse(null);
        return new NewItem(subject, location, body, start, end, allDay, recurrence, attendees(ci, "RequiredAttendees"),
                attendees(ci, "OptionalAttendees"), attendees(ci, "Resources"), freeBusy, List.of());
    }

    private static Instant startOfDay(Instant t, ZoneId zone) {
        return t.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
    }

    private static Instant endOfDay(Instant t, ZoneId zone) {
        Instant midnight = startOfDay(t, zone);
        return midnight.equals(t) ? t : t.atZone(zone).toLocalDate().plusDays(1).atStartOfDay(zone).toInstant();
    }

    private List<Attendee> attendees(Element ci, String name) {
        Optional<Element> array = Xml.t(ci, name);
        if (array.isEmpty()) {
            return List.of();
        }
        List<Attendee> out = new ArrayList<>();
        for (Element a : Xml.children(array.get(), "Attendee")) {
            Element mb = Xml.t(a, "Mailbox").orElseThrow(() -> Xml.schemaError("Attendee has no Mailbox"));
            String email = Xml.t(mb, "EmailAddress").map(Xml::text)
                    .orElseThrow(() -> new StoreException("ErrorInvalidRecipients", "An attendee has no EmailAddress."));
            String given = Xml.t(mb, "Name").map(Xml::text).orElse(null);
            String address = store.canonicalAddress(email);
            out.add(new Attendee(address, given != null && !given.isEmpty() ? given : store.displayName(email),
                    ResponseType.Unknown, null));
        }
        return out;
    }

    static Recurrence recurrence(Element r, Instant start, ZoneId zone) {
        Element pattern = Xml.children(r).isEmpty() ? null : Xml.children(r).get(0);
        Element range = Xml.children(r).size() < 2 ? null : Xml.children(r).get(1);
        if (pattern == null || range == null) {
            throw Xml.schemaError("Recurrence needs a pattern and a range");
        }
        int interval = Xml.t(pattern, "Interval").map(e -> Integer.parseInt(Xml.text(e))).orElse(1);
        LocalDate startDate = Xml.t(range, "StartDate").map(e -> date(Xml.text(e)))
                .orElse(start.atZone(zone).toLocalDate());
        Recurrence base;
        switch (pattern.getLocalName()) {
            case "DailyRecurrence" -> base = Recurrence.daily(interval, startDate);
            case "WeeklyRecurrence" -> {
                Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
                for (String d : Xml.t(pattern, "DaysOfWeek").map(Xml::text).orElse("").split("\\s+")) {
                    if (!d.isEmpty()) {
                        days.add(DayOfWeek.valueOf(d.toUpperCase(Locale.ROOT)));
                    }
                }
                DayOfWeek first = Xml.t(pattern, "FirstDayOfWeek").map(e -> DayOfWeek.valueOf(Xml.text(e).toUpperCase(Locale.ROOT)))
                        .orElse(null);
                if (days.isEmpty()) {
                    throw new StoreException("ErrorCalendarInvalidRecurrence", "A weekly recurrence needs DaysOfWeek.");
                }
                base = new Recurrence(Recurrence.Kind.WEEKLY, interval, days, first, startDate, null, null);
            }
            default -> throw new StoreException("ErrorUnsupportedRecurrence", "The simulator supports DailyRecurrence and "
                    + "WeeklyRecurrence, not " + pattern.getLocalName() + ".");
        }
        try {
            return switch (range.getLocalName()) {
                case "NoEndRecurrence" -> base;
                case "EndDateRecurrence" -> base.withEndDate(Xml.t(range, "EndDate").map(e -> date(Xml.text(e)))
                        .orElseThrow(() -> Xml.schemaError("EndDateRecurrence needs EndDate")));
                case "NumberedRecurrence" -> base.withOccurrences(Xml.t(range, "NumberOfOccurrences")
                        .map(e -> Integer.parseInt(Xml.text(e))).orElseThrow(() -> Xml.schemaError("NumberedRecurrence needs NumberOfOccurrences")));
                default -> throw Xml.schemaError("unknown recurrence range " + range.getLocalName());
            };
        } catch (IllegalArgumentException e) {
            throw new StoreException("ErrorCalendarInvalidRecurrence", e.getMessage());
        }
    }

    /** xs:date, possibly with a zone suffix (2026-03-02Z, 2026-03-02-08:00). */
    private static LocalDate date(String value) {
        return LocalDate.parse(value.length() > 10 ? value.substring(0, 10) : value);
    }
}
