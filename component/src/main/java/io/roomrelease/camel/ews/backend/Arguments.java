package io.roomrelease.camel.ews.backend;

/** Argument checks shared by the backends; messages name the header or option that fixes them. */
public final class Arguments {

    private Arguments() {
    }

    /** The mailbox, or an IllegalArgumentException naming the fix. */
    public static String requireMailbox(String mailbox, String operation) {
        if (mailbox == null || mailbox.isBlank()) {
            throw new IllegalArgumentException(operation + " needs a mailbox. Fix: set the mailbox option or the"
                                               + " CamelEwsMailbox header.");
        }
        return mailbox;
    }

    /** The item id, or an IllegalArgumentException naming the fix. */
    public static String requireItemId(String itemId, String operation) {
        if (itemId == null || itemId.isBlank()) {
            throw new IllegalArgumentException(operation + " needs an item id. Fix: set the CamelEwsItemId header"
                                               + " (or send the EwsEvent as body).");
        }
        return itemId;
    }

    /** The mailboxes of getAvailability, or an IllegalArgumentException naming the fix. */
    public static <C extends java.util.Collection<String>> C requireMailboxes(C mailboxes) {
        if (mailboxes == null || mailboxes.isEmpty()) {
            throw new IllegalArgumentException("getAvailability needs mailboxes. Fix: set the CamelEwsMailboxes header"
                                               + " (a collection of SMTP addresses) or send them as the body.");
        }
        return mailboxes;
    }
}
