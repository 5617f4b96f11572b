package io.roomrelease.camel.ews;

import org.apache.camel.spi.Metadata;

/** Message headers and exchange properties of the {@code ews:} component. */
public final class EwsConstants {

    @Metadata(description = "The target mailbox (SMTP address of the room). Wins over the mailbox option. Set on"
                            + " consumed exchanges.",
              javaType = "String")
    public static final String MAILBOX = "CamelEwsMailbox";
    @Metadata(label = "producer", description = "The operation to perform; wins over the operation option.",
              javaType = "io.roomrelease.camel.ews.EwsOperation")
    public static final String OPERATION = "CamelEwsOperation";
    @Metadata(description = "The EWS item id (input of getEvent, updateEvent, endEarly, declineEvent, cancelEvent,"
                            + " deleteEvent; set on consumed exchanges).",
              javaType = "String")
    public static final String ITEM_ID = "CamelEwsItemId";
    @Metadata(description = "The ChangeKey read with the item. updateEvent/endEarly only succeed if it is still"
                            + " current; declineEvent/cancelEvent with it act on exactly that version in one call"
                            + " (without it they read the item first).",
              javaType = "String")
    public static final String CHANGE_KEY = "CamelEwsChangeKey";
    @Metadata(description = "Start of the window (findEvents, getAvailability); defaults to now + windowStart.",
              javaType = "java.time.Instant")
    public static final String WINDOW_START = "CamelEwsWindowStart";
    @Metadata(description = "End of the window (findEvents, getAvailability); defaults to now + windowEnd.",
              javaType = "java.time.Instant")
    public static final String WINDOW_END = "CamelEwsWindowEnd";
    @Metadata(label = "producer", description = "Start of the meeting (createEvent, updateEvent).",
              javaType = "java.time.Instant")
    public static final String START = "CamelEwsStart";
    @Metadata(label = "producer", description = "End of the meeting (createEvent, updateEvent).",
              javaType = "java.time.Instant")
    public static final String END = "CamelEwsEnd";
    @Metadata(label = "producer", description = "Subject of a meeting to create, or of a mail to send (sendMessage).", javaType = "String")
    public static final String SUBJECT = "CamelEwsSubject";
    @Metadata(label = "producer", description = "Text sent with declineEvent or cancelEvent (or the body of a"
                                                + " created meeting).",
              javaType = "String")
    public static final String MESSAGE = "CamelEwsMessage";
    @Metadata(label = "producer", description = "declineEvent/cancelEvent: act on the whole series instead of the"
                                                + " one occurrence.",
              javaType = "Boolean", defaultValue = "false")
    public static final String WHOLE_SERIES = "CamelEwsWholeSeries";
    @Metadata(label = "producer", description = "getAvailability: the mailboxes to look up (or the body).",
              javaType = "java.util.Collection<String>")
    public static final String MAILBOXES = "CamelEwsMailboxes";
    @Metadata(label = "producer", description = "listRooms: the room list address (or the body).", javaType = "String")
    public static final String ROOM_LIST = "CamelEwsRoomList";
    @Metadata(label = "producer", description = "createEvent: required attendees' SMTP addresses.",
              javaType = "java.util.Collection<String>")
    public static final String ATTENDEES = "CamelEwsAttendees";
    @Metadata(label = "producer", description = "sendMessage: the recipients' SMTP addresses (a list, or one"
                                                + " comma-separated string).",
              javaType = "java.util.Collection<String>")
    public static final String RECIPIENTS = "CamelEwsRecipients";
    @Metadata(description = "The client-request-id of the (last) EWS request behind the result, as seen in"
                            + " Exchange's logs.",
              javaType = "String")
    public static final String REQUEST_ID = "CamelEwsRequestId";

    @Metadata(description = "deltaEvents: the delta link returned by the previous call (input, absent for a full"
                            + " initial read) and the new one to store (output).",
              javaType = "String")
    public static final String DELTA_LINK = "CamelEwsDeltaLink";

    /** Exchange property on consumed exchanges: rooms that failed in this poll, mailbox → error message. */
    public static final String FAILED_ROOMS = "CamelEwsFailedRooms";

    private EwsConstants() {
    }
}
