package io.roomrelease.ews.simulator.model;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.roomrelease.ews.simulator.model.AuditEntry.LogonType;
import io.roomrelease.ews.simulator.ops.Operations;
import io.roomrelease.ews.simulator.scenario.MeetingSpec;
import io.roomrelease.ews.simulator.scenario.Scenario;
import io.roomrelease.ews.simulator.soap.EwsOperationHandler;

/**
 * The simulated organisation's state, behind one facade: the {@link Directory} (rooms, room lists, users,
 * accounts), the {@link CalendarEngine} (one calendar per mailbox and Exchange's calendar semantics, with
 * {@link RecurrenceExpansion} for series) and the {@link Outbox} (messages Exchange "sent" and the mailbox
 * audit log). The {@link #operations() operation handlers} translate EWS SOAP to and from it.
 *
 * <p>Thread-safe: calendar reads share a lock, writes are exclusive; the directory is immutable.
 */
public final class ExchangeStore {
    private final Scenario scenario;
    private final Clock clock;
    private final Directory directory;
    private final Outbox outbox;
    private final CalendarEngine calendars;
    private final List<EwsOperationHandler> operations;

    /** Builds the organisation and its calendars from a scenario; relative data was resolved when the scenario was built. */
    public ExchangeStore(Scenario scenario, Clock clock) {
        this.scenario = scenario;
        this.clock = clock;
        this.directory = new Directory(scenario);
        this.outbox = new Outbox(clock, directory);
        this.calendars = new CalendarEngine(directory, outbox, scenario.timeZone(), clock);
        int n = 0;
        for (MeetingSpec m : scenario.meetings()) {
            n++;
            try {
                calendars.seed(m);
            } catch (IllegalArgumentException | StoreException e) {
                throw new IllegalArgumentException("meeting #" + n + " ('" + m.subject() + "'): " + e.getMessage(), e);
            }
        }
        this.operations = Operations.all(this);
    }

    /** The account with this logon name (case-insensitive). */
    public Optional<Account> account(String logon) {
        return directory.account(logon);
    }

    /** The account with this OAuth client id (case-sensitive, like Azure AD client ids in practice). */
    public Optional<Account> accountByClientId(String clientId) {
        return directory.accountByClientId(clientId);
    }

    /** Whether a room or user mailbox has this address (case-insensitive). */
    public boolean mailboxExists(String smtp) {
        return directory.hasMailbox(smtp);
    }

    /** Whether the address is a room mailbox. */
    public boolean isRoom(String smtp) {
        return directory.isRoom(smtp);
    }

    /** The display name of a mailbox, or the address when unknown. */
    public String displayName(String smtp) {
        return directory.displayName(smtp);
    }

    /** The primary address of a mailbox as the directory spells it (addresses are case-insensitive). */
    public String canonicalAddress(String smtp) {
        return directory.canonicalAddress(smtp);
    }

    /** Every mailbox address: rooms, then users. */
    public List<String> mailboxes() {
        return directory.mailboxes();
    }

    public List<Room> rooms() {
        return directory.rooms();
    }

    public Optional<Room> room(String smtp) {
        return directory.room(smtp);
    }

    public List<RoomList> roomLists() {
        return directory.roomLists();
    }

    public Optional<RoomList> roomList(String smtp) {
        return directory.roomList(smtp);
    }

    public List<User> users() {
        return directory.users();
    }

    /** The scenario the store was built from. */
    public Scenario scenario() {
        return scenario;
    }

    /** Every operation handler the simulator serves, bound to this store. */
    public List<EwsOperationHandler> operations() {
        return operations;
    }

    /**
     * The free/busy detail {@code access} may see on {@code mailbox}'s calendar: full for the mailbox
     * itself (or when impersonating it) and for delegates; otherwise the Default user's permission.
     */
    public PermissionLevel freeBusyPermission(Access access, String mailbox) {
        return directory.freeBusyPermission(access, mailbox);
    }

    /** Every message sent so far, oldest first. */
    public List<SentMessage> sentMessages() {
        return outbox.sentMessages();
    }

