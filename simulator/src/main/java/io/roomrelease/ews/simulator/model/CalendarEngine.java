package io.roomrelease.ews.simulator.model;

import static io.roomrelease.ews.simulator.model.RecurrenceExpansion.BY_START;
import static io.roomrelease.ews.simulator.model.RecurrenceExpansion.entry;
import static io.roomrelease.ews.simulator.model.RecurrenceExpansion.expand;
import static io.roomrelease.ews.simulator.model.RecurrenceExpansion.isSlot;
import static io.roomrelease.ews.simulator.model.RecurrenceExpansion.occurrenceEntry;
import static io.roomrelease.ews.simulator.model.RecurrenceExpansion.originalStart;
import static io.roomrelease.ews.simulator.model.RecurrenceExpansion.view;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

import io.roomrelease.ews.simulator.model.CalendarItem.OccurrenceOverride;
import io.roomrelease.ews.simulator.scenario.MeetingSpec;

/**
 * Exchange's calendar semantics over every mailbox's calendar: the organizer's item plus attendee copies
 * sharing a UID, the resource booking assistant, responses, cancellations, updates, recurring series with
 * deleted and modified occurrences, access checks. Messages and audit entries go to the {@link Outbox}.
 *
 * <p>Thread-safe: reads share a lock, writes are exclusive.
 */
final class CalendarEngine {
    /** How far ahead the resource booking assistant checks a recurring series for conflicts (Exchange: 180 days). */
    static final Duration BOOKING_WINDOW = Duration.ofDays(180);

    private final Clock clock;
    private final ZoneId zone;
    private final Directory directory;
    private final Outbox log;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final AtomicLong serials = new AtomicLong();
    private final Map<String, MailboxCalendar> calendars = new HashMap<>();
    private final Map<Long, CalendarItem> items = new HashMap<>();
    private final Map<String, List<CalendarItem>> byUid = new HashMap<>();

    CalendarEngine(Directory directory, Outbox log, ZoneId zone, Clock clock) {
        this.directory = directory;
        this.log = log;
        this.zone = zone;
        this.clock = clock;
        for (String mailbox : directory.mailboxes()) {
            calendars.put(Directory.key(mailbox), new MailboxCalendar());
        }
    }

    /** Adds a scenario meeting while the store is being built (no lock needed yet). */
    void seed(MeetingSpec m) {
        addScenarioMeeting(m);
    }

    // ------------------------------------------------------------------ reads

    /** The items of a mailbox's calendar (singles and series masters, not expanded), by start. */
    List<CalendarEntry> calendar(String mailbox) {
        return read(() -> {
            MailboxCalendar cal = calendarOf(mailbox);
            List<CalendarEntry> out = new ArrayList<>();
            cal.all().forEach(i -> out.add(entry(i)));
            out.sort(BY_START);
            return out;
        });
    }

    /** The mailbox's calendar between two instants, recurring series expanded into occurrences, by start. */
    List<CalendarEntry> calendar(String mailbox, Instant from, Instant to) {
        return read(() -> view(calendarOf(mailbox), from, to));
    }

    /** An item or occurrence by id, without access checks. */
    Optional<CalendarEntry> item(String id) {
        return read(() -> {
            try {
                return Optional.of(resolveEntry(ItemIds.parse(id)));
            } catch (StoreException e) {
                return Optional.empty();
            }
        });
    }

    /** Adds a meeting as a scenario would (no messages, no audit) and returns the organizer's item. */
    CalendarEntry addMeeting(MeetingSpec meeting) {
        return write(() -> entry(addScenarioMeeting(meeting)));
    }

    /** The number of items (singles and masters) in every calendar. */
    int itemCount() {
        return read(items::size);
    }

    // ------------------------------------------------------------------ operations used by the handlers

    /** CalendarView: the mailbox's calendar expanded between {@code from} and {@code to}, checked and audited. */
    List<CalendarEntry> findCalendarView(Access access, String mailbox, Instant from, Instant to) {
        return read(() -> {
            checkAccess(access, mailbox, "FindItem", null);
            return view(calendarOf(mailbox), from, to, true);
        });
    }

    /** GetFolder of a mailbox's calendar: the number of items in it (singles and masters), checked and audited. */
    int calendarFolderCount(Access access, String mailbox) {
        return read(() -> {
            checkAccess(access, mailbox, "GetFolder", null);
            return calendarOf(mailbox).all().size();
        });
    }

    /** The mailbox's calendar items unexpanded (singles and masters), checked and audited. */
    List<CalendarEntry> findItems(Access access, String mailbox) {
        return read(() -> {
            checkAccess(access, mailbox, "FindItem", null);
            List<CalendarEntry> out = new ArrayList<>();
            calendarOf(mailbox).all().forEach(i -> out.add(entry(i)));
            out.sort(BY_START);
            return out;
        });
    }

