package io.roomrelease.ews.simulator.ops;

import java.util.Optional;

import org.w3c.dom.Element;

import io.roomrelease.ews.simulator.model.Access;
import io.roomrelease.ews.simulator.model.ExchangeStore;
import io.roomrelease.ews.simulator.model.ItemIds;
import io.roomrelease.ews.simulator.model.StoreException;
import io.roomrelease.ews.simulator.soap.EwsCall;
import io.roomrelease.ews.simulator.soap.EwsOperationHandler;

/** Shared plumbing of the calendar operations: the store, the item writer, access and folder/id resolution. */
abstract class CalendarOperation implements EwsOperationHandler {
    protected final ExchangeStore store;
    protected final CalendarItemWriter writer;

    CalendarOperation(ExchangeStore store) {
        this.store = store;
        this.writer = new CalendarItemWriter(store);
    }

    static Access access(EwsCall call) {
        return new Access(call.account(), call.actingMailbox(), call.impersonated().isPresent(), call.requestId());
    }

    /**
     * The mailbox whose calendar a folder id names: {@code DistinguishedFolderId Id="calendar"} (with an
     * optional {@code Mailbox} for delegate access) or a {@code FolderId} the simulator issued.
     */
    String calendarMailbox(Element folderId, EwsCall call) {
        String local = folderId.getLocalName();
        if ("DistinguishedFolderId".equals(local)) {
            String id = Xml.attr(folderId, "Id");
            if (!"calendar".equals(id)) {
                throw new StoreException("ErrorFolderNotFound", "The simulator holds only calendar folders; folder '" + id
                        + "' does not exist. Use DistinguishedFolderId Id=\"calendar\".");
            }
            Optional<String> mailbox = Xml.t(folderId, "Mailbox").flatMap(m -> Xml.t(m, "EmailAddress")).map(Xml::text);
            return mailbox.orElse(call.actingMailbox());
        }
        if ("FolderId".equals(local)) {
            return ItemIds.parseCalendarFolder(Xml.attr(folderId, "Id"));
        }
        throw new StoreException("ErrorInvalidRequest", "Unsupported folder id element " + local + ".");
    }

    /**
     * Resolves an item id element to the id the store knows: ItemId, OccurrenceItemId (master + index)
     * or RecurringMasterItemId (the occurrence's master).
     */
    String resolveId(Element idElement, EwsCall call) {
        return switch (idElement.getLocalName()) {
            case "ItemId" -> Xml.attr(idElement, "Id");
            case "OccurrenceItemId" -> {
                String index = Xml.attr(idElement, "InstanceIndex");
                int n;
                try {
                    n = Integer.parseInt(index);
                } catch (NumberFormatException e) {
                    throw Xml.schemaError("InstanceIndex '" + index + "' is not an integer");
                }
                yield store.occurrenceId(access(call), Xml.attr(idElement, "RecurringMasterId"), n);
            }
            case "RecurringMasterItemId" -> store.masterId(access(call), Xml.attr(idElement, "OccurrenceId"));
            default -> throw new StoreException("ErrorInvalidRequest", "Unsupported item id element "
                    + idElement.getLocalName() + "; use ItemId, OccurrenceItemId or RecurringMasterItemId.");
        };
    }

    /** The ChangeKey an id element carries, or null. */
    static String changeKey(Element idElement) {
        return Xml.attr(idElement, "ChangeKey");
    }
}