    /**
     * A plain mail the acting mailbox sends as itself (CreateItem t:Message with SendOnly or SendAndSaveCopy): recorded
     * with the other sent messages (kind MAIL), audited like any non-owner access.
     */
    public SentMessage sendMail(Access access, List<String> to, String subject, String body) {
        String from = canonicalAddress(access.actingMailbox());
        calendars.checkAccess(access, from, "Send", null); // audits the access (impersonation or delegate)
        return recordMail(from, to, subject, body);
    }

    /** Messages sent to {@code recipient} (case-insensitive). */
    public List<SentMessage> sentMessages(String recipient) {
        return sentMessages().stream().filter(m -> m.to().stream().anyMatch(t -> t.equalsIgnoreCase(recipient))).toList();
    }

    /** The non-owner mailbox access log, oldest first. */
    public List<AuditEntry> auditLog() {
        return outbox.auditLog();
    }

    /**
     * Records a failed access that never reached a mailbox operation, e.g. a denied impersonation
     * ({@code operation} "Impersonate") or a failed logon ({@code "Logon"}).
     */
    public void recordFailedAccess(String actor, String mailbox, String operation, LogonType logonType,
            String clientRequestId, String errorCode) {
        outbox.recordFailedAccess(actor, mailbox, operation, logonType, clientRequestId, errorCode);
    }

    /** The items of a mailbox's calendar (singles and series masters, not expanded), by start. */
    public List<CalendarEntry> calendar(String mailbox) {
        return calendars.calendar(mailbox);
    }

    /** The mailbox's calendar between two instants, recurring series expanded into occurrences, by start. */
    public List<CalendarEntry> calendar(String mailbox, Instant from, Instant to) {
        return calendars.calendar(mailbox, from, to);
    }

    /** An item or occurrence by id, without access checks. */
    public Optional<CalendarEntry> item(String id) {
        return calendars.item(id);
    }

    /** Adds a meeting as a scenario would (no messages, no audit) and returns the organizer's item. */
    public CalendarEntry addMeeting(MeetingSpec meeting) {
        return calendars.addMeeting(meeting);
    }

    /** The number of items (singles and masters) in every calendar. */
    public int itemCount() {
        return calendars.itemCount();
    }

    /** CalendarView: the mailbox's calendar expanded between {@code from} and {@code to}, checked and audited. */
    public List<CalendarEntry> findCalendarView(Access access, String mailbox, Instant from, Instant to) {
        return calendars.findCalendarView(access, mailbox, from, to);
    }

    /** GetFolder of a mailbox's calendar: its TotalCount (items, not occurrences), checked and audited. */
    public int calendarFolderCount(Access access, String mailbox) {
        return calendars.calendarFolderCount(access, mailbox);
    }

    /** The mailbox's calendar items unexpanded (singles and masters), checked and audited. */
    public List<CalendarEntry> findItems(Access access, String mailbox) {
        return calendars.findItems(access, mailbox);
    }

    /** Busy times for availability: the mailbox's calendar expanded, without cancelled or free items. */
    public List<CalendarEntry> busyTimes(String mailbox, Instant from, Instant to) {
        return calendars.busyTimes(mailbox, from, to);
    }

    /** GetItem of one item or occurrence id. */
    public CalendarEntry getItem(Access access, String id) {
        return calendars.getItem(access, id);
    }

    /** The id of the occurrence with a 1-based index of a series master ({@code OccurrenceItemId}). */
    public String occurrenceId(Access access, String masterId, int instanceIndex) {
        return calendars.occurrenceId(access, masterId, instanceIndex);
    }

    /** The series master's id of an occurrence or exception id ({@code RecurringMasterItemId}). */
    public String masterId(Access access, String occurrenceId) {
        return calendars.masterId(access, occurrenceId);
    }

    /**
     * CreateItem of a calendar item in {@code mailbox}'s calendar: the mailbox becomes the organizer; with
     * invitations, attendees with mailboxes get copies and rooms answer like the resource booking assistant.
     */
    public CalendarEntry createItem(Access access, String mailbox, NewItem item, boolean sendInvitations) {
        return calendars.createItem(access, mailbox, item, sendInvitations);
    }

