package io.roomrelease.camel.ews.model;

import java.util.List;
import java.util.Objects;

/**
 * The availability of one mailbox over the whole requested window, merged across the GetUserAvailability
 * requests the window and the mailbox list were split into.
 */
public final class MailboxAvailability {

    private final String mailbox;
    private final String errorCode;
    private final String errorMessage;
    private final List<BusySlot> busySlots;

    public MailboxAvailability(String mailbox, String errorCode, String errorMessage, List<BusySlot> busySlots) {
        this.mailbox = Objects.requireNonNull(mailbox, "mailbox");
        this.errorCode = errorCode;
        this.errorMessage = errorMessage;
        this.busySlots = List.copyOf(busySlots);
    }

    public String getMailbox() {
        return mailbox;
    }

    /** The EWS response code (for example ErrorMailRecipientNotFound) when the lookup failed, otherwise null. */
    public String getErrorCode() {
        return errorCode;
    }

    /** The server's message for {@link #getErrorCode()}, otherwise null. */
    public String getErrorMessage() {
        return errorMessage;
    }

    /** Whether the lookup for this mailbox succeeded. */
    public boolean isOk() {
        return errorCode == null;
    }

    /** Busy periods in start order. */
    public List<BusySlot> getBusySlots() {
        return busySlots;
    }

    @Override
    public String toString() {
        return "MailboxAvailability[" + mailbox + (errorCode == null ? "" : " " + errorCode) + ", " + busySlots.size()
               + " busy]";
    }
}
