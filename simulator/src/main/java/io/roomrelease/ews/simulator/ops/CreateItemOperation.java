package io.roomrelease.ews.simulator.ops;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

import io.roomrelease.ews.simulator.model.CalendarEntry;
import io.roomrelease.ews.simulator.model.ExchangeStore;
import io.roomrelease.ews.simulator.model.NewItem;
import io.roomrelease.ews.simulator.model.ResponseType;
import io.roomrelease.ews.simulator.model.StoreException;
import io.roomrelease.ews.simulator.soap.EwsCall;

/**
 * CreateItem: calendar items (the creating mailbox is the organizer; {@code SendMeetingInvitations}
 * decides whether attendees are invited), meeting responses ({@code AcceptItem},
 * {@code TentativelyAcceptItem}, {@code DeclineItem}, which need {@code MessageDisposition}) and
 * {@code CancelCalendarItem}. One response message per item. A response object's
 * {@code ReferenceItemId/@ChangeKey}, when present, must be the item's current one (as for UpdateItem).
 * {@code SavedItemFolderId} names the calendar for calendar items and the folder of the saved copy (e.g.
 * {@code sentitems}) for responses and cancellations sent with {@code SendAndSaveCopy}.
 */
final class CreateItemOperation extends CalendarOperation {
    private final CalendarItemReader reader;
    private final MessageItems messageItems;

    CreateItemOperation(ExchangeStore store) {
        super(store);
        this.reader = new CalendarItemReader(store);
        this.messageItems = new MessageItems(store);
    }

    @Override
    public String operation() {
        return "CreateItem";
    }

    @Override
    public Element handle(EwsCall call) {
        if (MessageItems.handles(call.request())) {
            return messageItems.handle(call); // t:Message: a mail sent as the mailbox
        }
        Document doc = call.responseDocument();
        Element request = call.request();
        Element[] holder = new Element[1];
        Element messages = Responses.envelope(doc, "CreateItemResponse", holder);
        String disposition = Xml.attr(request, "MessageDisposition");
        String invitations = Xml.attr(request, "SendMeetingInvitations");
        Element savedItemFolder = Xml.m(request, "SavedItemFolderId").flatMap(f -> Xml.children(f).stream().findFirst())
                .orElse(null);
        for (Element item : Xml.children(Xml.requireM(request, "Items"))) {
            try {
                Element message = Responses.success(doc, "CreateItemResponseMessage");
                Element items = Xml.addM(message, "Items");
                switch (item.getLocalName()) {
                    case "CalendarItem" -> {
                        if (invitations == null) {
                            throw new StoreException("ErrorSendMeetingInvitationsRequired",
                                    "The SendMeetingInvitations attribute is required for calendar items.");
                        }
                        String mailbox = savedItemFolder == null ? call.actingMailbox() : calendarMailbox(savedItemFolder, call);
                        NewItem newItem = reader.read(item, call.requestTimeZone());
                        CalendarEntry created = store.createItem(access(call), mailbox, newItem, !"SendToNone".equals(invitations));
                        CalendarItemWriter.itemId(Xml.addT(items, "CalendarItem"), "ItemId", created.id(), created.changeKey());
                    }
                    case "AcceptItem", "TentativelyAcceptItem", "DeclineItem" -> {
                        ResponseType response = switch (item.getLocalName()) {
                            case "AcceptItem" -> ResponseType.Accept;
                            case "TentativelyAcceptItem" -> ResponseType.Tentative;
                            default -> ResponseType.Decline;
                        };
                        requireDisposition(disposition);
                        checkSaveFolder(disposition, savedItemFolder);
                        Element reference = reference(item);
                        store.respond(access(call), Xml.attr(reference, "Id"), changeKey(reference), response, body(item),
                                !"SaveOnly".equals(disposition));
                    }
                    case "CancelCalendarItem" -> {
                        requireDisposition(disposition);
                        checkSaveFolder(disposition, savedItemFolder);
                        Element reference = reference(item);
                        String id = Xml.attr(reference, "Id");
                        CalendarEntry cancelled = store.item(id).orElse(null);
                        store.cancel(access(call), id, changeKey(reference), body(item), !"SaveOnly".equals(disposition));
                        // Exchange answers with the organizer's calendar item it cancelled (Microsoft's sample)
                        CalendarItemWriter.itemId(Xml.addT(items, "CalendarItem"), "ItemId", id,
                                cancelled != null ? cancelled.changeKey() : changeKey(reference));
                    }
                    default -> throw new StoreException("ErrorInvalidRequest", "The simulator creates calendar items, "
                            + "meeting responses and cancellations, not " + item.getLocalName() + ".");
                }
                messages.appendChild(message);
            } catch (StoreException e) {
                Element message = Responses.error(doc, "CreateItemResponseMessage", e.responseCode(), e.getMessage());
                Xml.addM(message, "Items");
                messages.appendChild(message);
            }
        }
        return holder[0];
    }

    private static void requireDisposition(String disposition) {
        if (disposition == null) {
            throw new StoreException("ErrorMessageDispositionRequired",
                    "MessageDisposition is required for meeting responses and cancellations (SaveOnly, SendOnly or SendAndSaveCopy).");
        }
    }

    /**
     * Where the copy of a sent response or cancellation goes. Exchange saves it in the folder named (clients send
     * {@code sentitems}, the default, or {@code drafts} for SaveOnly); the simulator keeps no mail folders, so
     * the copy is only checked, not stored. A folder with {@code SendOnly} is Exchange's
     * ErrorInvalidSendItemSaveSettings: nothing is saved, so naming a folder is a contradiction.
     */
    private static void checkSaveFolder(String disposition, Element folder) {
        if (folder == null) {
            return;
        }
        if ("SendOnly".equals(disposition)) {
            throw new StoreException("ErrorInvalidSendItemSaveSettings", "SavedItemFolderId was given with "
                    + "MessageDisposition SendOnly, which saves nothing; use SendAndSaveCopy or leave SavedItemFolderId out.");
        }
        if ("FolderId".equals(folder.getLocalName())) {
            throw new StoreException("ErrorFolderNotFound", "The simulator keeps no mail folders; name the folder for the "
                    + "saved copy with DistinguishedFolderId (e.g. sentitems).");
        }
    }

    /**
     * The response object's ReferenceItemId: its Id names the meeting, its optional ChangeKey the version the
     * client answers (checked by the store).
     */
    private static Element reference(Element responseObject) {
        return Xml.t(responseObject, "ReferenceItemId")
                .orElseThrow(() -> new StoreException("ErrorInvalidReferenceItem",
                        responseObject.getLocalName() + " needs a ReferenceItemId naming the meeting."));
    }

    private static String body(Element responseObject) {
        return Xml.t(responseObject, "Body").or(() -> Xml.t(responseObject, "NewBodyContent")).map(Xml::text).orElse("");
    }
}