    /** Busy times for availability: the mailbox's calendar expanded, without cancelled or free items. */
    List<CalendarEntry> busyTimes(String mailbox, Instant from, Instant to) {
        return read(() -> view(calendarOf(mailbox), from, to).stream()
                .filter(e -> !e.cancelled() && !"Free".equals(e.legacyFreeBusy())).toList());
    }

    /** GetItem of one item or occurrence id. */
    CalendarEntry getItem(Access access, String id) {
        return read(() -> {
            ItemIds.Ref ref = ItemIds.parse(id);
            checkAccess(access, ref.mailbox(), "GetItem", id);
            return resolveEntry(ref);
        });
    }

    /** The id of the occurrence with a 1-based index of a series master ({@code OccurrenceItemId}). */
    String occurrenceId(Access access, String masterId, int instanceIndex) {
        return read(() -> {
            ItemIds.Ref ref = ItemIds.parse(masterId);
            checkAccess(access, ref.mailbox(), "GetItem", masterId);
            CalendarItem master = existing(ref);
            if (!master.isMaster()) {
                throw new StoreException("ErrorCalendarOccurrenceIndexIsOutOfRecurrenceRange",
                        "The item is not a recurring master, so it has no occurrences.");
            }
            LocalDate date = master.recurrence.dateOf(instanceIndex);
            if (date == null) {
                throw new StoreException("ErrorCalendarOccurrenceIndexIsOutOfRecurrenceRange",
                        "Occurrence index is out of recurrence range.");
            }
            Instant originalStart = originalStart(master, date);
            if (master.isDeleted(originalStart)) {
                throw new StoreException("ErrorCalendarOccurrenceIsDeletedFromRecurrence",
                        "Occurrence with this index was previously deleted from the recurrence.");
            }
            return ItemIds.occurrence(master.serial, master.mailbox, originalStart);
        });
    }

    /** The series master's id of an occurrence or exception id ({@code RecurringMasterItemId}). */
    String masterId(Access access, String occurrenceId) {
        return read(() -> {
            ItemIds.Ref ref = ItemIds.parse(occurrenceId);
            checkAccess(access, ref.mailbox(), "GetItem", occurrenceId);
            CalendarItem item = existing(ref);
            if (!ref.isOccurrence() && !item.isMaster()) {
                throw new StoreException("ErrorItemNotFound", "The item is not part of a recurring series.");
            }
            return item.id;
        });
    }

    /**
     * CreateItem of a calendar item in {@code mailbox}'s calendar: the mailbox becomes the organizer; with
     * invitations, attendees with mailboxes get copies and rooms answer like the resource booking assistant.
     */
    CalendarEntry createItem(Access access, String mailbox, NewItem item, boolean sendInvitations) {
        return write(() -> {
            checkAccess(access, mailbox, "Create", null);
            if (item.end().isBefore(item.start())) {
                throw new StoreException("ErrorCalendarEndDateIsEarlierThanStartDate", "EndDate is earlier than StartDate");
            }
            Instant now = clock.instant();
            CalendarItem organizerItem = newOrganizerItem(directory.canonicalAddress(mailbox), item, now);
            organizerItem.meetingRequestWasSent = sendInvitations && organizerItem.meeting;
            if (sendInvitations && organizerItem.meeting) {
                invite(organizerItem, item, now);
            }
            log.audit(access, mailbox, "Create", organizerItem.id, AuditEntry.Result.Succeeded, null);
            return entry(organizerItem);
        });
    }

    /**
     * AcceptItem, TentativelyAcceptItem or DeclineItem on an attendee's item or occurrence, without a
     * ChangeKey check.
     *
     * @see #respond(Access, String, String, ResponseType, String, boolean)
     */
    void respond(Access access, String referenceId, ResponseType response, String body, boolean send) {
        respond(access, referenceId, null, response, body, send);
    }

