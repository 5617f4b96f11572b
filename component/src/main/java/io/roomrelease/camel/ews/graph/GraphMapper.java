package io.roomrelease.camel.ews.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import io.roomrelease.camel.ews.model.BusySlot;
import io.roomrelease.camel.ews.model.EwsEvent;
import io.roomrelease.camel.ews.model.OccurrenceType;
import io.roomrelease.camel.ews.model.RoomAddress;

/**
 * Maps Graph JSON to the component's bodies with the same meaning as the EWS backend: UTC instants, the room's
 * response in EWS terms (Accept, Decline, Tentative, NoResponseReceived, Organizer, Unknown), the legacy free/busy
 * status (Free, Tentative, Busy, OOF, WorkingElsewhere, NoData), the occurrence type, the series master id.
 */
final class GraphMapper {

    /** The event properties the component reads (calendarView and events/{id}). */
    static final String SELECT = "id,changeKey,subject,organizer,start,end,isAllDay,type,seriesMasterId,iCalUId,"
                                 + "isOrganizer,responseStatus,createdDateTime,showAs,isCancelled";
    /** ... and the attendees. */
    static final String SELECT_WITH_ATTENDEES = SELECT + ",attendees";

    private GraphMapper() {
    }

    /**
     * An event of the mailbox's calendar.
     *
     * @param attendeesLoaded whether the attendees were asked for (then an absent list means none)
     */
    static EwsEvent event(JsonNode e, String mailbox, boolean attendeesLoaded) {
        String id = GraphJson.text(e, "id");
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("an event without an id");
        }
        String type = GraphJson.text(e, "type");
        OccurrenceType occurrence = occurrence(type);
        boolean organizer = GraphJson.bool(e, "isOrganizer");
        String changeKey = GraphJson.text(e, "changeKey");
        if (changeKey == null) {
            changeKey = changeKeyOf(GraphJson.text(e, "@odata.etag"));
        }
        List<String> required = new ArrayList<>();
        List<String> optional = new ArrayList<>();
        for (JsonNode a : GraphJson.array(e, "attendees")) {
            String address = GraphJson.text(a.path("emailAddress"), "address");
            if (address == null) {
                continue;
            }
            String t = GraphJson.text(a, "type");
            if ("optional".equalsIgnoreCase(t)) {
                optional.add(address);
            } else if (!"resource".equalsIgnoreCase(t)) {
                required.add(address); // EWS lists rooms and equipment as Resources, not as attendees
            }
        }
        String seriesMasterId = GraphJson.text(e, "seriesMasterId");
        if (occurrence == OccurrenceType.RecurringMaster) {
            seriesMasterId = id;
        }
        JsonNode org = e.path("organizer").path("emailAddress");
        String organizerAddress = GraphJson.text(org, "address");
        if (organizerAddress == null) {
            organizerAddress = GraphJson.text(org, "name");
        }
        return EwsEvent.builder().itemId(id).changeKey(changeKey).mailbox(mailbox)
                .subject(GraphJson.text(e, "subject")).organizer(organizerAddress)
                .requiredAttendees(required).optionalAttendees(optional).attendeesLoaded(attendeesLoaded)
                .start(GraphJson.instant(e.get("start"))).end(GraphJson.instant(e.get("end")))
                .allDay(GraphJson.bool(e, "isAllDay"))
                .recurring(occurrence != OccurrenceType.Single)
                .occurrence(occurrence).seriesMasterId(seriesMasterId).iCalUid(GraphJson.text(e, "iCalUId"))
                .roomIsOrganizer(organizer)
                .roomResponse(organizer ? "Organizer" : response(GraphJson.text(e.path("responseStatus"), "response")))
                .created(GraphJson.isoInstant(e, "createdDateTime"))
                .freeBusyStatus(freeBusy(GraphJson.text(e, "showAs")))
                .cancelled(GraphJson.bool(e, "isCancelled"))
                .build();
    }

    /** {@code W/"<changeKey>"} → changeKey. */
    static String changeKeyOf(String etag) {
        if (etag == null) {
            return null;
        }
        String v = etag.startsWith("W/") ? etag.substring(2) : etag;
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        return v;
    }

    /** changeKey → {@code W/"<changeKey>"} for If-Match. */
    static String etag(String changeKey) {
        return "W/\"" + changeKey + "\"";
    }

    static OccurrenceType occurrence(String type) {
        if (type == null) {
            return OccurrenceType.Single;
        }
        return switch (type) {
            case "occurrence" -> OccurrenceType.Occurrence;
            case "exception" -> OccurrenceType.Exception;
            case "seriesMaster" -> OccurrenceType.RecurringMaster;
            case "singleInstance" -> OccurrenceType.Single;
            default -> throw new IllegalArgumentException("unknown event type '" + GraphJson.abbreviate(type) + "'");
        };
    }

    /** Graph responseType → the EWS name the routes compare with. */
    static String response(String r) {
        if (r == null) {
            return "Unknown";
        }
        return switch (r) {
            case "accepted" -> "Accept";
            case "declined" -> "Decline";
            case "tentativelyAccepted" -> "Tentative";
            case "notResponded" -> "NoResponseReceived";
            case "organizer" -> "Organizer";
            default -> "Unknown";
        };
    }

    /** Graph freeBusyStatus → the EWS LegacyFreeBusyType name. */
    static String freeBusy(String s) {
        if (s == null) {
            return null;
        }
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "free" -> "Free";
            case "tentative" -> "Tentative";
            case "busy" -> "Busy";
            case "oof" -> "OOF";
            case "workingelsewhere" -> "WorkingElsewhere";
            default -> "NoData";
        };
    }

    static BusySlot slot(JsonNode item) {
        return new BusySlot(GraphJson.instant(item.get("start")), GraphJson.instant(item.get("end")),
                freeBusy(GraphJson.text(item, "status")), GraphJson.text(item, "subject"));
    }

    /** A place (room or room list). */
    static RoomAddress place(JsonNode p) {
        String email = GraphJson.text(p, "emailAddress");
        if (email == null) {
            throw new IllegalArgumentException("a place without emailAddress");
        }
        return new RoomAddress(email, GraphJson.text(p, "displayName"));
    }
}
