package io.roomrelease.ews.simulator.scenario;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.roomrelease.ews.simulator.model.Recurrence;
import io.roomrelease.ews.simulator.model.ResponseType;

/**
 * A meeting a scenario starts with: the organizer's item and one attendee copy per room (and per user
 * attendee with a mailbox). Build one with {@link #builder(String, String)}.
 *
 * @param subject            subject
 * @param organizer          organizer's SMTP address (a user or a room in the directory)
 * @param attendees          required attendees (users; external addresses are allowed)
 * @param optionalAttendees  optional attendees
 * @param rooms              rooms booked (each receives a copy, as a resource attendee)
 * @param start              start of the (first) occurrence
 * @param duration           length of each occurrence
 * @param created            when the organizer created it (DateTimeCreated)
 * @param allDay             all-day event (start and end at midnight in the scenario's time zone)
 * @param recurrence         the series pattern, or null for a single meeting
 * @param roomResponse       the rooms' answer (Accept by default; Decline keeps no room copy)
 * @param location           location text (defaults to the rooms' names)
 * @param body               body text
 * @param tags               free-form labels other tools may read, e.g. {@code checked-in}
 */
public record MeetingSpec(String subject, String organizer, List<String> attendees, List<String> optionalAttendees,
        List<String> rooms, Instant start, Duration duration, Instant created, boolean allDay, Recurrence recurrence,
        ResponseType roomResponse, String location, String body, List<String> tags) {

    public MeetingSpec {
        Objects.requireNonNull(organizer, "meeting organizer");
        Objects.requireNonNull(start, "meeting start");
        Objects.requireNonNull(duration, "meeting duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("meeting duration must not be negative, was " + duration);
        }
        subject = subject == null ? "" : subject;
        attendees = List.copyOf(attendees == null ? List.of() : attendees);
        optionalAttendees = List.copyOf(optionalAttendees == null ? List.of() : optionalAttendees);
        rooms = List.copyOf(rooms == null ? List.of() : rooms);
        created = created == null ? start.minus(Duration.ofDays(1)) : created;
        roomResponse = roomResponse == null ? ResponseType.Accept : roomResponse;
        tags = List.copyOf(tags == null ? List.of() : tags);
    }

    /** End of the (first) occurrence. */
    public Instant end() {
        return start.plus(duration);
    }

    /** Starts a builder. */
    public static Builder builder(String subject, String organizer) {
        return new Builder(subject, organizer);
    }

    /** Builds a {@link MeetingSpec}. */
    public static final class Builder {
        private final String subject;
        private final String organizer;
        private final List<String> attendees = new ArrayList<>();
        private final List<String> optionalAttendees = new ArrayList<>();
        private final List<String> rooms = new ArrayList<>();
        private Instant start;
        private Duration duration = Duration.ofHours(1);
        private Instant created;
        private boolean allDay;
        private Recurrence recurrence;
        private ResponseType roomResponse;
        private String location;
        private String body;
        private final List<String> tags = new ArrayList<>();

        private Builder(String subject, String organizer) {
            this.subject = subject;
            this.organizer = organizer;
        }

        public Builder attendees(String... emails) {
            attendees.addAll(List.of(emails));
            return this;
        }

        public Builder optionalAttendees(String... emails) {
            optionalAttendees.addAll(List.of(emails));
            return this;
        }

        public Builder rooms(String... emails) {
            rooms.addAll(List.of(emails));
            return this;
        }

        public Builder start(Instant value) {
            start = value;
            return this;
        }

        public Builder duration(Duration value) {
            duration = value;
            return this;
        }

        /** Sets start and end together. */
        public Builder between(Instant from, Instant to) {
            start = from;
            duration = Duration.between(from, to);
            return this;
        }

        public Builder created(Instant value) {
            created = value;
            return this;
        }

        public Builder allDay(boolean value) {
            allDay = value;
            return this;
        }

        public Builder recurrence(Recurrence value) {
            recurrence = value;
            return this;
        }

        public Builder roomResponse(ResponseType value) {
            roomResponse = value;
            return this;
        }

        public Builder location(String value) {
            location = value;
            return this;
        }

        public Builder body(String value) {
            body = value;
            return this;
        }

        public Builder tags(String... values) {
            tags.addAll(List.of(values));
            return this;
        }

        public MeetingSpec build() {
            return new MeetingSpec(subject, organizer, attendees, optionalAttendees, rooms, start, duration, created,
                    allDay, recurrence, roomResponse, location, body, tags);
        }
    }
}
