package io.roomrelease.ews.simulator.ops;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.w3c.dom.Element;

import io.roomrelease.ews.simulator.model.Attendee;
import io.roomrelease.ews.simulator.model.CalendarEntry;
import io.roomrelease.ews.simulator.model.CalendarItemKind;
import io.roomrelease.ews.simulator.model.ExchangeStore;
import io.roomrelease.ews.simulator.model.ItemIds;
import io.roomrelease.ews.simulator.model.Recurrence;
import io.roomrelease.ews.simulator.soap.WindowsTimeZones;

/** Writes {@code <t:CalendarItem>} from a {@link CalendarEntry}, in the schema's element order, for a shape. */
final class CalendarItemWriter {
    private final ExchangeStore store;

    CalendarItemWriter(ExchangeStore store) {
        this.store = store;
    }

    /** Appends a CalendarItem element to {@code parent}. */
    void write(Element parent, CalendarEntry e, ItemShape shape) {
        Element ci = Xml.addT(parent, "CalendarItem");
        if (shape.has("ItemId")) {
            itemId(ci, "ItemId", e.id(), e.changeKey());
        }
        if (shape.has("ParentFolderId")) {
            Element f = Xml.addT(ci, "ParentFolderId");
            f.setAttribute("Id", ItemIds.calendarFolder(e.mailbox()));
            f.setAttribute("ChangeKey", "AgAAAA==");
        }
        opt(ci, shape, "ItemClass", "IPM.Appointment");
        opt(ci, shape, "Subject", e.subject());
        opt(ci, shape, "Sensitivity", "Normal");
        if (shape.has("Body")) {
            Element body = Xml.addT(ci, "Body", e.body() == null ? "" : e.body());
            body.setAttribute("BodyType", "Text");
        }
        opt(ci, shape, "DateTimeReceived", Xml.dateTime(e.created()));
        opt(ci, shape, "Size", 1024 + (e.subject().length() * 2));
        opt(ci, shape, "Importance", "Normal");
        opt(ci, shape, "DateTimeSent", Xml.dateTime(e.created()));
        opt(ci, shape, "DateTimeCreated", Xml.dateTime(e.created()));
        if (shape.has("ResponseObjects")) {
            responseObjects(Xml.addT(ci, "ResponseObjects"), e);
        }
        opt(ci, shape, "ReminderIsSet", !e.isOrganizer() ? "false" : "true");
        opt(ci, shape, "ReminderMinutesBeforeStart", 15);
        opt(ci, shape, "DisplayTo", e.requiredAttendees().stream().map(Attendee::name).collect(Collectors.joining("; ")));
        opt(ci, shape, "HasAttachments", false);
        if (shape.has("EffectiveRights")) {
            // what the caller may do with the item: the mailbox itself, or a delegate/impersonating account
            Element rights = Xml.addT(ci, "EffectiveRights");
            for (String right : List.of("CreateAssociated", "CreateContents", "CreateHierarchy")) {
                Xml.addT(rights, right, false);
            }
            for (String right : List.of("Delete", "Modify", "Read", "ViewPrivateItems")) {
                Xml.addT(rights, right, true);
            }
        }
        opt(ci, shape, "LastModifiedName", store.displayName(e.organizer() != null ? e.organizer().email() : e.mailbox()));
        opt(ci, shape, "LastModifiedTime", Xml.dateTime(e.lastModified() != null ? e.lastModified() : e.created()));
        opt(ci, shape, "UID", e.uid());
        if (e.isOccurrence() && shape.has("RecurrenceId")) {
            Xml.addT(ci, "RecurrenceId", Xml.dateTime(e.originalStart()));
        }
        opt(ci, shape, "Start", Xml.dateTime(e.start()));
        opt(ci, shape, "End", Xml.dateTime(e.end()));
        if (e.isOccurrence()) {
            opt(ci, shape, "OriginalStart", Xml.dateTime(e.originalStart()));
        }
        opt(ci, shape, "IsAllDayEvent", e.allDay());
        opt(ci, shape, "LegacyFreeBusyStatus", e.legacyFreeBusy());
        opt(ci, shape, "Location", e.location() == null ? "" : e.location());
        opt(ci, shape, "IsMeeting", e.meeting());
        opt(ci, shape, "IsCancelled", e.cancelled());
        opt(ci, shape, "IsRecurring", e.isOccurrence());
        opt(ci, shape, "MeetingRequestWasSent", e.meetingRequestWasSent());
        opt(ci, shape, "IsResponseRequested", e.meeting());
        opt(ci, shape, "CalendarItemType", e.type().name());
        opt(ci, shape, "MyResponseType", e.myResponse().name());
        if (shape.has("Organizer") && e.organizer() != null) {
            mailbox(Xml.addT(ci, "Organizer"), e.organizer());
        }
        attendees(ci, shape, "RequiredAttendees", e.requiredAttendees());
        attendees(ci, shape, "OptionalAttendees", e.optionalAttendees());
        attendees(ci, shape, "Resources", e.resources());
        opt(ci, shape, "Duration", java.time.Duration.between(e.start(), e.end()).toString());
        opt(ci, shape, "AppointmentSequenceNumber", e.sequenceNumber());
        opt(ci, shape, "AppointmentState", e.appointmentState());
        if (e.type() == CalendarItemKind.RecurringMaster) {
            if (shape.has("Recurrence")) {
                recurrence(Xml.addT(ci, "Recurrence"), e.recurrence());
            }
            if (shape.has("FirstOccurrence")) {
                occurrenceInfo(ci, "FirstOccurrence", e, true);
            }
            if (shape.has("LastOccurrence") && (e.recurrence().numberOfOccurrences() != null || e.recurrence().endDate() != null)) {
                occurrenceInfo(ci, "LastOccurrence", e, false);
            }
            if (shape.has("ModifiedOccurrences") && !e.modifiedOccurrences().isEmpty()) {
                Element mods = Xml.addT(ci, "ModifiedOccurrences");
                for (Instant os : e.modifiedOccurrences()) {
                    store.item(idOfOccurrence(e, os)).ifPresent(occ -> {
                        Element o = Xml.addT(mods, "Occurrence");
                        itemId(o, "ItemId", occ.id(), occ.changeKey());
                        Xml.addT(o, "Start", Xml.dateTime(occ.start()));
                        Xml.addT(o, "End", Xml.dateTime(occ.end()));
                        Xml.addT(o, "OriginalStart", Xml.dateTime(os));
                    });
                }
                if (!mods.hasChildNodes()) {
                    ci.removeChild(mods);
                }
            }
            if (shape.has("DeletedOccurrences") && !e.deletedOccurrences().isEmpty()) {
                Element del = Xml.addT(ci, "DeletedOccurrences");
                for (Instant os : e.deletedOccurrences()) {
                    Xml.addT(Xml.addT(del, "DeletedOccurrence"), "Start", Xml.dateTime(os));
                }
            }
        }
        ZoneId zone = store.scenario().timeZone();
        for (String tz : List.of("StartTimeZone", "EndTimeZone")) {
            if (shape.has(tz)) {
                GetServerTimeZonesOperation.definition(ci, tz, WindowsTimeZones.windowsId(zone), zone, e.start(), true);
            }
        }
        opt(ci, shape, "IsOrganizer", e.isOrganizer());
    }

