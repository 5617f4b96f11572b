package io.roomrelease.camel.ews;

/**
 * A write (decline, cancel, create, update, delete) left the client but its outcome cannot be known: the reply was
 * unreadable, the connection dropped after the request was sent, or the read timed out. Exchange may or may not have
 * carried it out. The component never resends such a write by itself: the caller reads the item again and settles
 * the outcome (DESIGN §2, "Outcomes"), and only then retries under the same idempotent key.
 */
public class EwsOutcomeUnknownException extends EwsException {

    private static final long serialVersionUID = 1L;

    private final String operation;
    private final String itemId;

    public EwsOutcomeUnknownException(String operation, String mailbox, String itemId, String requestId,
                                      String what, Throwable cause) {
        super(operation + " of " + (itemId == null ? "a new item" : "item " + itemId) + " was sent but its outcome is"
              + " unknown: " + what,
              mailbox, "OutcomeUnknown", requestId,
              "do not resend blindly: read the item again to see whether Exchange carried the write out, then retry"
              + " under the same idempotent key only if it did not.", cause);
        this.operation = operation;
        this.itemId = itemId;
    }

    /** The component operation whose outcome is unknown, e.g. {@code declineEvent}. */
    public String operation() {
        return operation;
    }

    /** The item the write acted on (null for a create). */
    public String itemId() {
        return itemId;
    }
}
