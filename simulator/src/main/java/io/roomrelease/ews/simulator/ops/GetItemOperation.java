package io.roomrelease.ews.simulator.ops;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

import io.roomrelease.ews.simulator.model.CalendarEntry;
import io.roomrelease.ews.simulator.model.ExchangeStore;
import io.roomrelease.ews.simulator.model.StoreException;
import io.roomrelease.ews.simulator.soap.EwsCall;

/**
 * GetItem: one response message per id (ItemId, OccurrenceItemId or RecurringMasterItemId), with every
 * property including attendees with their responses and the recurrence of masters. Unknown ids give
 * ErrorItemNotFound, foreign ones ErrorInvalidIdMalformed, without failing the other ids.
 */
final class GetItemOperation extends CalendarOperation {

    GetItemOperation(ExchangeStore store) {
        super(store);
    }

    @Override
    public String operation() {
        return "GetItem";
    }

    @Override
    public Element handle(EwsCall call) {
        Document doc = call.responseDocument();
        Element[] holder = new Element[1];
        Element messages = Responses.envelope(doc, "GetItemResponse", holder);
        ItemShape shape = ItemShape.parse(Xml.requireM(call.request(), "ItemShape"), false);
        for (Element id : Xml.children(Xml.requireM(call.request(), "ItemIds"))) {
            try {
                CalendarEntry entry = store.getItem(access(call), resolveId(id, call));
                Element message = Responses.success(doc, "GetItemResponseMessage");
                writer.write(Xml.addM(message, "Items"), entry, shape);
                messages.appendChild(message);
            } catch (StoreException e) {
                Element message = Responses.error(doc, "GetItemResponseMessage", e.responseCode(), e.getMessage());
                Xml.addM(message, "Items");
                messages.appendChild(message);
            }
        }
        return holder[0];
    }
}
