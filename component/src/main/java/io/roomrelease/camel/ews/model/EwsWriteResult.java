package io.roomrelease.camel.ews.model;

/** The outcome of a write that produces no new item: decline, cancel, delete. */
public final class EwsWriteResult {

    private final String operation;
    private final String mailbox;
    private final String itemId;
    private final String requestId;

    public EwsWriteResult(String operation, String mailbox, String itemId, String requestId) {
        this.operation = operation;
        this.mailbox = mailbox;
        this.itemId = itemId;
        this.requestId = requestId;
    }

    /** The operation name, for example declineEvent. */
    public String getOperation() {
        return operation;
    }

    /** The mailbox the write was made in (the room). */
    public String getMailbox() {
        return mailbox;
    }

    /** The item the write acted on (for a whole-series decline: the series master). */
    public String getItemId() {
        return itemId;
    }

    /** The client-request-id of the EWS request that made the write. */
    public String getRequestId() {
        return requestId;
    }

    @Override
    public String toString() {
        return "EwsWriteResult[" + operation + " " + mailbox + " " + itemId + " request " + requestId + "]";
    }
}