    /**
     * The response objects Exchange offers on the item: an attendee answers, replies or forwards; the organizer
     * cancels, replies or forwards; an appointment without attendees is only forwarded.
     */
    private static void responseObjects(Element ro, CalendarEntry e) {
        if (e.meeting() && !e.isOrganizer() && !e.cancelled()) {
            for (String r : List.of("AcceptItem", "TentativelyAcceptItem", "DeclineItem", "ReplyToItem", "ReplyAllToItem")) {
                Xml.addT(ro, r);
            }
        } else if (e.meeting() && e.isOrganizer()) {
            for (String r : List.of("CancelCalendarItem", "ReplyToItem", "ReplyAllToItem")) {
                Xml.addT(ro, r);
            }
        }
        Xml.addT(ro, "ForwardItem");
    }

    /** FirstOccurrence (or LastOccurrence, for a series that ends) of a master: the first (last) one not deleted. */
    private void occurrenceInfo(Element ci, String name, CalendarEntry master, boolean first) {
        ZoneId zone = store.scenario().timeZone();
        java.time.LocalTime at = master.start().atZone(zone).toLocalTime();
        Recurrence r = master.recurrence();
        LocalDate from = r.startDate();
        LocalDate to = r.endDate() != null ? r.endDate() : from.plusYears(5);
        List<Recurrence.Slot> slots = r.slots(from, to);
        for (int i = 0; i < slots.size(); i++) {
            Recurrence.Slot slot = slots.get(first ? i : slots.size() - 1 - i);
            Instant originalStart = slot.date().atTime(at).atZone(zone).toInstant();
            java.util.Optional<CalendarEntry> occ = store.item(ItemIds.occurrenceOf(master.id(), originalStart));
            if (occ.isPresent()) {
                Element o = Xml.addT(ci, name);
                itemId(o, "ItemId", occ.get().id(), occ.get().changeKey());
                Xml.addT(o, "Start", Xml.dateTime(occ.get().start()));
                Xml.addT(o, "End", Xml.dateTime(occ.get().end()));
                Xml.addT(o, "OriginalStart", Xml.dateTime(originalStart));
                return;
            }
        }
    }

