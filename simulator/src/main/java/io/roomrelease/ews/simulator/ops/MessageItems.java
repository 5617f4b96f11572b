package io.roomrelease.ews.simulator.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

import io.roomrelease.ews.simulator.model.ExchangeStore;
import io.roomrelease.ews.simulator.model.StoreException;
import io.roomrelease.ews.simulator.soap.EwsCall;

/**
 * CreateItem of {@code t:Message}: a mailbox sends a plain mail as itself, as Exchange does for
 * {@code MessageDisposition="SendOnly"} or {@code "SendAndSaveCopy"} (the copy goes to the sender's Sent Items,
 * {@code SavedItemFolderId} absent or {@code DistinguishedFolderId Id="sentitems"}). The simulator keeps no drafts, so
 * {@code SaveOnly} is refused. Sent mails are recorded with the meeting messages (kind {@code MAIL}), so tests and
 * the admin endpoint see them. As in Exchange, the response's {@code Items} is empty for a sent message, and a
 * request's items are all messages (a request mixing messages and calendar items is refused).
 */
final class MessageItems {

    private final ExchangeStore store;

    MessageItems(ExchangeStore store) {
        this.store = store;
    }

    /** Whether the CreateItem request creates messages (its first item is a {@code t:Message}). */
    static boolean handles(Element request) {
        return Xml.m(request, "Items").flatMap(items -> Xml.children(items).stream().findFirst())
                .map(item -> "Message".equals(item.getLocalName())).orElse(false);
    }

    Element handle(EwsCall call) {
        Document doc = call.responseDocument();
        Element request = call.request();
        Element[] holder = new Element[1];
        Element messages = Responses.envelope(doc, "CreateItemResponse", holder);
        String disposition = Xml.attr(request, "MessageDisposition");
        for (Element item : Xml.children(Xml.requireM(request, "Items"))) {
            try {
                if (!"Message".equals(item.getLocalName())) {
                    throw new StoreException("ErrorInvalidRequest", "Create messages and " + item.getLocalName()
                            + " items in separate CreateItem requests.");
                }
                send(call, request, item, disposition);
                Element message = Responses.success(doc, "CreateItemResponseMessage");
                Xml.addM(message, "Items");
                messages.appendChild(message);
            } catch (StoreException e) {
                Element message = Responses.error(doc, "CreateItemResponseMessage", e.responseCode(), e.getMessage());
                Xml.addM(message, "Items");
                messages.appendChild(message);
            }
        }
        return holder[0];
    }

    private void send(EwsCall call, Element request, Element item, String disposition) {
        if (disposition == null) {
            throw new StoreException("ErrorMessageDispositionRequired",
                    "MessageDisposition is required when creating a message (SaveOnly, SendOnly or SendAndSaveCopy).");
        }
        if ("SaveOnly".equals(disposition)) {
            throw new StoreException("ErrorInvalidRequest", "The simulator keeps no drafts: send the message with "
                    + "MessageDisposition SendOnly or SendAndSaveCopy.");
        }
        String acting = call.actingMailbox();
        Optional<Element> saved = Xml.m(request, "SavedItemFolderId").flatMap(f -> Xml.children(f).stream().findFirst());
        if (saved.isPresent()) {
            Element folder = saved.get();
            if (!"SendAndSaveCopy".equals(disposition)) {
                throw new StoreException("ErrorInvalidRequest",
                        "SavedItemFolderId is only valid with MessageDisposition SendAndSaveCopy.");
            }
            if (!"DistinguishedFolderId".equals(folder.getLocalName()) || !"sentitems".equals(Xml.attr(folder, "Id"))) {
                throw new StoreException("ErrorFolderNotFound", "The simulator saves sent messages only to "
                        + "DistinguishedFolderId Id=\"sentitems\".");
            }
            requireSelf(acting, Xml.t(folder, "Mailbox").flatMap(m -> Xml.t(m, "EmailAddress")).map(Xml::text));
        }
        requireSelf(acting, Xml.t(item, "From").flatMap(f -> Xml.t(f, "Mailbox"))
                .flatMap(m -> Xml.t(m, "EmailAddress")).map(Xml::text));
        List<String> to = new ArrayList<>();
        for (String field : List.of("ToRecipients", "CcRecipients", "BccRecipients")) {
            Xml.t(item, field).ifPresent(list -> Xml.children(list, "Mailbox").forEach(mailbox -> {
                String address = Xml.t(mailbox, "EmailAddress").map(Xml::text).map(String::trim).orElse("");
                if (address.isEmpty() || address.indexOf('@') < 1) {
                    throw new StoreException("ErrorInvalidRecipients", "At least one recipient isn't valid: '"
                            + address + "'.");
                }
                to.add(address);
            }));
        }
        if (to.isEmpty()) {
            throw new StoreException("ErrorInvalidRecipients", "A message can't be sent because it contains no "
                    + "recipients.");
        }
        String subject = Xml.t(item, "Subject").map(Xml::text).orElse("");
        String body = Xml.t(item, "Body").map(Xml::text).orElse("");
        store.sendMail(CalendarOperation.access(call), to, subject, body);
    }

    /** The simulator grants no Send As: a message is sent by the mailbox the request acts as. */
    private static void requireSelf(String acting, Optional<String> sender) {
        if (sender.isPresent() && !sender.get().trim().equalsIgnoreCase(acting)) {
            throw new StoreException("ErrorSendAsDenied", "The user account which was used to submit this request "
                    + "does not have the right to send mail on behalf of the specified sending account.");
        }
    }
}
