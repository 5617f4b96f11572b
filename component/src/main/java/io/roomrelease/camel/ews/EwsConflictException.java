package io.roomrelease.camel.ews;

import io.roomrelease.camel.ews.model.EwsEvent;

/**
 * ErrorIrresolvableConflict / ErrorInvalidChangeKey: the item changed since it was read. The component has already
 * read it once more: {@link #current()} holds that fresh copy (null when it is gone), so the caller can decide again.
 */
public class EwsConflictException extends EwsException {

    private static final long serialVersionUID = 1L;

    private final transient EwsEvent current;

    public EwsConflictException(String mailbox, String itemId, String staleChangeKey, EwsEvent current,
                                String responseCode, String requestId, Throwable cause) {
        super("Item " + itemId + " changed since it was read (ChangeKey " + staleChangeKey + " is stale); re-read once: "
              + (current == null ? "the item no longer exists"
                      : "current ChangeKey " + current.getChangeKey() + ", " + current.getStart() + " - "
                        + current.getEnd()),
              mailbox, responseCode, requestId,
              "decide again with the re-read item (exception.current()) and retry with its ChangeKey.", cause);
        this.current = current;
    }

    /** The item as re-read after the conflict, or null when it no longer exists. */
    public EwsEvent current() {
        return current;
    }
}