    private static String idOfOccurrence(CalendarEntry master, Instant originalStart) {
        return ItemIds.occurrenceOf(master.id(), originalStart);
    }

    static void itemId(Element parent, String name, String id, String changeKey) {
        Element e = Xml.addT(parent, name);
        e.setAttribute("Id", id);
        e.setAttribute("ChangeKey", changeKey);
    }

    private void attendees(Element ci, ItemShape shape, String name, List<Attendee> list) {
        if (!shape.has(name) || list.isEmpty()) {
            return;
        }
        Element array = Xml.addT(ci, name);
        for (Attendee a : list) {
            Element at = Xml.addT(array, "Attendee");
            mailbox(at, a);
            Xml.addT(at, "ResponseType", a.response().name());
            if (a.lastResponseTime() != null) {
                Xml.addT(at, "LastResponseTime", Xml.dateTime(a.lastResponseTime()));
            }
        }
    }

    void mailbox(Element parent, Attendee a) {
        Element mb = Xml.addT(parent, "Mailbox");
        Xml.addT(mb, "Name", a.name());
        Xml.addT(mb, "EmailAddress", a.email());
        Xml.addT(mb, "RoutingType", "SMTP");
        Xml.addT(mb, "MailboxType", store.mailboxExists(a.email()) ? "Mailbox" : "OneOff");
    }

    static void recurrence(Element rec, Recurrence r) {
        if (r.kind() == Recurrence.Kind.DAILY) {
            Xml.addT(Xml.addT(rec, "DailyRecurrence"), "Interval", r.interval());
        } else {
            Element w = Xml.addT(rec, "WeeklyRecurrence");
            Xml.addT(w, "Interval", r.interval());
            Xml.addT(w, "DaysOfWeek", r.daysOfWeek().stream().sorted().map(CalendarItemWriter::dayName)
                    .collect(Collectors.joining(" ")));
            Xml.addT(w, "FirstDayOfWeek", dayName(r.firstDayOfWeek()));
        }
        Element range;
        if (r.numberOfOccurrences() != null) {
            range = Xml.addT(rec, "NumberedRecurrence");
            Xml.addT(range, "StartDate", date(r.startDate()));
            Xml.addT(range, "NumberOfOccurrences", r.numberOfOccurrences());
        } else if (r.endDate() != null) {
            range = Xml.addT(rec, "EndDateRecurrence");
            Xml.addT(range, "StartDate", date(r.startDate()));
            Xml.addT(range, "EndDate", date(r.endDate()));
        } else {
            range = Xml.addT(rec, "NoEndRecurrence");
            Xml.addT(range, "StartDate", date(r.startDate()));
        }
    }

    static String dayName(DayOfWeek d) {
        String n = d.name().toLowerCase(Locale.ROOT);
        return Character.toUpperCase(n.charAt(0)) + n.substring(1);
    }

    private static String date(LocalDate d) {
        return d.toString();
    }

    private static void opt(Element ci, ItemShape shape, String name, Object value) {
        if (shape.has(name) && value != null) {
            Xml.addT(ci, name, value);
        }
    }
}
