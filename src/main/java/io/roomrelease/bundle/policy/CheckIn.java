package io.roomrelease.bundle.policy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Someone showed up for a meeting: recorded by a room display or an ESB system (badge reader).
 *
 * @param room            SMTP address of the room
 * @param itemId          item id of the occurrence checked in to
 * @param occurrenceStart start of the occurrence checked in to
 * @param at              when the check-in happened
 * @param source          who reported it, e.g. {@code display} or {@code badge-reader-7}
 */
public record CheckIn(String room, String itemId, Instant occurrenceStart, Instant at, String source) {

    public CheckIn {
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(occurrenceStart, "occurrenceStart");
        Objects.requireNonNull(at, "at");
    }

    /**
     * Whether this check-in belongs to the given meeting (same room and same occurrence). Occurrence starts are
     * compared to the second, the resolution of EWS times: a check-in recorded with a finer start still counts.
     */
    public boolean isFor(Meeting meeting) {
        if (!room.equalsIgnoreCase(meeting.room())) {
            return false;
        }
        return meeting.itemId().equals(itemId)
                || meeting.start().truncatedTo(ChronoUnit.SECONDS).equals(occurrenceStart.truncatedTo(ChronoUnit.SECONDS));
    }
}
