package io.roomrelease.bundle.checkin;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.apache.camel.Body;
import org.apache.camel.Header;

import io.roomrelease.bundle.display.InvalidRequestException;
import io.roomrelease.bundle.display.NotFoundException;
import io.roomrelease.bundle.policy.AbandonedMeetingPolicy;
import io.roomrelease.bundle.policy.CheckIn;
import io.roomrelease.bundle.policy.Meeting;
import io.roomrelease.bundle.settings.RoomReleaseSettings;
import io.roomrelease.bundle.store.CheckInStore;
import io.roomrelease.bundle.store.SeriesOutcomeStore;
import io.roomrelease.bundle.sweep.Meetings;
import io.roomrelease.camel.ews.model.EwsEvent;

/**
 * Records check-ins from room displays and the ESB: it finds the meeting whose check-in window (15 minutes before to
 * 15 minutes after its start, by default) holds the check-in time, and stores the check-in.
 */
public final class CheckInService {

    private final RoomReleaseSettings settings;
    private final AbandonedMeetingPolicy policy;
    private final CheckInStore store;
    private final SeriesOutcomeStore seriesOutcomes;
    private final Clock clock;

    public CheckInService(RoomReleaseSettings settings, CheckInStore store, SeriesOutcomeStore seriesOutcomes,
                          Clock clock) {
        this.settings = settings;
        this.policy = settings.abandonedMeetingPolicy();
        this.store = store;
        this.seriesOutcomes = seriesOutcomes;
        this.clock = clock;
    }

    /** Validates an ESB check-in message; returns the room, lower case. */
    public String validate(@Body CheckInMessage message) {
        if (message == null || message.room() == null || !message.room().contains("@")) {
            throw new InvalidRequestException("room", "The check-in message needs \"room\": the room's SMTP address");
        }
        if (message.at() != null && !message.at().isBlank()) {
            at(message.at());
        }
        return message.room().trim().toLowerCase(Locale.ROOT);
    }

    /** When the check-in happened: the given ISO-8601 time, or now. */
    public Instant at(@Header("checkInAt") String at) {
        if (at == null || at.isBlank()) {
            return clock.instant();
        }
        try {
            return Instant.parse(at.trim());
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("at", "\"at\" must be an ISO-8601 UTC time such as 2026-03-02T09:03:00Z");
        }
    }

    /** Start of the calendar window that may hold the meeting to check in to. */
    public Instant windowStart(@Header("checkInAt") String at) {
        return at(at).minus(settings.policy().checkInClosesAfter()).minusSeconds(1);
    }

    /** End of that window. */
    public Instant windowEnd(@Header("checkInAt") String at) {
        return at(at).plus(settings.policy().checkInOpensBefore()).plusSeconds(1);
    }

    /**
     * Checks in to the room's meeting whose check-in window holds the check-in time.
     *
     * @throws NotFoundException when no meeting is in progress or about to start
     */
    public CheckInResult checkIn(@Header("CamelEwsMailbox") String room, @Body List<EwsEvent> events,
                                 @Header("checkInSource") String source, @Header("checkInAt") String atText) {
        Instant at = at(atText);
        Optional<Meeting> meeting = Meetings.of(room, events).stream()
                .filter(m -> !m.roomDeclined() && !m.cancelled())
                .filter(m -> policy.isWithinCheckInWindow(m, at))
                .min(Comparator.comparing((Meeting m) -> Math.abs(m.start().getEpochSecond() - at.getEpochSecond())));
        if (meeting.isEmpty()) {
            throw new NotFoundException("No meeting in " + room + " can be checked in to now: check-in is open from "
                    + settings.policy().checkInOpensBefore().toMinutes() + " minutes before a meeting starts to "
                    + settings.policy().checkInClosesAfter().toMinutes() + " minutes after");
        }
        Meeting m = meeting.get();
        String src = source == null || source.isBlank() ? "unknown" : source;
        store.record(new CheckIn(room, m.itemId(), m.start(), at, src), m.seriesKey());
        if (m.recurring()) {
            seriesOutcomes.record(room, m.seriesKey(), m.itemId(), m.start(), true, m.organizer());
        }
        return new CheckInResult(room, m.itemId(), m.start(), m.end(), m.organizer(), at, src);
    }
}