    /**
     * AcceptItem, TentativelyAcceptItem or DeclineItem on an attendee's item or occurrence. Declining
     * removes it (or the occurrence) from the attendee's calendar; a master answers for the whole series.
     * A ChangeKey that is not the item's current one fails like in {@link #updateItem} and changes nothing.
     *
     * @param changeKey the ChangeKey of the ReferenceItemId (for an occurrence: the one FindItem and GetItem
     *                  return for it), or null to skip the check
     */
    void respond(Access access, String referenceId, String changeKey, ResponseType response, String body,
            boolean send) {
        audited(access, referenceId, response == ResponseType.Decline ? "Decline" : response == ResponseType.Accept ? "Accept" : "Tentative", () -> {
            ItemIds.Ref ref = ItemIds.parse(referenceId);
            String operation = response == ResponseType.Decline ? "Decline" : response == ResponseType.Accept ? "Accept" : "Tentative";
            checkAccess(access, ref.mailbox(), operation, referenceId);
            CalendarItem item = existing(ref);
            if (changeKey != null) {
                requireCurrentChangeKey(item, changeKey);
            }
            if (item.isOrganizer()) {
                throw new StoreException("ErrorCalendarIsOrganizerFor" + suffixOf(response),
                        "The organizer of a meeting cannot " + operation.toLowerCase(Locale.ROOT) + " it.");
            }
            if (!item.meeting) {
                throw new StoreException("ErrorInvalidOperation",
                        "The item is an appointment without attendees, not a meeting, so it cannot be responded to.");
            }
            if (item.cancelled) {
                throw new StoreException("ErrorCalendarIsCancelledFor" + suffixOf(response),
                        "The meeting was cancelled by its organizer; remove it instead of responding.");
            }
            Instant now = clock.instant();
            Instant occurrence = ref.originalStart();
            if (response == ResponseType.Decline) {
                if (occurrence != null) {
                    item.deleteOccurrence(occurrence);
                    item.touch(now);
                } else {
                    removeItem(item);
                }
            } else if (occurrence != null) {
                item.touch(now); // per-occurrence answers of attendees are not kept on their copy
            } else {
                item.myResponse = response;
                item.legacyFreeBusy = response == ResponseType.Tentative ? "Tentative" : "Busy";
                item.touch(now);
            }
            CalendarItem organizerItem = organizerItemOf(item.uid);
            String organizerItemId = null;
            if (organizerItem != null) {
                if (send) {
                    // The organizer's tracking changes only when the response message reaches the organizer's
                    // mailbox; a SaveOnly response is a draft in the attendee's mailbox and tells nobody.
                    recordResponse(organizerItem, item.mailbox, response, occurrence, now);
                }
                organizerItemId = occurrence != null && organizerItem.isMaster()
                        ? ItemIds.occurrence(organizerItem.serial, organizerItem.mailbox, occurrence) : organizerItem.id;
            }
            if (send) {
                log.send(kindOf(response), item.mailbox, List.of(item.organizer.email()), item.subject, body, item.uid,
                        organizerItemId, occurrence, now);
            }
            log.audit(access, item.mailbox, operation, referenceId, AuditEntry.Result.Succeeded, null);
            return null;
        });
    }

