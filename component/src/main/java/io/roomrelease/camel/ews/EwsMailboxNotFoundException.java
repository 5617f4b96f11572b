package io.roomrelease.camel.ews;

/** ErrorNonExistentMailbox (or a room list that does not resolve): the address is not a mailbox. */
public class EwsMailboxNotFoundException extends EwsException {

    private static final long serialVersionUID = 1L;

    public EwsMailboxNotFoundException(String mailbox, String responseCode, String requestId, Throwable cause) {
        super("Mailbox '" + mailbox + "' does not exist", mailbox, responseCode, requestId,
              "check the SMTP address in rooms=/roomList=/mailbox= or the CamelEwsMailbox header.", cause);
    }
}
