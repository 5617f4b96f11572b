package io.roomrelease.ews.simulator.graph;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.roomrelease.ews.simulator.model.Attendee;
import io.roomrelease.ews.simulator.model.CalendarEntry;
import io.roomrelease.ews.simulator.model.Recurrence;
import io.roomrelease.ews.simulator.model.ResponseType;
import io.roomrelease.ews.simulator.soap.WindowsTimeZones;

/**
 * Graph's JSON for the store's model: events ({@code graph.event}), ids, ETags and {@code dateTimeTimeZone} values.
 * Graph event ids are the store's item ids made URL-safe (base64url alphabet), so an id is the same item through EWS
 * and Graph.
 */
final class GraphJson {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS");

    private GraphJson() {
    }

    /** A Graph id for a store (EWS) id. */
    static String graphId(String ewsId) {
        return ewsId == null ? null : ewsId.replace('+', '-').replace('/', '_');
    }

    /** The store (EWS) id of a Graph id. */
    static String ewsId(String graphId) {
        return graphId.replace('-', '+').replace('_', '/');
    }

    /** A stable GUID-shaped place id for a mailbox address. */
    static String placeId(String email) {
        return UUID.nameUUIDFromBytes(email.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)).toString();
    }

    static String etag(String changeKey) {
        return "W/\"" + changeKey + "\"";
    }

    /** The change key an {@code If-Match} names, or null for none or {@code *}. */
    static String changeKeyOf(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || "*".equals(ifMatch.trim())) {
            return null;
        }
        String v = ifMatch.trim();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        return v;
    }

    /** A time zone as {@code Prefer: outlook.timezone} names it: Windows or IANA id; null or unknown means UTC. */
    record Zone(String name, ZoneId id) {
        static final Zone UTC = new Zone("UTC", ZoneOffset.UTC);

        static Zone of(String name) {
            if (name == null || name.isBlank() || "UTC".equalsIgnoreCase(name)) {
                return UTC;
            }
            // Graph answers an unknown preferred zone in UTC (EWS refuses it with ErrorTimeZone)
            ZoneId id = WindowsTimeZones.find(name).orElse(ZoneOffset.UTC);
            return id.equals(ZoneOffset.UTC) ? UTC : new Zone(name, id);
        }
    }

    static ObjectNode dateTimeTimeZone(Instant t, Zone zone) {
        ObjectNode n = JSON.createObjectNode();
        n.put("dateTime", LOCAL.format(LocalDateTime.ofInstant(t, zone.id())));
        n.put("timeZone", zone.name());
        return n;
    }

    /** Reads a {@code dateTimeTimeZone}: a local date-time in its timeZone (an offset in dateTime wins). */
    static Instant instant(JsonNode dtz, String what) {
        if (dtz == null || !dtz.isObject() || !dtz.path("dateTime").isTextual()) {
            throw GraphError.badRequest("ErrorInvalidRequest", what + " must be a dateTimeTimeZone object with dateTime and timeZone.");
        }
        String dateTime = dtz.get("dateTime").asText();
        String tz = dtz.path("timeZone").asText("UTC");
        try {
            return OffsetDateTime.parse(dateTime).toInstant();
        } catch (DateTimeParseException e) {
            // no offset: local time in timeZone
        }
        try {
            return LocalDateTime.parse(dateTime).atZone(Zone.of(tz).id()).toInstant();
        } catch (DateTimeException e) {
            throw GraphError.badRequest("ErrorInvalidRequest", what + ".dateTime '" + dateTime + "' is not an ISO 8601 date-time.");
        }
    }

    /** Reads a query-string date-time: ISO 8601 with an offset, or without one as UTC. */
    static Instant queryInstant(String value, String name) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw GraphError.badRequest("ErrorInvalidParameter", "The value '" + value + "' of parameter '" + name
                        + "' is not a valid ISO 8601 date-time, e.g. 2026-12-01T08:00:00Z.");
            }
        }
    }

    static String response(ResponseType r) {
        return switch (r) {
            case Organizer -> "organizer";
            case Accept -> "accepted";
            case Tentative -> "tentativelyAccepted";
            case Decline -> "declined";
            case NoResponseReceived -> "notResponded";
            default -> "none";
        };
    }

    static String showAs(String legacyFreeBusy) {
        return switch (legacyFreeBusy == null ? "" : legacyFreeBusy) {
            case "Free" -> "free";
            case "Tentative" -> "tentative";
            case "Busy" -> "busy";
            case "OOF" -> "oof";
            case "WorkingElsewhere" -> "workingElsewhere";
            default -> "unknown";
        };
    }

    static String legacyFreeBusy(String showAs) {
        return switch (showAs.toLowerCase(Locale.ROOT)) {
            case "free" -> "Free";
            case "tentative" -> "Tentative";
            case "busy" -> "Busy";
            case "oof" -> "OOF";
            case "workingelsewhere" -> "WorkingElsewhere";
            default -> "NoData";
        };
    }

    static String eventType(CalendarEntry e) {
        return switch (e.type()) {
            case Occurrence -> "occurrence";
            case Exception -> "exception";
            case RecurringMaster -> "seriesMaster";
            default -> "singleInstance";
        };
    }

    private static ObjectNode emailAddress(String address, String name) {
        ObjectNode n = JSON.createObjectNode();
        n.put("name", name);
        n.put("address", address);
        return n;
    }

    private static void attendees(ArrayNode out, Iterable<Attendee> list, String type) {
        for (Attendee a : list) {
            ObjectNode n = out.addObject();
            n.put("type", type);
            ObjectNode status = n.putObject("status");
            status.put("response", response(a.response()));
            status.put("time", (a.lastResponseTime() == null ? Instant.EPOCH : a.lastResponseTime()).toString());
            n.set("emailAddress", emailAddress(a.email(), a.name()));
        }
    }

    /** The full {@code graph.event} for an entry. */
    static ObjectNode event(CalendarEntry e, Zone zone) {
        ObjectNode n = JSON.createObjectNode();
        n.put("@odata.etag", etag(e.changeKey()));
        n.put("id", graphId(e.id()));
        n.put("createdDateTime", e.created().toString());
        n.put("lastModifiedDateTime", e.lastModified().toString());
        n.put("changeKey", e.changeKey());
        n.putArray("categories");
        n.put("originalStartTimeZone", zone.name());
        n.put("originalEndTimeZone", zone.name());
        n.put("iCalUId", e.uid());
        n.put("subject", e.subject());
        String body = e.body() == null ? "" : e.body();
        n.put("bodyPreview", body.length() > 255 ? body.substring(0, 255) : body);
        n.put("isAllDay", e.allDay());
        n.put("isCancelled", e.cancelled());
        n.put("isOrganizer", e.isOrganizer());
        n.put("responseRequested", true);
        if (e.masterId() != null) {
            n.put("seriesMasterId", graphId(e.masterId()));
        } else {
            n.putNull("seriesMasterId");
        }
        n.put("showAs", showAs(e.legacyFreeBusy()));
        n.put("type", eventType(e));
        ObjectNode rs = n.putObject("responseStatus");
        rs.put("response", response(e.isOrganizer() ? ResponseType.Organizer : e.myResponse()));
        rs.put("time", Instant.EPOCH.toString());
        ObjectNode b = n.putObject("body");
        b.put("contentType", "text");
        b.put("content", body);
        n.set("start", dateTimeTimeZone(e.start(), zone));
        n.set("end", dateTimeTimeZone(e.end(), zone));
        if (e.originalStart() != null) {
            n.put("originalStart", e.originalStart().toString());
        }
        ObjectNode location = n.putObject("location");
        location.put("displayName", e.location() == null ? "" : e.location());
        location.put("locationType", "default");
        ArrayNode locations = n.putArray("locations");
        for (Attendee r : e.resources()) {
            ObjectNode l = locations.addObject();
            l.put("displayName", r.name());
            l.put("locationType", "conferenceRoom");
            l.put("locationEmailAddress", r.email());
        }
        if (e.recurrence() != null && e.type() == io.roomrelease.ews.simulator.model.CalendarItemKind.RecurringMaster) {
            n.set("recurrence", recurrence(e.recurrence(), zone));
        } else {
            n.putNull("recurrence");
        }
        ArrayNode attendees = n.putArray("attendees");
        attendees(attendees, e.requiredAttendees(), "required");
        attendees(attendees, e.optionalAttendees(), "optional");
        attendees(attendees, e.resources(), "resource");
        ObjectNode organizer = n.putObject("organizer");
        organizer.set("emailAddress", emailAddress(e.organizer().email(), e.organizer().name()));
        return n;
    }

    private static ObjectNode recurrence(Recurrence r, Zone zone) {
        ObjectNode n = JSON.createObjectNode();
        ObjectNode p = n.putObject("pattern");
        p.put("type", r.kind() == Recurrence.Kind.DAILY ? "daily" : "weekly");
        p.put("interval", r.interval());
        p.put("month", 0);
        p.put("dayOfMonth", 0);
        ArrayNode days = p.putArray("daysOfWeek");
        for (DayOfWeek d : DayOfWeek.values()) {
            if (r.daysOfWeek().contains(d)) {
                days.add(d.name().toLowerCase(Locale.ROOT));
            }
        }
        p.put("firstDayOfWeek", r.firstDayOfWeek().name().toLowerCase(Locale.ROOT));
        p.put("index", "first");
        ObjectNode range = n.putObject("range");
        range.put("type", r.endDate() != null ? "endDate" : r.numberOfOccurrences() != null ? "numbered" : "noEnd");
        range.put("startDate", r.startDate().toString());
        range.put("endDate", r.endDate() != null ? r.endDate().toString() : "0001-01-01");
        range.put("recurrenceTimeZone", zone.name());
        range.put("numberOfOccurrences", r.numberOfOccurrences() == null ? 0 : r.numberOfOccurrences());
        return n;
    }

    /** Keeps only the {@code $select}ed properties (plus id and the etag, as Graph does). */
    static ObjectNode select(ObjectNode event, Set<String> select) {
        if (select == null || select.isEmpty()) {
            return event;
        }
        ObjectNode out = JSON.createObjectNode();
        event.fields().forEachRemaining(f -> {
            if (f.getKey().equals("id") || f.getKey().equals("@odata.etag") || select.contains(f.getKey())) {
                out.set(f.getKey(), f.getValue());
            }
        });
        return out;
    }

    static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
