package io.roomrelease.ews.simulator.ops;

import javax.xml.XMLConstants;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

import io.roomrelease.ews.simulator.model.ExchangeStore;
import io.roomrelease.ews.simulator.model.ItemIds;
import io.roomrelease.ews.simulator.model.StoreException;
import io.roomrelease.ews.simulator.soap.EwsCall;

/**
 * ConvertId of {@code t:AlternateId}s between the formats of {@code t:IdFormatType}: one response message per source
 * id, with {@code m:AlternateId xsi:type="t:AlternateIdType"} in {@code DestinationFormat}. The id must name one of
 * the simulator's items, occurrences or folders in the {@code Mailbox} given (else ErrorInvalidIdMalformed, as
 * Exchange answers exchangelib's version probe with a dummy id). The other formats are reversible encodings of the
 * simulator's EwsId, not Exchange's binary layouts. Not modelled: AlternatePublicFolderId and
 * AlternatePublicFolderItemId (ErrorInvalidRequest), archive mailboxes.
 */
final class ConvertIdOperation extends CalendarOperation {

    ConvertIdOperation(ExchangeStore store) {
        super(store);
    }

    @Override
    public String operation() {
        return "ConvertId";
    }

    @Override
    public Element handle(EwsCall call) {
        Document doc = call.responseDocument();
        Element request = call.request();
        String destination = Xml.attr(request, "DestinationFormat");
        Element[] holder = new Element[1];
        Element messages = Responses.envelope(doc, "ConvertIdResponse", holder);
        for (Element source : Xml.children(Xml.requireM(request, "SourceIds"))) {
            try {
                if (!"AlternateId".equals(source.getLocalName())) {
                    throw new StoreException("ErrorInvalidRequest", "The simulator has no public folders; "
                            + source.getLocalName() + " cannot be converted.");
                }
                String mailbox = Xml.attr(source, "Mailbox");
                String ewsId = ItemIds.fromFormat(Xml.attr(source, "Id"), Xml.attr(source, "Format"));
                if (!ItemIds.mailboxOf(ewsId).equalsIgnoreCase(mailbox)) {
                    throw new StoreException("ErrorInvalidIdMalformed", "Id is malformed: it does not belong to mailbox "
                            + mailbox + ".");
                }
                Element message = Responses.success(doc, "ConvertIdResponseMessage");
                Element alternate = Xml.addM(message, "AlternateId");
                alternate.setAttributeNS(XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI, "xsi:type", "t:AlternateIdType");
                alternate.setAttribute("Format", destination);
                alternate.setAttribute("Id", ItemIds.toFormat(ewsId, destination));
                alternate.setAttribute("Mailbox", store.canonicalAddress(mailbox));
                messages.appendChild(message);
            } catch (StoreException e) {
                messages.appendChild(Responses.error(doc, "ConvertIdResponseMessage", e.responseCode(), e.getMessage()));
            }
        }
        return holder[0];
    }
}