    /**
     * AcceptItem, TentativelyAcceptItem or DeclineItem on an attendee's item or occurrence, without a
     * ChangeKey check.
     *
     * @see #respond(Access, String, String, ResponseType, String, boolean)
     */
    public void respond(Access access, String referenceId, ResponseType response, String body, boolean send) {
        calendars.respond(access, referenceId, response, body, send);
    }

    /**
     * AcceptItem, TentativelyAcceptItem or DeclineItem on an attendee's item or occurrence. Declining
     * removes it (or the occurrence) from the attendee's calendar; a master answers for the whole series.
     * A ChangeKey that is not the item's current one fails like in {@link #updateItem} and changes nothing.
     *
     * @param changeKey the ChangeKey of the ReferenceItemId (for an occurrence: the one FindItem and GetItem
     *                  return for it), or null to skip the check
     */
    public void respond(Access access, String referenceId, String changeKey, ResponseType response, String body,
            boolean send) {
        calendars.respond(access, referenceId, changeKey, response, body, send);
    }

    /**
     * CancelCalendarItem by the organizer, without a ChangeKey check.
     *
     * @see #cancel(Access, String, String, String, boolean)
     */
    public void cancel(Access access, String referenceId, String body, boolean send) {
        calendars.cancel(access, referenceId, body, send);
    }

    /**
     * CancelCalendarItem, or DeleteItem with meeting cancellations, by the organizer: removes the
     * organizer's item (or occurrence), removes room copies, marks user copies cancelled and, when
     * {@code send}, notifies the attendees. A ChangeKey that is not the item's current one fails like in
     * {@link #updateItem} and changes nothing.
     *
     * @param changeKey the ChangeKey of the ReferenceItemId (for an occurrence: the one FindItem and GetItem
     *                  return for it), or null to skip the check
     */
    public void cancel(Access access, String referenceId, String changeKey, String body, boolean send) {
        calendars.cancel(access, referenceId, changeKey, body, send);
    }

    /**
     * DeleteItem. An organizer's meeting with {@code sendCancellations} is cancelled for its attendees;
     * otherwise only this mailbox's item (or occurrence) goes.
     */
    public void deleteItem(Access access, String id, String deleteType, boolean sendCancellations) {
        calendars.deleteItem(access, id, deleteType, sendCancellations);
    }

    /**
     * UpdateItem of one item or occurrence (an occurrence becomes an exception). A ChangeKey that is not
     * current fails with ErrorIrresolvableConflict unless {@code alwaysOverwrite}. When the organizer
     * updates a meeting and {@code propagate}, attendees' copies follow and rooms re-check conflicts.
     *
     * @param changeKey the ChangeKey the client holds, or null to skip the check
     */
    public CalendarEntry updateItem(Access access, String id, String changeKey, boolean alwaysOverwrite,
            boolean propagate, ItemChanges changes) {
        return calendars.updateItem(access, id, changeKey, alwaysOverwrite, propagate, changes);
    }

    /** Records a failed operation on a mailbox in the audit log (for non-owner access). */
    public void auditFailure(Access access, String mailbox, String operation, String itemId, String errorCode) {
        if (mailbox != null) {
            outbox.audit(access, mailbox, operation, itemId, AuditEntry.Result.Failed, errorCode);
        }
    }

    /**
     * Records a plain mail {@code from} a mailbox sent (Graph {@code sendMail}) among the sent messages, where the
     * admin endpoint and tests read it like every other message.
     *
     * @return the stored message
     */
    public SentMessage recordMail(String from, List<String> to, String subject, String body) {
        if (!mailboxExists(from)) {
            throw new StoreException("ErrorNonExistentMailbox", "No mailbox with SMTP address " + from + " exists.");
        }
        outbox.send(SentMessage.Kind.MAIL, canonicalAddress(from), to, subject == null ? "" : subject, body, null, null,
                null, clock.instant());
        List<SentMessage> all = sentMessages();
        return all.get(all.size() - 1);
    }
}
