package io.roomrelease.ews.simulator.ops;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.w3c.dom.Element;

import io.roomrelease.ews.simulator.model.StoreException;
import io.roomrelease.ews.simulator.soap.Namespaces;

/**
 * The properties a response carries for {@code ItemShape}: {@code BaseShape} IdOnly, Default or
 * AllProperties plus {@code AdditionalProperties}. Like Exchange, FindItem returns only first-class
 * properties: asking FindItem for the body or the attendees fails with ErrorInvalidPropertyRequest.
 */
final class ItemShape {
    /** Properties FindItem returns for Default and AllProperties (first-class properties). */
    static final List<String> FIRST_CLASS = List.of("ItemId", "ParentFolderId", "ItemClass", "Subject", "Sensitivity",
            "DateTimeReceived", "Size", "Importance", "DateTimeSent", "DateTimeCreated", "ReminderIsSet",
            "ReminderMinutesBeforeStart", "DisplayTo", "HasAttachments", "LastModifiedName", "LastModifiedTime", "UID",
            "Start", "End", "OriginalStart", "IsAllDayEvent", "LegacyFreeBusyStatus", "Location", "IsMeeting",
            "IsCancelled", "IsRecurring", "MeetingRequestWasSent", "IsResponseRequested", "CalendarItemType",
            "MyResponseType", "Organizer", "AppointmentSequenceNumber", "AppointmentState", "IsOrganizer");

    /** Properties that need GetItem (Exchange: "The property can't be used in FindItem requests"). */
    static final Set<String> NOT_IN_FIND = Set.of("Body", "RequiredAttendees", "OptionalAttendees", "Resources",
            "ModifiedOccurrences", "DeletedOccurrences", "FirstOccurrence", "LastOccurrence", "Attachments", "MimeContent",
            "ResponseObjects",
            "UniqueBody", "TextBody", "NormalizedBody", "ConflictingMeetings", "AdjacentMeetings");

    /** Everything GetItem returns for Default and AllProperties. */
    static final List<String> ALL = List.of("ItemId", "ParentFolderId", "ItemClass", "Subject", "Sensitivity", "Body",
            "DateTimeReceived", "Size", "Importance", "DateTimeSent", "DateTimeCreated", "ReminderIsSet",
            "ReminderMinutesBeforeStart", "DisplayTo", "HasAttachments", "LastModifiedName", "LastModifiedTime", "UID",
            "RecurrenceId", "Start", "End", "OriginalStart", "IsAllDayEvent", "LegacyFreeBusyStatus", "Location",
            "IsMeeting", "IsCancelled", "IsRecurring", "MeetingRequestWasSent", "IsResponseRequested",
            "CalendarItemType", "MyResponseType", "Organizer", "RequiredAttendees", "OptionalAttendees", "Resources",
            "AppointmentSequenceNumber", "AppointmentState", "Recurrence", "FirstOccurrence", "LastOccurrence",
            "ModifiedOccurrences", "DeletedOccurrences", "IsOrganizer", "ResponseObjects", "EffectiveRights", "Duration",
            "StartTimeZone", "EndTimeZone");

    private final Set<String> properties;

    private ItemShape(Set<String> properties) {
        this.properties = properties;
    }

    boolean has(String property) {
        return properties.contains(property);
    }

    /**
     * Reads an ItemShape element.
     *
     * @throws StoreException ErrorInvalidPropertyRequest when FindItem asks for a property only GetItem has
     */
    static ItemShape parse(Element shape, boolean findItem) {
        Set<String> props = new LinkedHashSet<>();
        props.add("ItemId");
        String base = Xml.t(shape, "BaseShape").map(Xml::text).orElse("Default");
        if (!"IdOnly".equals(base)) {
            props.addAll(findItem ? FIRST_CLASS : ALL);
        }
        Xml.t(shape, "AdditionalProperties").ifPresent(additional -> {
            for (Element path : Xml.children(additional)) {
                String uri = Xml.attr(path, "FieldURI");
                if (uri == null) {
                    continue; // extended and indexed properties are not modelled
                }
                String name = uri.substring(uri.indexOf(':') + 1);
                if (findItem && NOT_IN_FIND.contains(name)) {
                    throw new StoreException("ErrorInvalidPropertyRequest",
                            "The property " + uri + " can't be used in FindItem requests; read it with GetItem.");
                }
                props.add(name);
            }
        });
        return new ItemShape(props);
    }

    /** A shape from an element that may be absent (IdOnly when absent). */
    static ItemShape idOnly() {
        return new ItemShape(Set.of("ItemId"));
    }

    static boolean isTypes(Element e) {
        return Namespaces.TYPES.equals(e.getNamespaceURI());
    }
}
