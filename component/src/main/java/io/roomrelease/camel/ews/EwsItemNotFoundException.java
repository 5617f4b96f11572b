package io.roomrelease.camel.ews;

/** ErrorItemNotFound: the item id does not (or no longer) exist in the mailbox. */
public class EwsItemNotFoundException extends EwsException {

    private static final long serialVersionUID = 1L;

    public EwsItemNotFoundException(String mailbox, String itemId, String responseCode, String requestId,
                                    Throwable cause) {
        super("Item " + itemId + " was not found", mailbox, responseCode, requestId,
              "the item was deleted or moved, or the id belongs to another mailbox: read the calendar again.", cause);
    }
}
