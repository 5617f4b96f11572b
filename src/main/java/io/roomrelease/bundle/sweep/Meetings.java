package io.roomrelease.bundle.sweep;

import java.util.List;
import java.util.Objects;

import io.roomrelease.bundle.policy.Meeting;
import io.roomrelease.camel.ews.model.EwsEvent;
import io.roomrelease.camel.ews.model.OccurrenceType;

/** Turns the component's {@link EwsEvent}s into the policy's {@link Meeting}s. */
public final class Meetings {

    private Meetings() {
    }

    /** The meetings of a room's calendar view; series masters and items without times are left out. */
    public static List<Meeting> of(String room, List<EwsEvent> events) {
        if (events == null) {
            return List.of();
        }
        return events.stream()
                .filter(Objects::nonNull)
                .filter(e -> e.getOccurrence() != OccurrenceType.RecurringMaster)
                .filter(e -> e.getStart() != null && e.getEnd() != null)
                .map(e -> of(room, e))
                .toList();
    }

    /** One meeting; {@code room} is used when the event does not name its mailbox. */
    public static Meeting of(String room, EwsEvent e) {
        String seriesKey = e.getSeriesMasterId() != null ? e.getSeriesMasterId()
                : e.isRecurring() || e.getOccurrence() == OccurrenceType.Occurrence
                        || e.getOccurrence() == OccurrenceType.Exception ? e.getICalUid() : null;
        return new Meeting(
                e.getMailbox() != null ? e.getMailbox() : room,
                e.getItemId(),
                e.getChangeKey(),
                seriesKey,
                e.getOrganizer(),
                e.getStart(),
                e.getEnd(),
                e.isAllDay(),
                e.getCreated(),
                e.isRoomIsOrganizer(),
                "Decline".equalsIgnoreCase(e.getRoomResponse()),
                e.isCancelled(),
                e.getSubject());
    }
}
