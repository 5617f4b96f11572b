package io.roomrelease.ews.simulator.model;

import java.time.Instant;
import java.util.List;

/**
 * The fields an UpdateItem sets; null means unchanged.
 *
 * @param subject        item:Subject
 * @param location       calendar:Location
 * @param body           item:Body
 * @param start          calendar:Start
 * @param end            calendar:End
 * @param allDay         calendar:IsAllDayEvent
 * @param legacyFreeBusy calendar:LegacyFreeBusyStatus
 * @param required       calendar:RequiredAttendees, the addresses of the whole new list
 * @param optional       calendar:OptionalAttendees, likewise
 * @param resources      calendar:Resources, likewise
 */
public record ItemChanges(String subject, String location, String body, Instant start, Instant end, Boolean allDay,
        String legacyFreeBusy, List<String> required, List<String> optional, List<String> resources) {

    /** The fields without attendee changes. */
    public ItemChanges(String subject, String location, String body, Instant start, Instant end, Boolean allDay,
            String legacyFreeBusy) {
        this(subject, location, body, start, end, allDay, legacyFreeBusy, null, null, null);
    }

    /** No change. */
    public static ItemChanges none() {
        return new ItemChanges(null, null, null, null, null, null, null);
    }

    public ItemChanges withSubject(String v) {
        return new ItemChanges(v, location, body, start, end, allDay, legacyFreeBusy, required, optional, resources);
    }

    public ItemChanges withLocation(String v) {
        return new ItemChanges(subject, v, body, start, end, allDay, legacyFreeBusy, required, optional, resources);
    }

    public ItemChanges withBody(String v) {
        return new ItemChanges(subject, location, v, start, end, allDay, legacyFreeBusy, required, optional, resources);
    }

    public ItemChanges withStart(Instant v) {
        return new ItemChanges(subject, location, body, v, end, allDay, legacyFreeBusy, required, optional, resources);
    }

    public ItemChanges withEnd(Instant v) {
        return new ItemChanges(subject, location, body, start, v, allDay, legacyFreeBusy, required, optional, resources);
    }

    public ItemChanges withAllDay(Boolean v) {
        return new ItemChanges(subject, location, body, start, end, v, legacyFreeBusy, required, optional, resources);
    }

    public ItemChanges withLegacyFreeBusy(String v) {
        return new ItemChanges(subject, location, body, start, end, allDay, v, required, optional, resources);
    }

    public ItemChanges withRequired(List<String> v) {
        return new ItemChanges(subject, location, body, start, end, allDay, legacyFreeBusy, List.copyOf(v), optional, resources);
    }

    public ItemChanges withOptional(List<String> v) {
        return new ItemChanges(subject, location, body, start, end, allDay, legacyFreeBusy, required, List.copyOf(v), resources);
    }

    public ItemChanges withResources(List<String> v) {
        return new ItemChanges(subject, location, body, start, end, allDay, legacyFreeBusy, required, optional, List.copyOf(v));
    }

    /** Whether the meeting's time changes. */
    public boolean changesTime() {
        return start != null || end != null || allDay != null;
    }

    /** Whether an attendee list changes. */
    public boolean changesAttendees() {
        return required != null || optional != null || resources != null;
    }
}
