package io.roomrelease.camel.ews.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A calendar item of one mailbox (normally a room), as plain immutable Java. No ews-java-api type leaks out.
 * <p>
 * Attendee lists are only known when they were fetched (FindItem does not return them): see
 * {@link #isAttendeesLoaded()}.
 */
public final class EwsEvent {

    private final String itemId;
    private final String changeKey;
    private final String mailbox;
    private final String subject;
    private final String organizer;
    private final List<String> requiredAttendees;
    private final List<String> optionalAttendees;
    private final boolean attendeesLoaded;
    private final Instant start;
    private final Instant end;
    private final boolean allDay;
    private final boolean recurring;
    private final OccurrenceType occurrence;
    private final String seriesMasterId;
    private final String iCalUid;
    private final boolean roomIsOrganizer;
    private final String roomResponse;
    private final Instant created;
    private final String freeBusyStatus;
    private final boolean cancelled;

    private EwsEvent(Builder b) {
        this.itemId = Objects.requireNonNull(b.itemId, "itemId");
        this.changeKey = b.changeKey;
        this.mailbox = b.mailbox;
        this.subject = b.subject;
        this.organizer = b.organizer;
        this.requiredAttendees = List.copyOf(b.requiredAttendees);
        this.optionalAttendees = List.copyOf(b.optionalAttendees);
        this.attendeesLoaded = b.attendeesLoaded;
        this.start = b.start;
        this.end = b.end;
        this.allDay = b.allDay;
        this.recurring = b.recurring;
        this.occurrence = b.occurrence == null ? OccurrenceType.Single : b.occurrence;
        this.seriesMasterId = b.seriesMasterId;
        this.iCalUid = b.iCalUid;
        this.roomIsOrganizer = b.roomIsOrganizer;
        this.roomResponse = b.roomResponse == null ? "Unknown" : b.roomResponse;
        this.created = b.created;
        this.freeBusyStatus = b.freeBusyStatus;
        this.cancelled = b.cancelled;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this event's values. */
    public Builder toBuilder() {
        return new Builder().itemId(itemId).changeKey(changeKey).mailbox(mailbox).subject(subject)
                .organizer(organizer).requiredAttendees(requiredAttendees).optionalAttendees(optionalAttendees)
                .attendeesLoaded(attendeesLoaded).start(start).end(end).allDay(allDay).recurring(recurring)
                .occurrence(occurrence).seriesMasterId(seriesMasterId).iCalUid(iCalUid)
                .roomIsOrganizer(roomIsOrganizer).roomResponse(roomResponse).created(created)
                .freeBusyStatus(freeBusyStatus).cancelled(cancelled);
    }

    /** The EWS item id (for an occurrence: the occurrence's own id). */
    public String getItemId() {
        return itemId;
    }

    /** The ChangeKey the item had when it was read: pass it back to updateEvent. */
    public String getChangeKey() {
        return changeKey;
    }

    /** The mailbox whose calendar holds this copy (the room). */
    public String getMailbox() {
        return mailbox;
    }

    public String getSubject() {
        return subject;
    }

    /** The organizer's SMTP address (or name when the server gave no address). */
    public String getOrganizer() {
        return organizer;
    }

    /** Required attendees' SMTP addresses; empty unless {@link #isAttendeesLoaded()}. */
    public List<String> getRequiredAttendees() {
        return requiredAttendees;
    }

    /** Optional attendees' SMTP addresses; empty unless {@link #isAttendeesLoaded()}. */
    public List<String> getOptionalAttendees() {
        return optionalAttendees;
    }

    /** Whether the attendee lists were read (GetItem); FindItem alone never returns them. */
    public boolean isAttendeesLoaded() {
        return attendeesLoaded;
    }

    public Instant getStart() {
        return start;
    }

    public Instant getEnd() {
        return end;
    }

    /** The length of the meeting, or null when start or end is unknown. */
    public Duration getDuration() {
        return start == null || end == null ? null : Duration.between(start, end);
    }

    public boolean isAllDay() {
        return allDay;
    }

    /** Whether the item belongs to a recurring series. */
    public boolean isRecurring() {
        return recurring;
    }

    public OccurrenceType getOccurrence() {
        return occurrence;
    }

    /** The item id of the series master, when known (getEvent resolves it; findEvents does not). */
    public String getSeriesMasterId() {
        return seriesMasterId;
    }

    /** The iCalendar UID shared by every occurrence of a series (a stable series key), when returned. */
    public String getICalUid() {
        return iCalUid;
    }

    /** Whether the room organizes the meeting (booked on the room itself, e.g. "book now"). */
    public boolean isRoomIsOrganizer() {
        return roomIsOrganizer;
    }

    /** The room's response: Accept, Decline, Tentative, NoResponseReceived, Organizer or Unknown. */
    public String getRoomResponse() {
        return roomResponse;
    }

    /** When the item was created in the room's calendar (the booking time). */
    public Instant getCreated() {
        return created;
    }

    /** Legacy free/busy status: Free, Tentative, Busy, OOF, WorkingElsewhere, NoData. */
    public String getFreeBusyStatus() {
        return freeBusyStatus;
    }

    /** Whether the organizer cancelled the meeting (the room's copy still exists). */
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EwsEvent e && itemId.equals(e.itemId) && Objects.equals(changeKey, e.changeKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(itemId, changeKey);
    }

    @Override
    public String toString() {
        return "EwsEvent[" + mailbox + " " + start + " - " + end + " " + occurrence + " organizer=" + organizer
               + " response=" + roomResponse + "]";
    }

    /** Builds an {@link EwsEvent}. */
    public static final class Builder {
        private String itemId;
        private String changeKey;
        private String mailbox;
        private String subject;
        private String organizer;
        private List<String> requiredAttendees = List.of();
        private List<String> optionalAttendees = List.of();
        private boolean attendeesLoaded;
        private Instant start;
        private Instant end;
        private boolean allDay;
        private boolean recurring;
        private OccurrenceType occurrence;
        private String seriesMasterId;
        private String iCalUid;
        private boolean roomIsOrganizer;
        private String roomResponse;
        private Instant created;
        private String freeBusyStatus;
        private boolean cancelled;

        private Builder() {
        }

        public Builder itemId(String v) { this.itemId = v; return this; }
        public Builder changeKey(String v) { this.changeKey = v; return this; }
        public Builder mailbox(String v) { this.mailbox = v; return this; }
        public Builder subject(String v) { this.subject = v; return this; }
        public Builder organizer(String v) { this.organizer = v; return this; }
        public Builder requiredAttendees(List<String> v) { this.requiredAttendees = v == null ? List.of() : v; return this; }
        public Builder optionalAttendees(List<String> v) { this.optionalAttendees = v == null ? List.of() : v; return this; }
        public Builder attendeesLoaded(boolean v) { this.attendeesLoaded = v; return this; }
        public Builder start(Instant v) { this.start = v; return this; }
        public Builder end(Instant v) { this.end = v; return this; }
        public Builder allDay(boolean v) { this.allDay = v; return this; }
        public Builder recurring(boolean v) { this.recurring = v; return this; }
        public Builder occurrence(OccurrenceType v) { this.occurrence = v; return this; }
        public Builder seriesMasterId(String v) { this.seriesMasterId = v; return this; }
        public Builder iCalUid(String v) { this.iCalUid = v; return this; }
        public Builder roomIsOrganizer(boolean v) { this.roomIsOrganizer = v; return this; }
        public Builder roomResponse(String v) { this.roomResponse = v; return this; }
        public Builder created(Instant v) { this.created = v; return this; }
        public Builder freeBusyStatus(String v) { this.freeBusyStatus = v; return this; }
        public Builder cancelled(boolean v) { this.cancelled = v; return this; }

        public EwsEvent build() {
            return new EwsEvent(this);
        }
    }
}
