package io.roomrelease.camel.ews.backend;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import io.roomrelease.camel.ews.model.EventDelta;
import io.roomrelease.camel.ews.model.EwsEvent;
import io.roomrelease.camel.ews.model.EwsWriteResult;
import io.roomrelease.camel.ews.model.MailboxAvailability;
import io.roomrelease.camel.ews.model.RoomAddress;

/**
 * The calendar operations the component needs, independent of the protocol. The EWS implementation is
 * {@code EwsJavaApiBackend}; a Microsoft Graph backend can implement the same interface. Every method throws the
 * component's {@code EwsException} subclasses; every result carries the request id of the last request it took.
 */
public interface CalendarBackend {

    /** Events of {@code mailbox} overlapping [start, end), paged to the end. */
    Outcome<List<EwsEvent>> findEvents(String mailbox, Instant start, Instant end, boolean fetchAttendees);

    /** One event with every first-class property, attendees and (for an occurrence) the series master id. */
    Outcome<EwsEvent> getEvent(String mailbox, String itemId);

    /** Books a meeting in the room's calendar with the room as organizer; invitations go to the attendees. */
    Outcome<EwsEvent> createEvent(String mailbox, EventDraft draft);

    /**
     * Moves start and/or end of the mailbox's copy. With a ChangeKey the update only succeeds if the item is unchanged;
     * on a stale key the item is read once more and an {@code EwsConflictException} carries the fresh copy.
     */
    Outcome<EwsEvent> updateEvent(String mailbox, String itemId, String changeKey, Instant start, Instant end);

    /** Sets End to now on the mailbox's copy (for an occurrence, that occurrence). */
    Outcome<EwsEvent> endEarly(String mailbox, String itemId, String changeKey);

    /**
     * The mailbox declines on its own behalf with a message (SendAndSaveCopy); one occurrence or the whole series.
     * With a ChangeKey (one occurrence or single meeting) the decline refers to exactly that version of the item in a
     * single CreateItem: if the item changed since it was read, Exchange refuses and an {@code EwsConflictException}
     * says so, so nothing is declined that the caller has not seen. Without one, the item is read first (GetItem).
     */
    Outcome<EwsWriteResult> declineEvent(String mailbox, String itemId, String changeKey, String message,
                                         boolean wholeSeries);

    /**
     * Cancels a meeting the mailbox organizes (attendees are notified); one occurrence or the whole series. The
     * ChangeKey works as for {@link #declineEvent}.
     */
    Outcome<EwsWriteResult> cancelEvent(String mailbox, String itemId, String changeKey, String message,
                                        boolean wholeSeries);

    /** Deletes the mailbox's copy without notifying anyone. */
    Outcome<EwsWriteResult> deleteEvent(String mailbox, String itemId);

    /** Busy periods for any number of mailboxes over any window, split into server-sized requests and merged. */
    Outcome<List<MailboxAvailability>> getAvailability(String actingMailbox, Collection<String> mailboxes, Instant start,
                                                       Instant end);

    /** The organization's room lists. */
    Outcome<List<RoomAddress>> listRoomLists(String actingMailbox);

    /** The rooms of a room list. */
    Outcome<List<RoomAddress>> listRooms(String actingMailbox, String roomList);


    /**
     * What changed in the mailbox's calendar window [start, end) since {@code deltaLink} (null: a full initial read).
     * An expired or invalid link is answered with a full read and {@link EventDelta#restarted()} true. Only the Graph
     * backend supports it.
     */
    Outcome<EventDelta> deltaEvents(String mailbox, Instant start, Instant end, String deltaLink);

    /**
     * The mailbox (a room) sends a plain-text mail as itself, saved to its Sent Items (EWS: CreateItem t:Message,
     * MessageDisposition=SendAndSaveCopy, under impersonation). Not idempotent: a lost reply is
     * {@code EwsOutcomeUnknownException}, never resent.
     */
    Outcome<EwsWriteResult> sendMessage(String mailbox, List<String> to, String subject, String body);

    /**
     * A value with the request id of the last request that produced it.
     *
     * @param value     the result
     * @param requestId the client-request-id
     */
    record Outcome<T>(T value, String requestId) {
    }
}
