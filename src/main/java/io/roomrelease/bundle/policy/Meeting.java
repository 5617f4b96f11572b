package io.roomrelease.bundle.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The bundle's view of one meeting (one occurrence) in a room's calendar: what the policies need, nothing
 * more. It is built from the component's {@code EwsEvent} by {@code io.roomrelease.bundle.sweep.Meetings}, so the
 * rules here do not depend on EWS types.
 *
 * @param room            SMTP address of the room mailbox whose calendar holds the meeting
 * @param itemId          EWS item id of the room's copy (an occurrence id for recurring meetings)
 * @param changeKey       EWS change key of the room's copy (may be null)
 * @param seriesKey       stable key of the series (series master id, or the iCalendar UID) for recurring
 *                        meetings, otherwise null
 * @param organizer       SMTP address of the organizer (may be null when EWS did not return it)
 * @param start           start of this occurrence
 * @param end             end of this occurrence
 * @param allDay          whether Exchange marks the meeting as all-day
 * @param created         when the booking was made (may be null when unknown)
 * @param roomIsOrganizer whether the room itself organizes the meeting (booked on a display)
 * @param roomDeclined    whether the room has already declined the meeting
 * @param cancelled       whether the organizer has cancelled the meeting
 * @param subject         subject, only kept for in-memory wording; never stored unless configured
 */
public record Meeting(
        String room,
        String itemId,
        String changeKey,
        String seriesKey,
        String organizer,
        Instant start,
        Instant end,
        boolean allDay,
        Instant created,
        boolean roomIsOrganizer,
        boolean roomDeclined,
        boolean cancelled,
        String subject) {

    public Meeting {
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(itemId, "itemId");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
    }

    /** Length of the meeting. */
    public Duration duration() {
        return Duration.between(start, end);
    }

    /** Whether the meeting belongs to a recurring series. */
    public boolean recurring() {
        return seriesKey != null && !seriesKey.isBlank();
    }

    /** Whether the meeting has started and not yet ended at {@code now}. */
    public boolean inProgressAt(Instant now) {
        return !now.isBefore(start) && now.isBefore(end);
    }

    /** The idempotency key of this occurrence: item id plus occurrence start. */
    public String occurrenceKey() {
        return itemId + "|" + start;
    }
}
