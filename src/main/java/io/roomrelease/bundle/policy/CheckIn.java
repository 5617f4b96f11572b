package io.roomrelease.bundle.policy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Someone showed up in a room: recorded by a room display or an ESB system (badge reader).
 *
 * <p>A check-in is stored <em>as received</em> (room, time, source), with no meeting: {@link CheckInMatcher} matches it
 * to the meeting whose check-in window holds its time when the sweep decides. Check-ins recorded by earlier versions
 * name the occurrence they were matched to ({@code itemId}, {@code occurrenceStart}); a matched check-in (from either
 * origin) counts for that occurrence only.
 *
 * @param room            SMTP address of the room
 * @param itemId          item id of the occurrence checked in to; null while the check-in is not matched
 * @param occurrenceStart start of the occurrence checked in to; null while the check-in is not matched
 * @param at              when the check-in happened
 * @param source          who reported it, e.g. {@code display} or {@code badge-reader-7}
 */
public record CheckIn(String room, String itemId, Instant occurrenceStart, Instant at, String source) {

    public CheckIn {
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(at, "at");
    }

    /** A check-in as received: the room, when, and who reported it; not matched to a meeting yet. */
    public static CheckIn received(String room, Instant at, String source) {
        return new CheckIn(room, null, null, at, source);
    }

    /** Whether this check-in names the occurrence it counts for. */
    public boolean isMatched() {
        return occurrenceStart != null;
    }

    /** This check-in, matched to the given meeting. */
    public CheckIn matchedTo(Meeting meeting) {
        return new CheckIn(room, meeting.itemId(), meeting.start(), at, source);
    }

    /**
     * Whether this matched check-in belongs to the given meeting (same room and same occurrence). Occurrence starts
     * are compared to the second, the resolution of EWS times: a check-in recorded with a finer start still counts.
     * A check-in that is not matched yet belongs to no meeting: match it with {@link CheckInMatcher} first.
     */
    public boolean isFor(Meeting meeting) {
        if (!isMatched() || !room.equalsIgnoreCase(meeting.room())) {
            return false;
        }
        return meeting.itemId().equals(itemId)
                || meeting.start().truncatedTo(ChronoUnit.SECONDS).equals(occurrenceStart.truncatedTo(ChronoUnit.SECONDS));
    }
}
