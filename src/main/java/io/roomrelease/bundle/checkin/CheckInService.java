package io.roomrelease.bundle.checkin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.roomrelease.bundle.display.NotFoundException;
import io.roomrelease.bundle.metrics.RoomReleaseMetrics;
import io.roomrelease.bundle.policy.AbandonedMeetingPolicy;
import io.roomrelease.bundle.policy.CheckIn;
import io.roomrelease.bundle.policy.CheckInMatcher;
import io.roomrelease.bundle.policy.Meeting;
import io.roomrelease.bundle.policy.RoomPolicy;
import io.roomrelease.bundle.roompolicy.RoomPolicies;
import io.roomrelease.bundle.roompolicy.RoomsFile;
import io.roomrelease.bundle.settings.RoomReleaseSettings;
import io.roomrelease.bundle.store.CheckInStore;
import io.roomrelease.bundle.sweep.Meetings;
import io.roomrelease.camel.ews.EwsThrottledException;
import io.roomrelease.camel.ews.model.EwsEvent;

/**
 * Check-ins from room displays and the ESB. A check-in is stored as received (room, time, source) before anything
 * talks to Exchange; the sweep matches it to the meeting whose check-in window holds its time. The display also asks
 * Exchange which meeting that is, to show it; when Exchange cannot answer, the stored check-in still counts.
 */
public final class CheckInService {

    /** Header with the reason a message was dead-lettered. */
    public static final String DEAD_LETTER_REASON = "roomreleaseDeadLetterReason";
    /** How far in the future an ESB check-in time may lie (clock skew of the sender). */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final int MAX_ADDRESS = 320;

    private final RoomReleaseSettings settings;
    private volatile CheckInMatcher matcher;
    private volatile RoomPolicies rooms;
    private final CheckInStore store;
    private final ObjectMapper json;
    private final Clock clock;

    private volatile RoomReleaseMetrics metrics;

    public CheckInService(RoomReleaseSettings settings, CheckInStore store, ObjectMapper json, Clock clock) {
        this.settings = settings;
        this.matcher = new CheckInMatcher(settings.abandonedMeetingPolicy());
        this.rooms = new RoomPolicies(settings.policy(),
                RoomsFile.Content.empty("(none)"), settings.roomPolicy().warnBefore());
        this.store = store;
        this.json = json;
        this.clock = clock;
    }

    /** Matches check-ins with each room's own check-in window (rooms file) instead of the global one. */
    public CheckInService withRoomPolicies(RoomPolicies roomPolicies) {
        this.rooms = roomPolicies;
        this.matcher = new CheckInMatcher(new AbandonedMeetingPolicy(settings.policy(),
                roomPolicies));
        return this;
    }

