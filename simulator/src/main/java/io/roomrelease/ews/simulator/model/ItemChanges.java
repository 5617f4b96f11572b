package io.roomrelease.ews.simulator.model;

import java.time.Instant;

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
 */
public record ItemChanges(String subject, String location, String body, Instant start, Instant end, Boolean allDay,
        String legacyFreeBusy) {

    /** No change. */
    public static ItemChanges none() {
        return new ItemChanges(null, null, null, null, null, null, null);
    }

    public ItemChanges withSubject(String v) {
        return new ItemChanges(v, location, body, start, end, allDay, legacyFreeBusy);
    }

    public ItemChanges withLocation(String v) {
        return new ItemChanges(subject, v, body, start, end, allDay, legacyFreeBusy);
    }

    public ItemChanges withBody(String v) {
        return new ItemChanges(subject, location, v, start, end, allDay, legacyFreeBusy);
    }

    public ItemChanges withStart(Instant v) {
        return new ItemChanges(subject, location, body, v, end, allDay, legacyFreeBusy);
    }

    public ItemChanges withEnd(Instant v) {
        return new ItemChanges(subject, location, body, start, v, allDay, legacyFreeBusy);
    }

    public ItemChanges withAllDay(Boolean v) {
        return new ItemChanges(subject, location, body, start, end, v, legacyFreeBusy);
    }

    public ItemChanges withLegacyFreeBusy(String v) {
        return new ItemChanges(subject, location, body, start, end, allDay, v);
    }

    /** Whether the meeting's time changes. */
    public boolean changesTime() {
        return start != null || end != null || allDay != null;
    }
}
