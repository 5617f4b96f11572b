package io.roomrelease.ews.simulator.ops;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

import io.roomrelease.ews.simulator.model.ExchangeStore;
import io.roomrelease.ews.simulator.model.StoreException;
import io.roomrelease.ews.simulator.soap.EwsCall;

/**
 * DeleteItem: {@code DeleteType} HardDelete, SoftDelete or MoveToDeletedItems (the item leaves the
 * calendar in each case); {@code SendMeetingCancellations} is required for calendar items and, on an
 * organizer's meeting, cancels it for the attendees. One response message per id.
 */
final class DeleteItemOperation extends CalendarOperation {

    DeleteItemOperation(ExchangeStore store) {
        super(store);
    }

    @Override
    public String operation() {
        return "DeleteItem";
    }

    @Override
    public Element handle(EwsCall call) {
        Document doc = call.responseDocument();
        Element request = call.request();
        Element[] holder = new Element[1];
        Element messages = Responses.envelope(doc, "DeleteItemResponse", holder);
        String deleteType = Xml.attr(request, "DeleteType");
        if (deleteType == null) {
            throw Xml.schemaError("DeleteItem needs the DeleteType attribute");
        }
        String cancellations = Xml.attr(request, "SendMeetingCancellations");
        for (Element id : Xml.children(Xml.requireM(request, "ItemIds"))) {
            try {
                if (cancellations == null) {
                    throw new StoreException("ErrorSendMeetingCancellationsRequired",
                            "The SendMeetingCancellations attribute is required for calendar items.");
                }
                store.deleteItem(access(call), resolveId(id, call), deleteType, !"SendToNone".equals(cancellations));
                messages.appendChild(Responses.success(doc, "DeleteItemResponseMessage"));
            } catch (StoreException e) {
                messages.appendChild(Responses.error(doc, "DeleteItemResponseMessage", e.responseCode(), e.getMessage()));
            }
        }
        return holder[0];
    }
}