    /**
     * Reads an ESB check-in message, {@code {"room":"room.a@corp.example","source":"badge-reader-7",
     * "at":"2026-03-02T09:03:00Z"}} ({@code at} optional: when it arrives; {@code source} optional).
     *
     * @throws MalformedCheckInException when the message can never be a check-in, naming why
     */
    public CheckIn read(@Body String message) {
        if (message == null || message.isBlank()) {
            throw new MalformedCheckInException("empty message: a check-in is a JSON object with \"room\"");
        }
        JsonNode node;
        try {
            node = json.readTree(message);
        } catch (JsonProcessingException e) {
            throw new MalformedCheckInException("not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new MalformedCheckInException("not a JSON object: a check-in is {\"room\": ..., \"source\": ...,"
                    + " \"at\": ...}");
        }
        JsonNode roomNode = node.get("room");
        if (roomNode == null || !roomNode.isTextual() || roomNode.asText().isBlank()) {
            throw new MalformedCheckInException("no \"room\": the check-in needs the room's SMTP address");
        }
        String room = roomNode.asText().trim().toLowerCase(Locale.ROOT);
        if (room.length() > MAX_ADDRESS || !ADDRESS.matcher(room).matches()) {
            throw new MalformedCheckInException("\"room\" is not an SMTP address: " + abbreviate(room));
        }
        JsonNode sourceNode = node.get("source");
        String source = sourceNode == null || sourceNode.isNull() ? "unknown" : sourceNode.asText().trim();
        return CheckIn.received(room, at(node.get("at")), source.isEmpty() ? "unknown" : source);
    }

    private Instant at(JsonNode atNode) {
        Instant now = clock.instant();
        if (atNode == null || atNode.isNull() || (atNode.isTextual() && atNode.asText().isBlank())) {
            return now;
        }
        if (!atNode.isTextual()) {
            throw new MalformedCheckInException("\"at\" must be an ISO-8601 UTC time such as 2026-03-02T09:03:00Z");
        }
        Instant at;
        try {
            at = Instant.parse(atNode.asText().trim());
        } catch (DateTimeParseException e) {
            throw new MalformedCheckInException("\"at\" must be an ISO-8601 UTC time such as 2026-03-02T09:03:00Z,"
                    + " was " + abbreviate(atNode.asText()));
        }
        if (at.isAfter(now.plus(MAX_CLOCK_SKEW))) {
            throw new MalformedCheckInException("\"at\" " + at + " lies in the future (more than "
                    + MAX_CLOCK_SKEW.toMinutes() + " minutes after " + now + ")");
        }
        if (at.isBefore(now.minus(settings.checkInRetention()))) {
            throw new MalformedCheckInException("\"at\" " + at + " is older than the check-in retention ("
                    + settings.checkInRetention().toDays() + " days)");
        }
        return at;
    }

    /** Counts stored check-ins and dead letters on these meters. */
    public CheckInService withMetrics(RoomReleaseMetrics metrics) {
        this.metrics = metrics;
        return this;
    }

    private void count(String source) {
        RoomReleaseMetrics m = metrics;
        if (m != null) {
            m.checkIn(source);
        }
    }

    /** Counts a check-in message that goes to the dead-letter endpoint (the route calls it before sending). */
    public void deadLettered() {
        RoomReleaseMetrics m = metrics;
        if (m != null) {
            m.deadLetter(RoomReleaseMetrics.CHECKINS);
        }
    }

    /** Stores a check-in as received; returns it. */
    public CheckIn store(@Body CheckIn checkIn) {
        store.receive(checkIn);
        count(RoomReleaseMetrics.ESB);
        return checkIn;
    }

    /**
     * Stores a display's check-in as received, now; sets the {@code checkInAt} header to its time so that the
     * meeting shown is the one the sweep will match.
     */
    public CheckIn storeFromDisplay(@Header("CamelEwsMailbox") String room, @Header("checkInSource") String source,
                                    Exchange exchange) {
        CheckIn checkIn = CheckIn.received(room.toLowerCase(Locale.ROOT), clock.instant(),
                source == null || source.isBlank() ? "display" : source);
        store.receive(checkIn);
        count(RoomReleaseMetrics.DISPLAY);
        exchange.getIn().setHeader("checkInAt", checkIn.at().toString());
        return checkIn;
    }

    /** When the check-in happened: the given ISO-8601 time, or now. */
    public Instant at(@Header("checkInAt") String at) {
        if (at == null || at.isBlank()) {
            return clock.instant();
        }
        return Instant.parse(at.trim());
    }

    /** Start of the calendar window that may hold the meeting to check in to. */
    public Instant windowStart(@Header("checkInAt") String at) {
        return at(at).minus(rooms.widestCheckInCloses()).minusSeconds(1);
    }

    /** End of that window. */
    public Instant windowEnd(@Header("checkInAt") String at) {
        return at(at).plus(rooms.widestCheckInOpens()).plusSeconds(1);
    }

    /**
     * Which meeting a stored check-in counts for, by the sweep's rule (the check-in window holds its time; the
     * closest start wins). Stores nothing: the check-in was stored as received.
     *
     * @throws NotFoundException when no meeting is in progress or about to start
     */
    public CheckInResult checkedIn(@Header("CamelEwsMailbox") String room, @Body List<EwsEvent> events,
                                   @Header("checkInSource") String source, @Header("checkInAt") String atText) {
        Instant at = at(atText);
        Optional<Meeting> meeting = matcher.meetingFor(Meetings.of(room, events), at);
        if (meeting.isEmpty()) {
            RoomPolicy p = rooms.forRoom(room);
            throw new NotFoundException("No meeting in " + room + " can be checked in to now: check-in is open from "
                    + p.checkInOpensBefore().toMinutes() + " minutes before a meeting starts to "
                    + p.checkInClosesAfter().toMinutes() + " minutes after");
        }
        Meeting m = meeting.get();
        String src = source == null || source.isBlank() ? "unknown" : source;
        return new CheckInResult(room, m.itemId(), m.start(), m.end(), m.organizer(), at, src);
    }

    /**
     * The display's answer when the check-in was stored but Exchange could not say which meeting it counts for:
     * 202 Accepted, the check-in will be matched when the room is swept.
     */
    public Map<String, Object> recordedNotMatched(@Header("CamelEwsMailbox") String room,
                                                  @Header("checkInSource") String source,
                                                  @Header("checkInAt") String atText, Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        exchange.getIn().setHeader(Exchange.HTTP_RESPONSE_CODE, 202);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", 202);
        out.put("room", room);
        out.put("checkedInAt", at(atText).toString());
        out.put("source", source == null || source.isBlank() ? "display" : source);
        out.put("matched", false);
        out.put("message", "Check-in recorded. Exchange " + (error instanceof EwsThrottledException ? "is busy"
                : "could not be reached") + " to show the meeting; the check-in counts for the meeting in its "
                + "check-in window when the room is swept.");
        return out;
    }

    /** One JSON line for the dead-letter file: when, why, and the message as received. */
    public String deadLetterLine(@Body Object body, @Header(DEAD_LETTER_REASON) String reason) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("at", clock.instant().toString());
        out.put("reason", reason);
        out.put("message", body == null ? null : body instanceof byte[] b
                ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : body.toString());
        try {
            return json.writeValueAsString(out) + "\n";
        } catch (JsonProcessingException e) {
            return "{\"reason\":\"unprintable dead letter\"}\n";
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }
}