    /**
     * CancelCalendarItem by the organizer, without a ChangeKey check.
     *
     * @see #cancel(Access, String, String, String, boolean)
     */
    void cancel(Access access, String referenceId, String body, boolean send) {
        cancel(access, referenceId, null, body, send);
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
    void cancel(Access access, String referenceId, String changeKey, String body, boolean send) {
        audited(access, referenceId, "Cancel", () -> {
            ItemIds.Ref ref = ItemIds.parse(referenceId);
            checkAccess(access, ref.mailbox(), "Cancel", referenceId);
            CalendarItem item = existing(ref);
            if (changeKey != null) {
                requireCurrentChangeKey(item, changeKey);
            }
            if (!item.isOrganizer()) {
                throw new StoreException("ErrorCalendarIsNotOrganizer",
                        "Only the organizer of a meeting can cancel it; attendees decline instead (DeclineItem).");
            }
            cancelAsOrganizer(item, ref.originalStart(), body, send, clock.instant());
            log.audit(access, item.mailbox, "Cancel", referenceId, AuditEntry.Result.Succeeded, null);
            return null;
        });
    }

    /**
     * DeleteItem. An organizer's meeting with {@code sendCancellations} is cancelled for its attendees;
     * otherwise only this mailbox's item (or occurrence) goes.
     */
    void deleteItem(Access access, String id, String deleteType, boolean sendCancellations) {
        audited(access, id, deleteType, () -> {
            ItemIds.Ref ref = ItemIds.parse(id);
            checkAccess(access, ref.mailbox(), deleteType, id);
            CalendarItem item = existing(ref);
            Instant now = clock.instant();
            if (item.isOrganizer() && item.meeting && sendCancellations) {
                cancelAsOrganizer(item, ref.originalStart(), "", true, now);
            } else if (ref.isOccurrence()) {
                item.deleteOccurrence(ref.originalStart());
                item.touch(now);
            } else {
                removeItem(item);
            }
            log.audit(access, item.mailbox, deleteType, id, AuditEntry.Result.Succeeded, null);
            return null;
        });
    }

    /**
     * UpdateItem of one item or occurrence (an occurrence becomes an exception). A ChangeKey that is not
     * current fails with ErrorIrresolvableConflict unless {@code alwaysOverwrite}. When the organizer
     * updates a meeting and {@code propagate}, attendees' copies follow and rooms re-check conflicts.
     *
     * @param changeKey the ChangeKey the client holds, or null to skip the check
     */
    CalendarEntry updateItem(Access access, String id, String changeKey, boolean alwaysOverwrite,
            boolean propagate, ItemChanges changes) {
        return audited(access, id, "Update", () -> {
            ItemIds.Ref ref = ItemIds.parse(id);
            checkAccess(access, ref.mailbox(), "Update", id);
            CalendarItem item = existing(ref);
            if (changeKey != null && !alwaysOverwrite) {
                requireCurrentChangeKey(item, changeKey);
            }
            Instant now = clock.instant();
            Instant occurrence = ref.originalStart();
            List<String> before = item.allAttendees().stream().map(a -> Directory.key(a.email())).toList();
            applyChanges(item, occurrence, changes);
            item.touch(now);
            if (item.isOrganizer() && (item.meeting || !before.isEmpty()) && propagate) {
                item.sequence++;
                List<String> after = item.allAttendees().stream().map(a -> Directory.key(a.email())).toList();
                uninvite(item, before.stream().filter(a -> !after.contains(a)).toList(), now);
                propagateUpdate(item, occurrence, changes, now);
                inviteAdded(item, after.stream().filter(a -> !before.contains(a)).toList(), now);
            }
            log.audit(access, item.mailbox, "Update", id, AuditEntry.Result.Succeeded, null);
            return occurrence != null ? occurrenceEntry(item, occurrence) : entry(item);
        });
    }

    /** Records a failed operation on a mailbox in the audit log (for non-owner access). */
    // ------------------------------------------------------------------ internals: access

    /**
     * Fails unless {@code changeKey} names the item's current version: ErrorInvalidChangeKey when it is not
     * one of the simulator's ChangeKeys for this item, ErrorIrresolvableConflict when it is another version.
     * Occurrences carry their master's ChangeKey, so {@code item} is the master for an occurrence id.
     */
    private static void requireCurrentChangeKey(CalendarItem item, String changeKey) {
        long held = ItemIds.changeKeyVersion(changeKey, item.serial);
        if (held < 0) {
            throw new StoreException("ErrorInvalidChangeKey", "The change key is invalid.");
        }
        if (held != item.version) {
            throw new StoreException("ErrorIrresolvableConflict",
                    "The send or update operation could not be performed because the change key passed in the "
                            + "request does not match the current change key for the item.");
        }
    }

    /** Fails unless the caller may reach {@code mailbox}; audits non-owner access. */
    void checkAccess(Access access, String mailbox, String operation, String itemId) {
        if (!directory.hasMailbox(mailbox)) {
            throw new StoreException(itemId == null ? "ErrorNonExistentMailbox" : "ErrorItemNotFound",
                    itemId == null ? "No mailbox with SMTP address " + mailbox + " exists."
                            : "The specified object was not found in the store.");
        }
        if (!mailbox.equalsIgnoreCase(access.actingMailbox())) {
            if (!directory.hasDelegateAccess(access.account(), mailbox)) {
                log.audit(access, mailbox, operation, itemId, AuditEntry.Result.Failed, "ErrorAccessDenied");
                throw new StoreException("ErrorAccessDenied", "Access is denied. Check credentials and try again. "
                        + access.account() + " has no delegate permission on the calendar of " + mailbox + ".");
            }
        }
        if (!"Create".equals(operation) && !"Update".equals(operation) && !operation.endsWith("Delete")
                && !"Cancel".equals(operation) && !"Decline".equals(operation) && !"Accept".equals(operation)
                && !"Tentative".equals(operation)) {
            log.audit(access, mailbox, operation, itemId, AuditEntry.Result.Succeeded, null);
        }
    }
    // ------------------------------------------------------------------ internals: building meetings

    private CalendarItem addScenarioMeeting(MeetingSpec m) {
        String organizer = m.organizer();
        if (!directory.hasMailbox(organizer)) {
            throw new IllegalArgumentException("organizer " + organizer + " has no mailbox; add it under users or rooms");
        }
        for (String r : m.rooms()) {
            if (!directory.isRoom(r)) {
                throw new IllegalArgumentException("room " + r + " is not a room; add it under rooms");
            }
        }
        Instant start = m.start();
        Instant end = m.end();
        if (m.allDay()) {
            start = start.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
            long days = Math.max(1, (m.duration().toHours() + 23) / 24);
            end = start.atZone(zone).plusDays(days).toInstant();
        }
        Recurrence recurrence = m.recurrence();
        if (recurrence != null && !recurrence.matches(start.atZone(zone).toLocalDate())) {
            throw new IllegalArgumentException("the recurrence pattern has no occurrence on the meeting's start date "
                    + start.atZone(zone).toLocalDate() + "; start the meeting on one of its days");
        }
        List<Attendee> required = m.attendees().stream().map(a -> attendee(a, ResponseType.Accept)).toList();
        List<Attendee> optional = m.optionalAttendees().stream().map(a -> attendee(a, ResponseType.Accept)).toList();
        List<Attendee> resources = m.rooms().stream().map(r -> attendee(r, m.roomResponse())).toList();
        NewItem item = new NewItem(m.subject(), m.location(), m.body(), start, end, m.allDay(), recurrence, required,
                optional, resources, null, m.tags());
        CalendarItem organizerItem = newOrganizerItem(directory.canonicalAddress(organizer), item, m.created());
        organizerItem.meetingRequestWasSent = organizerItem.meeting;
        for (Attendee a : organizerItem.allAttendees()) {
            if (!directory.hasMailbox(a.email()) || a.response() == ResponseType.Decline) {
                continue;
            }
            CalendarItem copy = attendeeCopy(organizerItem, a.email(), a.response(), m.created());
            copy.tags = organizerItem.tags;
        }
        return organizerItem;
    }

    private Attendee attendee(String email, ResponseType response) {
        return new Attendee(directory.canonicalAddress(email), directory.displayName(email), response, null);
    }

    private CalendarItem newOrganizerItem(String mailbox, NewItem n, Instant created) {
        CalendarItem item = new CalendarItem(serials.incrementAndGet(), mailbox, newUid());
        item.subject = n.subject();
        item.body = n.body();
        item.start = n.start();
        item.end = n.end();
        item.allDay = n.allDay();
        item.zone = zone;
        item.recurrence = n.recurrence();
        item.required = n.required();
        item.optional = n.optional();
        item.resources = n.resources();
        item.meeting = !item.allAttendees().isEmpty();
        item.organizer = new Attendee(mailbox, directory.displayName(mailbox), ResponseType.Organizer, null);
        item.myResponse = item.meeting ? ResponseType.Organizer : ResponseType.Organizer;
        item.legacyFreeBusy = n.legacyFreeBusy();
        item.created = created;
        item.lastModified = created;
        item.tags = n.tags();
        item.location = n.location() != null ? n.location() : defaultLocation(item);
        insert(item);
        return item;
    }

    private String defaultLocation(CalendarItem item) {
        List<String> names = item.allAttendees().stream().filter(a -> directory.isRoom(a.email())).map(Attendee::name).toList();
        return names.isEmpty() ? "" : String.join("; ", names);
    }

    private CalendarItem attendeeCopy(CalendarItem organizerItem, String attendee, ResponseType response, Instant created) {
        CalendarItem copy = new CalendarItem(serials.incrementAndGet(), directory.canonicalAddress(attendee), organizerItem.uid);
        copy.subject = organizerItem.subject;
        copy.location = organizerItem.location;
        copy.body = organizerItem.body;
        copy.start = organizerItem.start;
        copy.end = organizerItem.end;
        copy.allDay = organizerItem.allDay;
        copy.zone = organizerItem.zone;
        copy.recurrence = organizerItem.recurrence;
        copy.required = organizerItem.required;
        copy.optional = organizerItem.optional;
        copy.resources = organizerItem.resources;
        copy.organizer = organizerItem.organizer;
        copy.meeting = true;
        copy.myResponse = response;
        copy.legacyFreeBusy = response == ResponseType.Tentative || response == ResponseType.NoResponseReceived
                ? "Tentative" : organizerItem.legacyFreeBusy;
        copy.created = created;
        copy.lastModified = created;
        copy.sequence = organizerItem.sequence;
        copy.meetingRequestWasSent = false;
        insert(copy);
        return copy;
    }

    /** Sends invitations: copies for attendees with mailboxes; rooms accept if free, else decline. */
    private void invite(CalendarItem organizerItem, NewItem n, Instant now) {
        List<String> recipients = new ArrayList<>();
        for (Attendee a : organizerItem.allAttendees()) {
            recipients.add(a.email());
        }
        log.send(SentMessage.Kind.REQUEST, organizerItem.mailbox, recipients, organizerItem.subject, organizerItem.body,
                organizerItem.uid, organizerItem.id, null, now);
        for (Attendee a : organizerItem.allAttendees()) {
            if (!directory.hasMailbox(a.email()) || a.email().equalsIgnoreCase(organizerItem.mailbox)) {
                continue;
            }
            if (directory.isRoom(a.email())) {
                bookRoom(organizerItem, a.email(), now);
            } else {
                organizerItem.setResponse(a.email(), ResponseType.NoResponseReceived, null);
                attendeeCopy(organizerItem, a.email(), ResponseType.NoResponseReceived, now);
            }
        }
    }

    /** The resource booking assistant: accept when the room is free for the meeting (every occurrence in the booking window). */
    private void bookRoom(CalendarItem organizerItem, String room, Instant now) {
        boolean free = roomIsFree(room, organizerItem, now);
        ResponseType answer = free ? ResponseType.Accept : ResponseType.Decline;
        organizerItem.setResponse(room, answer, now);
        if (free) {
            attendeeCopy(organizerItem, room, ResponseType.Accept, now);
        }
        String body = free ? "Your request was accepted." : "Your request was declined because the room is not available at that time.";
        log.send(kindOf(answer), directory.canonicalAddress(room), List.of(organizerItem.mailbox), organizerItem.subject, body,
                organizerItem.uid, organizerItem.id, null, now);
    }

    private boolean roomIsFree(String room, CalendarItem meeting, Instant now) {
        MailboxCalendar cal = calendarOf(room);
        List<Interval> wanted = new ArrayList<>();
        if (meeting.isMaster()) {
            Instant horizon = now.plus(BOOKING_WINDOW);
            Instant from = meeting.start;
            for (CalendarEntry occ : expand(meeting, from, horizon.isAfter(from) ? horizon : from.plus(BOOKING_WINDOW))) {
                wanted.add(new Interval(occ.start(), occ.end()));
            }
        } else {
            wanted.add(new Interval(meeting.start, meeting.end));
        }
        for (Interval w : wanted) {
            for (CalendarEntry e : view(cal, w.start, w.end)) {
                if (!e.uid().equals(meeting.uid) && !e.cancelled() && !"Free".equals(e.legacyFreeBusy())
                        && e.start().isBefore(w.end) && e.end().isAfter(w.start)) {
                    return false;
                }
            }
        }
        return true;
    }

    private record Interval(Instant start, Instant end) {
    }

    // ------------------------------------------------------------------ internals: responses, cancellations, updates

    private void recordResponse(CalendarItem organizerItem, String attendee, ResponseType response, Instant occurrence, Instant now) {
        if (occurrence != null && organizerItem.isMaster()) {
            OccurrenceOverride o = organizerItem.override(occurrence);
            if (o.responses == null) {
                o.responses = new HashMap<>();
            }
            o.responses.put(Directory.key(attendee), response);
        } else {
            organizerItem.setResponse(attendee, response, now);
        }
        organizerItem.touch(now);
    }

    private void cancelAsOrganizer(CalendarItem item, Instant occurrence, String body, boolean send, Instant now) {
        List<String> recipients = new ArrayList<>();
        // Attendees' copies (the rooms' included) change only when a cancellation reaches them: with SaveOnly
        // the cancellation is a draft in the organizer's mailbox and every room stays booked.
        for (CalendarItem copy : send ? List.copyOf(byUid.getOrDefault(item.uid, List.of())) : List.<CalendarItem>of()) {
            if (copy == item) {
                continue;
            }
            if (occurrence != null) {
                if (copy.isMaster()) {
                    if (directory.isRoom(copy.mailbox)) {
                        copy.deleteOccurrence(occurrence);
                    } else {
                        copy.override(occurrence).cancelled = true;
                    }
                    copy.touch(now);
                }
            } else if (directory.isRoom(copy.mailbox)) {
                removeItem(copy);
            } else {
                copy.cancelled = true;
                copy.subject = "Canceled: " + copy.subject;
                copy.legacyFreeBusy = "Free";
                copy.touch(now);
            }
        }
        for (Attendee a : item.allAttendees()) {
            if (a.response() != ResponseType.Decline) {
                recipients.add(a.email());
            }
        }
        if (occurrence != null) {
            item.deleteOccurrence(occurrence);
            item.touch(now);
        } else {
            removeItem(item);
        }
        if (send && !recipients.isEmpty()) {
            log.send(SentMessage.Kind.CANCELLATION, item.mailbox, recipients, item.subject, body, item.uid, item.id, occurrence, now);
        }
    }

    /**
     * Attendees added by an UpdateItem: an invitation; copies for users (no response yet); rooms answer like the
     * resource booking assistant.
     */
    private void inviteAdded(CalendarItem organizerItem, List<String> added, Instant now) {
        if (added.isEmpty()) {
            return;
        }
        log.send(SentMessage.Kind.REQUEST, organizerItem.mailbox, added.stream().map(directory::canonicalAddress).toList(),
                organizerItem.subject, organizerItem.body, organizerItem.uid, organizerItem.id, null, now);
        for (String a : added) {
            if (!directory.hasMailbox(a) || a.equalsIgnoreCase(organizerItem.mailbox)) {
                continue;
            }
            if (directory.isRoom(a)) {
                bookRoom(organizerItem, a, now);
            } else {
                organizerItem.setResponse(a, ResponseType.NoResponseReceived, null);
                attendeeCopy(organizerItem, a, ResponseType.NoResponseReceived, now);
            }
        }
    }

    /** Attendees removed by an UpdateItem: a cancellation; rooms free the slot, users' copies are cancelled. */
    private void uninvite(CalendarItem organizerItem, List<String> removed, Instant now) {
        if (removed.isEmpty()) {
            return;
        }
        for (CalendarItem copy : List.copyOf(byUid.getOrDefault(organizerItem.uid, List.of()))) {
            if (copy == organizerItem || !removed.contains(Directory.key(copy.mailbox))) {
                continue;
            }
            if (directory.isRoom(copy.mailbox)) {
                removeItem(copy);
            } else {
                copy.cancelled = true;
                copy.subject = "Canceled: " + copy.subject;
                copy.legacyFreeBusy = "Free";
                copy.touch(now);
            }
        }
        log.send(SentMessage.Kind.CANCELLATION, organizerItem.mailbox,
                removed.stream().map(directory::canonicalAddress).toList(), organizerItem.subject, "", organizerItem.uid,
                organizerItem.id, null, now);
    }

    /** The new attendee list: those already invited keep their responses, new ones have not answered. */
    private List<Attendee> attendees(CalendarItem item, List<String> emails) {
        List<Attendee> out = new ArrayList<>();
        for (String email : emails) {
            Attendee existing = item.allAttendees().stream().filter(a -> a.email().equalsIgnoreCase(email)).findFirst()
                    .orElse(null);
            out.add(existing != null ? existing : new Attendee(directory.canonicalAddress(email),
                    directory.displayName(email), ResponseType.NoResponseReceived, null));
        }
        return List.copyOf(out);
    }

    private void applyChanges(CalendarItem item, Instant occurrence, ItemChanges c) {
        if (c.changesAttendees()) {
            if (occurrence != null) {
                throw new StoreException("ErrorInvalidPropertySet", "The simulator changes the attendees of a whole "
                        + "meeting or series, not of one occurrence; update the series master or the single meeting.");
            }
            if (!item.isOrganizer()) {
                throw new StoreException("ErrorInvalidPropertySet",
                        "Only the organizer's item carries the attendee lists that invitations are sent from.");
            }
            List<Attendee> required = c.required() != null ? attendees(item, c.required()) : item.required;
            List<Attendee> optional = c.optional() != null ? attendees(item, c.optional()) : item.optional;
            List<Attendee> resources = c.resources() != null ? attendees(item, c.resources()) : item.resources;
            item.required = required;
            item.optional = optional;
            item.resources = resources;
            item.meeting = !item.allAttendees().isEmpty();
        }
        if (occurrence != null) {
            OccurrenceOverride o = item.override(occurrence);
            Instant start = c.start() != null ? c.start() : (o.start != null ? o.start : occurrence);
            Instant end = c.end() != null ? c.end() : (o.end != null ? o.end : occurrence.plus(item.duration()));
            if (end.isBefore(start)) {
                throw new StoreException("ErrorCalendarEndDateIsEarlierThanStartDate", "EndDate is earlier than StartDate");
            }
            if (c.start() != null || c.end() != null) {
                o.start = start;
                o.end = end;
            }
            if (c.subject() != null) {
                o.subject = c.subject();
            }
            if (c.location() != null) {
                o.location = c.location();
            }
            return;
        }
        Instant start = c.start() != null ? c.start() : item.start;
        Instant end = c.end() != null ? c.end() : item.end;
        if (end.isBefore(start)) {
            throw new StoreException("ErrorCalendarEndDateIsEarlierThanStartDate", "EndDate is earlier than StartDate");
        }
        if (item.isMaster() && c.start() != null
                && !item.recurrence.matches(start.atZone(item.zone).toLocalDate())) {
            throw new StoreException("ErrorRecurrenceHasNoOccurrence",
                    "The new start of the series does not fall on a day of its recurrence pattern.");
        }
        MailboxCalendar cal = calendarOf(item.mailbox);
        cal.remove(item);
        item.start = start;
        item.end = end;
        if (c.allDay() != null) {
            item.allDay = c.allDay();
        }
        if (c.subject() != null) {
            item.subject = c.subject();
        }
        if (c.location() != null) {
            item.location = c.location();
        }
        if (c.body() != null) {
            item.body = c.body();
        }
        if (c.legacyFreeBusy() != null) {
            item.legacyFreeBusy = c.legacyFreeBusy();
        }
        cal.add(item);
    }

    private void propagateUpdate(CalendarItem organizerItem, Instant occurrence, ItemChanges c, Instant now) {
        ItemChanges forCopies = new ItemChanges(c.subject(), c.location(), c.body(), c.start(), c.end(), c.allDay(), null);
        List<String> recipients = new ArrayList<>();
        for (CalendarItem copy : List.copyOf(byUid.getOrDefault(organizerItem.uid, List.of()))) {
            if (copy == organizerItem || copy.cancelled || (occurrence != null && !copy.isMaster())) {
                continue; // a cancelled copy belongs to an attendee the update removed
            }
            recipients.add(copy.mailbox);
            applyChanges(copy, occurrence, forCopies);
            if (c.changesAttendees()) {
                copy.required = organizerItem.required;
                copy.optional = organizerItem.optional;
                copy.resources = organizerItem.resources;
            }
            copy.sequence = organizerItem.sequence;
            copy.touch(now);
            if (c.changesTime() && directory.isRoom(copy.mailbox) && occurrence == null) {
                if (!roomIsFree(copy.mailbox, copy, now)) {
                    removeItem(copy);
                    organizerItem.setResponse(copy.mailbox, ResponseType.Decline, now);
                    log.send(SentMessage.Kind.DECLINE, copy.mailbox, List.of(organizerItem.mailbox), organizerItem.subject,
                            "Your request was declined because the room is not available at that time.",
                            organizerItem.uid, organizerItem.id, null, now);
                }
            } else if (c.changesTime() && !directory.isRoom(copy.mailbox)) {
                copy.myResponse = ResponseType.NoResponseReceived;
                organizerItem.setResponse(copy.mailbox, ResponseType.NoResponseReceived, null);
            }
        }
        for (Attendee a : organizerItem.allAttendees()) {
            if (!directory.hasMailbox(a.email())) {
                recipients.add(a.email());
            }
        }
        if (!recipients.isEmpty()) {
            log.send(SentMessage.Kind.UPDATE, organizerItem.mailbox, recipients, organizerItem.subject, organizerItem.body,
                    organizerItem.uid, organizerItem.id, occurrence, now);
        }
    }

    private CalendarItem organizerItemOf(String uid) {
        for (CalendarItem i : byUid.getOrDefault(uid, List.of())) {
            if (i.isOrganizer()) {
                return i;
            }
        }
        return null;
    }
    private static String suffixOf(ResponseType response) {
        return response == ResponseType.Decline ? "Decline" : response == ResponseType.Accept ? "Accept" : "Tentative";
    }

    private static SentMessage.Kind kindOf(ResponseType response) {
        return switch (response) {
            case Accept -> SentMessage.Kind.ACCEPT;
            case Tentative -> SentMessage.Kind.TENTATIVE;
            default -> SentMessage.Kind.DECLINE;
        };
    }

    // ------------------------------------------------------------------ internals: storage and views

    private void insert(CalendarItem item) {
        items.put(item.serial, item);
        byUid.computeIfAbsent(item.uid, k -> new ArrayList<>(2)).add(item);
        calendarOf(item.mailbox).add(item);
    }

    private void removeItem(CalendarItem item) {
        items.remove(item.serial);
        List<CalendarItem> siblings = byUid.get(item.uid);
        if (siblings != null) {
            siblings.remove(item);
            if (siblings.isEmpty()) {
                byUid.remove(item.uid);
            }
        }
        calendarOf(item.mailbox).remove(item);
    }

    private MailboxCalendar calendarOf(String mailbox) {
        MailboxCalendar cal = calendars.get(Directory.key(mailbox));
        if (cal == null) {
            throw new StoreException("ErrorNonExistentMailbox", "No mailbox with SMTP address " + mailbox + " exists.");
        }
        return cal;
    }

    private CalendarItem existing(ItemIds.Ref ref) {
        CalendarItem item = items.get(ref.serial());
        if (item == null || !item.mailbox.equalsIgnoreCase(ref.mailbox())) {
            throw new StoreException("ErrorItemNotFound", "The specified object was not found in the store.");
        }
        if (ref.isOccurrence()) {
            if (!item.isMaster() || item.isDeleted(ref.originalStart()) || !isSlot(item, ref.originalStart())) {
                throw new StoreException("ErrorItemNotFound", "The specified object was not found in the store.");
            }
        }
        return item;
    }

    private CalendarEntry resolveEntry(ItemIds.Ref ref) {
        CalendarItem item = existing(ref);
        return ref.isOccurrence() ? occurrenceEntry(item, ref.originalStart()) : entry(item);
    }
    private <T> T read(Supplier<T> body) {
        lock.readLock().lock();
        try {
            return body.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Runs a write on an item of {@code id}'s mailbox; an item-level failure after the access check is
     * recorded in the audit log for non-owners.
     */
    private <T> T audited(Access access, String id, String operation, Supplier<T> body) {
        try {
            return write(body);
        } catch (StoreException e) {
            if (!"ErrorAccessDenied".equals(e.responseCode()) && !"ErrorInvalidIdMalformed".equals(e.responseCode())) {
                ItemIds.Ref ref = ItemIds.parse(id);
                if (directory.hasMailbox(ref.mailbox())) {
                    log.audit(access, ref.mailbox(), operation, id, AuditEntry.Result.Failed, e.responseCode());
                }
            }
            throw e;
        }
    }

    private <T> T write(Supplier<T> body) {
        lock.writeLock().lock();
        try {
            return body.get();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private static String newUid() {
        return "040000008200E00074C5B7101A82E008" + UUID.randomUUID().toString().replace("-", "").toUpperCase(Locale.ROOT);
    }
}
