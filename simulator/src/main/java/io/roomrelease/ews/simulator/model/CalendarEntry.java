package io.roomrelease.ews.simulator.model;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A snapshot of one calendar item, occurrence or series master in one mailbox, as the store saw it
 * when asked. Operation handlers write EWS XML from it; tests read it.
 *
 * @param id                  EWS item id (for occurrences: an occurrence id GetItem resolves)
 * @param changeKey           current ChangeKey
 * @param mailbox             owning mailbox
 * @param uid                 meeting UID shared by the organizer's item and the attendees' copies
 * @param type                Single, Occurrence, Exception or RecurringMaster
 * @param subject             subject
 * @param location            location
 * @param body                body text
 * @param organizer           organizer
 * @param requiredAttendees   required attendees with their responses (as this item knows them)
 * @param optionalAttendees   optional attendees
 * @param resources           resources (rooms)
 * @param start               start
 * @param end                 end
 * @param allDay              all-day event
 * @param legacyFreeBusy      Free, Tentative, Busy, OOF or NoData
 * @param meeting             has attendees (IsMeeting)
 * @param isOrganizer         the owning mailbox is the organizer
 * @param myResponse          the owner's response (Organizer for the organizer)
 * @param appointmentState    1 meeting, 2 received… (EWS AppointmentState bit set)
 * @param cancelled           cancelled by the organizer
 * @param recurrence          the series pattern (masters and their occurrences), or null
 * @param masterId            the series master's id for occurrences and exceptions, or null
 * @param originalStart       the occurrence's start in the pattern, for occurrences and exceptions
 * @param instanceIndex       the occurrence's 1-based index in the series, or null
 * @param created             DateTimeCreated
 * @param lastModified        LastModifiedTime
 * @param sequenceNumber      AppointmentSequenceNumber
 * @param meetingRequestWasSent whether invitations were sent
 * @param tags                free-form scenario labels (e.g. {@code checked-in})
 * @param deletedOccurrences  masters: original starts of deleted occurrences
 * @param modifiedOccurrences masters: original starts of exceptions
 */
public record CalendarEntry(String id, String changeKey, String mailbox, String uid, CalendarItemKind type,
        String subject, String location, String body, Attendee organizer, List<Attendee> requiredAttendees,
        List<Attendee> optionalAttendees, List<Attendee> resources, Instant start, Instant end, boolean allDay,
        String legacyFreeBusy, boolean meeting, boolean isOrganizer, ResponseType myResponse, int appointmentState,
        boolean cancelled, Recurrence recurrence, String masterId, Instant originalStart, Integer instanceIndex,
        Instant created, Instant lastModified, int sequenceNumber, boolean meetingRequestWasSent, List<String> tags,
        List<Instant> deletedOccurrences, List<Instant> modifiedOccurrences) {

    public CalendarEntry {
        requiredAttendees = List.copyOf(requiredAttendees);
        optionalAttendees = List.copyOf(optionalAttendees);
        resources = List.copyOf(resources);
        tags = List.copyOf(tags);
        deletedOccurrences = List.copyOf(deletedOccurrences);
        modifiedOccurrences = List.copyOf(modifiedOccurrences);
    }

    /** Every attendee: required, optional and resources. */
    public List<Attendee> attendees() {
        List<Attendee> all = new ArrayList<>(requiredAttendees);
        all.addAll(optionalAttendees);
        all.addAll(resources);
        return all;
    }

    /** The response this item records for an attendee (case-insensitive address). */
    public Optional<ResponseType> responseOf(String email) {
        return attendees().stream().filter(a -> a.email().equalsIgnoreCase(email)).map(Attendee::response).findFirst();
    }

    /** Whether this is one occurrence (or exception) of a series. */
    public boolean isOccurrence() {
        return type == CalendarItemKind.Occurrence || type == CalendarItemKind.Exception;
    }

    /** Whether the item is part of a recurring series. */
    public boolean isRecurring() {
        return type != CalendarItemKind.Single;
    }

    public Duration duration() {
        return Duration.between(start, end);
    }

    public boolean hasTag(String tag) {
        return tags.contains(tag);
    }
}
