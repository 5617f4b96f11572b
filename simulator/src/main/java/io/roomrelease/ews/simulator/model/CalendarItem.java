package io.roomrelease.ews.simulator.model;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** One calendar item in one mailbox: a single item or a series master. Mutable; guarded by the store's lock. */
final class CalendarItem {
    final long serial;
    final String id;
    final String mailbox;
    final String uid;
    long version = 1;
    String subject;
    String location;
    String body;
    Attendee organizer;
    List<Attendee> required = List.of();
    List<Attendee> optional = List.of();
    List<Attendee> resources = List.of();
    Instant start;
    Instant end;
    boolean allDay;
    ZoneId zone;
    Instant created;
    Instant lastModified;
    boolean meeting;
    ResponseType myResponse;
    boolean cancelled;
    boolean meetingRequestWasSent;
    String legacyFreeBusy = "Busy";
    Recurrence recurrence;
    TreeMap<Instant, OccurrenceOverride> overrides;
    NavigableSet<Instant> deleted;
    List<String> tags = List.of();
    int sequence;

    CalendarItem(long serial, String mailbox, String uid) {
        this.serial = serial;
        this.mailbox = mailbox;
        this.uid = uid;
        this.id = ItemIds.item(serial, mailbox);
    }

    boolean isOrganizer() {
        return organizer != null && organizer.email().equalsIgnoreCase(mailbox);
    }

    boolean isMaster() {
        return recurrence != null;
    }

    Duration duration() {
        return Duration.between(start, end);
    }

    String changeKey() {
        return ItemIds.changeKey(serial, version);
    }

    void touch(Instant now) {
        version++;
        lastModified = now;
    }

    OccurrenceOverride override(Instant originalStart) {
        if (overrides == null) {
            overrides = new TreeMap<>();
        }
        return overrides.computeIfAbsent(originalStart, k -> new OccurrenceOverride());
    }

    OccurrenceOverride existingOverride(Instant originalStart) {
        return overrides == null ? null : overrides.get(originalStart);
    }

    boolean isDeleted(Instant originalStart) {
        return deleted != null && deleted.contains(originalStart);
    }

    void deleteOccurrence(Instant originalStart) {
        if (deleted == null) {
            deleted = new TreeSet<>();
        }
        deleted.add(originalStart);
        if (overrides != null) {
            overrides.remove(originalStart);
        }
    }

    List<Attendee> allAttendees() {
        List<Attendee> all = new ArrayList<>(required);
        all.addAll(optional);
        all.addAll(resources);
        return all;
    }

    /** Sets an attendee's response in whichever list holds it. */
    void setResponse(String email, ResponseType response, Instant at) {
        required = replace(required, email, response, at);
        optional = replace(optional, email, response, at);
        resources = replace(resources, email, response, at);
    }

    private static List<Attendee> replace(List<Attendee> list, String email, ResponseType response, Instant at) {
        if (list.stream().noneMatch(a -> a.email().equalsIgnoreCase(email))) {
            return list;
        }
        List<Attendee> out = new ArrayList<>(list.size());
        for (Attendee a : list) {
            out.add(a.email().equalsIgnoreCase(email) ? a.withResponse(response, at) : a);
        }
        return List.copyOf(out);
    }

    /** Changes of one occurrence (an exception) or its attendees' responses. */
    static final class OccurrenceOverride {
        Instant start;
        Instant end;
        String subject;
        String location;
        boolean cancelled;
        Map<String, ResponseType> responses;

        boolean isException() {
            return start != null || end != null || subject != null || location != null;
        }
    }
}
