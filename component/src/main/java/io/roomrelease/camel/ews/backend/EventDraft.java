package io.roomrelease.camel.ews.backend;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A meeting to book in a room's calendar.
 *
 * @param subject   subject
 * @param start     start (UTC)
 * @param end       end (UTC), after start
 * @param attendees SMTP addresses invited as required attendees (may be empty)
 * @param body      text body (may be null)
 */
public record EventDraft(String subject, Instant start, Instant end, List<String> attendees, String body) {

    public EventDraft {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("The meeting end " + end + " must be after its start " + start);
        }
        attendees = attendees == null ? List.of() : List.copyOf(attendees);
    }
}
