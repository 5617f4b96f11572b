package io.roomrelease.bundle.checkin;

import java.time.Instant;

/** The answer to a check-in: which meeting it counted for. */
public record CheckInResult(String room, String itemId, Instant meetingStart, Instant meetingEnd, String organizer,
                            Instant checkedInAt, String source) {
}
