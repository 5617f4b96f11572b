package io.roomrelease.ews.simulator.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

import io.roomrelease.ews.simulator.model.CalendarEntry;
import io.roomrelease.ews.simulator.model.ExchangeStore;
import io.roomrelease.ews.simulator.model.ItemChanges;
import io.roomrelease.ews.simulator.model.StoreException;
import io.roomrelease.ews.simulator.soap.EwsCall;

/**
 * UpdateItem with SetItemField on calendar:Start, calendar:End, item:Subject, calendar:Location,
 * item:Body, calendar:IsAllDayEvent and calendar:LegacyFreeBusyStatus. The ChangeKey is checked unless
 * {@code ConflictResolution="AlwaysOverwrite"}; {@code SendMeetingInvitationsOrCancellations} other than
 * SendToNone makes an organizer's change reach the attendees. Returns the new ItemId and ChangeKey.
 */
final class UpdateItemOperation extends CalendarOperation {
    /** Time-zone fields clients send along with Start/End; the simulator keeps instants, so they change nothing. */
    private static final Set<String> TIME_ZONE_FIELDS = Set.of("calendar:StartTimeZone", "calendar:EndTimeZone",
            "calendar:MeetingTimeZone", "calendar:StartTimeZoneId", "calendar:EndTimeZoneId");

    UpdateItemOperation(ExchangeStore store) {
        super(store);
    }

    @Override
    public String operation() {
        return "UpdateItem";
    }

    @Override
    public Element handle(EwsCall call) {
        Document doc = call.responseDocument();
        Element request = call.request();
        Element[] holder = new Element[1];
        Element messages = Responses.envelope(doc, "UpdateItemResponse", holder);
        String conflict = Xml.attr(request, "ConflictResolution");
        if (conflict == null) {
            throw Xml.schemaError("UpdateItem needs the ConflictResolution attribute");
        }
        String send = Xml.attr(request, "SendMeetingInvitationsOrCancellations");
        for (Element change : Xml.children(Xml.requireM(request, "ItemChanges"))) {
            try {
                if (send == null) {
                    throw new StoreException("ErrorSendMeetingInvitationsOrCancellationsRequired",
                            "The SendMeetingInvitationsOrCancellations attribute is required for calendar items.");
                }
                Element idElement = Xml.children(change).get(0);
                ItemChanges changes = changes(change, call);
                CalendarEntry updated = store.updateItem(access(call), resolveId(idElement, call), changeKey(idElement),
                        "AlwaysOverwrite".equals(conflict), !"SendToNone".equals(send), changes);
                Element message = Responses.success(doc, "UpdateItemResponseMessage");
                Element items = Xml.addM(message, "Items");
                CalendarItemWriter.itemId(Xml.addT(items, "CalendarItem"), "ItemId", updated.id(), updated.changeKey());
                Xml.addT(Xml.addM(message, "ConflictResults"), "Count", 0);
                messages.appendChild(message);
            } catch (StoreException e) {
                Element message = Responses.error(doc, "UpdateItemResponseMessage", e.responseCode(), e.getMessage());
                Xml.addM(message, "Items");
                messages.appendChild(message);
            }
        }
        return holder[0];
    }

    /** The addresses of {@code t:Attendee/t:Mailbox/t:EmailAddress} in an attendee list (the whole new list). */
    private static List<String> addresses(Element list) {
        List<String> out = new ArrayList<>();
        for (Element attendee : Xml.children(list, "Attendee")) {
            out.add(Xml.t(attendee, "Mailbox").flatMap(m -> Xml.t(m, "EmailAddress")).map(Xml::text)
                    .orElseThrow(() -> new StoreException("ErrorInvalidPropertySet",
                            "An Attendee of " + list.getLocalName() + " has no Mailbox/EmailAddress.")));
        }
        return out;
    }

    private static ItemChanges changes(Element change, EwsCall call) {
        Element updates = Xml.t(change, "Updates").orElseThrow(() -> Xml.schemaError("ItemChange has no Updates"));
        ItemChanges c = ItemChanges.none();
        for (Element u : Xml.children(updates)) {
            Element path = Xml.children(u).get(0);
            String uri = Xml.attr(path, "FieldURI");
            if (uri != null && TIME_ZONE_FIELDS.contains(uri)) {
                continue;
            }
            if (!"SetItemField".equals(u.getLocalName())) {
                throw new StoreException("ErrorInvalidPropertyDelete", "The simulator supports SetItemField only; "
                        + u.getLocalName() + " of " + uri + " is not supported.");
            }
            if (uri == null) {
                throw new StoreException("ErrorInvalidPropertySet", "Only FieldURI paths are supported in SetItemField.");
            }
            Element item = Xml.children(u).get(1);
            String name = uri.substring(uri.indexOf(':') + 1);
            Element value = Xml.t(item, name).orElseThrow(() -> new StoreException("ErrorInvalidPropertySet",
                    "SetItemField for " + uri + " carries no " + name + " element."));
            String text = Xml.text(value);
            c = switch (uri) {
                case "item:Subject" -> c.withSubject(text);
                case "item:Body" -> c.withBody(text);
                case "calendar:Location" -> c.withLocation(text);
                case "calendar:Start" -> c.withStart(Xml.parseDateTime(text, call.requestTimeZone(), "Start"));
                case "calendar:End" -> c.withEnd(Xml.parseDateTime(text, call.requestTimeZone(), "End"));
                case "calendar:IsAllDayEvent" -> c.withAllDay(Xml.bool(text, "IsAllDayEvent"));
                case "calendar:LegacyFreeBusyStatus" -> c.withLegacyFreeBusy(text);
                case "calendar:RequiredAttendees" -> c.withRequired(addresses(value));
                case "calendar:OptionalAttendees" -> c.withOptional(addresses(value));
                case "calendar:Resources" -> c.withResources(addresses(value));
                default -> throw new StoreException("ErrorInvalidPropertySet",
                        "The simulator cannot update " + uri + "; it supports Start, End, Subject, Location, Body, "
                                + "IsAllDayEvent, LegacyFreeBusyStatus, RequiredAttendees, OptionalAttendees and Resources.");
            };
        }
        return c;
    }
}
