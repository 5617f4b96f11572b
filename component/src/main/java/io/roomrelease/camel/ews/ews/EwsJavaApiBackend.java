package io.roomrelease.camel.ews.ews;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.roomrelease.camel.ews.AccessMode;
import io.roomrelease.camel.ews.ConnectingIdType;
import io.roomrelease.camel.ews.EwsConflictException;
import io.roomrelease.camel.ews.EwsException;
import io.roomrelease.camel.ews.EwsItemNotFoundException;
import io.roomrelease.camel.ews.FreeBusyView;
import io.roomrelease.camel.ews.backend.AvailabilityPlanner;
import io.roomrelease.camel.ews.backend.CalendarBackend;
import io.roomrelease.camel.ews.backend.Conflicts;
import io.roomrelease.camel.ews.backend.EventDraft;
import io.roomrelease.camel.ews.model.EventDelta;
import io.roomrelease.camel.ews.model.EwsEvent;
import io.roomrelease.camel.ews.model.EwsWriteResult;
import io.roomrelease.camel.ews.model.MailboxAvailability;
import io.roomrelease.camel.ews.model.OccurrenceType;
import io.roomrelease.camel.ews.model.RoomAddress;
import microsoft.exchange.webservices.data.core.PropertySet;
import microsoft.exchange.webservices.data.core.enumeration.property.MeetingResponseType;
import microsoft.exchange.webservices.data.core.enumeration.property.WellKnownFolderName;
import microsoft.exchange.webservices.data.core.enumeration.service.ConflictResolutionMode;
import microsoft.exchange.webservices.data.core.enumeration.service.DeleteMode;
import microsoft.exchange.webservices.data.core.enumeration.service.SendCancellationsMode;
import microsoft.exchange.webservices.data.core.enumeration.service.SendInvitationsMode;
import microsoft.exchange.webservices.data.core.enumeration.service.SendInvitationsOrCancellationsMode;
import microsoft.exchange.webservices.data.core.enumeration.service.calendar.AffectedTaskOccurrence;
import microsoft.exchange.webservices.data.core.response.GetItemResponse;
import microsoft.exchange.webservices.data.core.service.item.Appointment;
import microsoft.exchange.webservices.data.core.service.item.EmailMessage;
import microsoft.exchange.webservices.data.core.service.item.Item;
import microsoft.exchange.webservices.data.property.complex.EmailAddress;
import microsoft.exchange.webservices.data.property.complex.FolderId;
import microsoft.exchange.webservices.data.core.service.schema.AppointmentSchema;
import microsoft.exchange.webservices.data.core.service.schema.ItemSchema;
import microsoft.exchange.webservices.data.property.complex.ItemId;
import microsoft.exchange.webservices.data.property.complex.Mailbox;
import microsoft.exchange.webservices.data.property.complex.MessageBody;
import microsoft.exchange.webservices.data.search.CalendarView;
import microsoft.exchange.webservices.data.search.FindItemsResults;

import static io.roomrelease.camel.ews.backend.Arguments.requireItemId;
import static io.roomrelease.camel.ews.backend.Arguments.requireMailbox;
import static io.roomrelease.camel.ews.backend.Arguments.requireMailboxes;

/**
 * {@link CalendarBackend} over EWS with ews-java-api 2.0. Each operation is one or a few EWS calls made through the
 * account's pool and retry policy; this class only knows which EWS calls make up an operation.
 */
public final class EwsJavaApiBackend implements CalendarBackend {

    /** A CalendarView may not span more than two years. */
    static final Duration MAX_CALENDAR_VIEW = Duration.ofDays(730);
    /** Ids per batched GetItem. */
    static final int GET_ITEM_BATCH = 100;

    private final EwsAccount account;
    private final AccessMode mode;
    private final ConnectingIdType idType;
    private final int pageSize;
    private final FreeBusyView freeBusyView;
    private final Clock clock;

    /** @param freeBusyView the GetUserAvailability view getAvailability asks for */
    public EwsJavaApiBackend(EwsAccount account, AccessMode mode, ConnectingIdType idType, int pageSize,
                             FreeBusyView freeBusyView, Clock clock) {
        this.account = Objects.requireNonNull(account, "account");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.idType = Objects.requireNonNull(idType, "idType");
        this.pageSize = pageSize;
        this.freeBusyView = Objects.requireNonNull(freeBusyView, "freeBusyView");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public EwsAccount account() {
        return account;
    }

    private <T> EwsAccount.Result<T> call(String operation, String mailbox, String itemId, boolean idempotent,
                                          EwsAccount.ServiceCall<T> c) {
        return account.call(operation, mailbox, itemId, mode, idType, idempotent, c);
    }

    private FolderId calendar(String mailbox) throws Exception {
        // impersonation: the impersonated user's own calendar; delegate: the room's calendar by address
        return mode == AccessMode.delegate && mailbox != null
                ? new FolderId(WellKnownFolderName.Calendar, new Mailbox(mailbox))
                : new FolderId(WellKnownFolderName.Calendar);
    }

    private record Page(List<EwsEvent> events, boolean more) {
    }

    @Override
    public Outcome<List<EwsEvent>> findEvents(String mailbox, Instant start, Instant end, boolean fetchAttendees) {
        requireMailbox(mailbox, "findEvents");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("The window end " + end + " must be after its start " + start);
        }
        if (Duration.between(start, end).compareTo(MAX_CALENDAR_VIEW) > 0) {
            throw new IllegalArgumentException("A calendar view may span at most two years (EWS limit); the window "
                                               + start + " - " + end + " is longer. Fix: narrow the window.");
        }
        Map<String, EwsEvent> byId = new LinkedHashMap<>();
        Instant from = start;
        String requestId;
        while (true) {
            Instant f = from;
            EwsAccount.Result<Page> r = call("findEvents", mailbox, null, true, s -> {
                CalendarView view = new CalendarView(Date.from(f), Date.from(end), pageSize);
                view.setPropertySet(AppointmentMapper.FIND_PROPERTIES);
                FindItemsResults<Appointment> res = s.findAppointments(calendar(mailbox), view);
                List<EwsEvent> events = new ArrayList<>();
                for (Appointment a : res.getItems()) {
                    events.add(AppointmentMapper.toEvent(a, mailbox, false));
                }
                return new Page(events, res.isMoreAvailable());
            });
            requestId = r.requestId();
            int added = 0;
            Instant last = null;
            for (EwsEvent e : r.value().events()) {
                if (byId.putIfAbsent(e.getItemId(), e) == null) {
                    added++;
                }
                if (e.getStart() != null && (last == null || e.getStart().isAfter(last))) {
                    last = e.getStart();
                }
            }
            if (!r.value().more()) {
                break;
            }
            if (added == 0 || last == null) {
                throw new EwsException("findEvents cannot page on: more than " + pageSize + " events of " + mailbox
                                       + " start at " + f, mailbox, null, requestId,
                        "raise pageSize (EWS returns at most 1000 per request) or narrow the window.", null);
            }
            from = last; // IncludesLastItemInRange=false: continue from the last returned start (duplicates dropped)
        }
        List<EwsEvent> events = new ArrayList<>(byId.values());
        if (fetchAttendees && !events.isEmpty()) {
            Outcome<List<EwsEvent>> withAttendees = withAttendees(mailbox, events);
            return withAttendees;
        }
        return new Outcome<>(events, requestId);
    }

    /** FindItem never returns attendees: read them with batched GetItem calls (at most 100 ids each). */
    private Outcome<List<EwsEvent>> withAttendees(String mailbox, List<EwsEvent> events) {
        Map<String, EwsEvent> out = new LinkedHashMap<>();
        events.forEach(e -> out.put(e.getItemId(), e));
        String requestId = null;
        for (int i = 0; i < events.size(); i += GET_ITEM_BATCH) {
            List<EwsEvent> batch = events.subList(i, Math.min(events.size(), i + GET_ITEM_BATCH));
            EwsAccount.Result<Map<String, List<List<String>>>> r = call("getItem(attendees)", mailbox, null, true, s -> {
                List<ItemId> ids = new ArrayList<>();
                for (EwsEvent e : batch) {
                    ids.add(new ItemId(e.getItemId()));
                }
                Map<String, List<List<String>>> found = new LinkedHashMap<>();
                int k = 0;
                for (GetItemResponse resp : s.bindToItems(ids, AppointmentMapper.ATTENDEE_PROPERTIES)) {
                    String requested = batch.get(k++).getItemId();
                    Item item = resp.getItem();
                    if (item instanceof Appointment a) {
                        found.put(requested, List.of(AppointmentMapper.addresses(AppointmentMapper.safe(a::getRequiredAttendees)),
                                AppointmentMapper.addresses(AppointmentMapper.safe(a::getOptionalAttendees))));
                    }
                }
                return found;
            });
            requestId = r.requestId();
            r.value().forEach((id, lists) -> out.computeIfPresent(id, (k2, e) -> e.toBuilder()
                    .requiredAttendees(lists.get(0)).optionalAttendees(lists.get(1)).attendeesLoaded(true).build()));
        }
        return new Outcome<>(new ArrayList<>(out.values()), requestId);
    }

    @Override
    public Outcome<EwsEvent> getEvent(String mailbox, String itemId) {
        requireItemId(itemId, "getEvent");
        EwsAccount.Result<EwsEvent> r = call("getEvent", mailbox, itemId, true, s -> {
            Appointment a = Appointment.bind(s, new ItemId(itemId), AppointmentMapper.FULL_PROPERTIES);
            EwsEvent e = AppointmentMapper.toEvent(a, mailbox, true);
            if (e.getOccurrence() == OccurrenceType.Occurrence || e.getOccurrence() == OccurrenceType.Exception) {
                Appointment master = Appointment.bindToRecurringMaster(s, new ItemId(itemId), PropertySet.IdOnly);
                e = e.toBuilder().seriesMasterId(master.getId().getUniqueId()).build();
            } else if (e.getOccurrence() == OccurrenceType.RecurringMaster) {
                e = e.toBuilder().seriesMasterId(e.getItemId()).build();
            }
            return e;
        });
        return new Outcome<>(r.value(), r.requestId());
    }

    @Override
    public Outcome<EwsEvent> createEvent(String mailbox, EventDraft draft) {
        requireMailbox(mailbox, "createEvent");
        // not idempotent: a dead connection is not retried (the booking may exist); throttled requests were refused
        EwsAccount.Result<String> r = call("createEvent", mailbox, null, false, s -> {
            Appointment a = new Appointment(s);
            a.setSubject(draft.subject());
            a.setStart(Date.from(draft.start()));
            a.setEnd(Date.from(draft.end()));
            if (draft.body() != null) {
                a.setBody(MessageBody.getMessageBodyFromText(draft.body()));
            }
            for (String att : draft.attendees()) {
                a.getRequiredAttendees().add(att);
            }
            s.writing();
            a.save(calendar(mailbox),
                    draft.attendees().isEmpty() ? SendInvitationsMode.SendToNone : SendInvitationsMode.SendToAllAndSaveCopy);
            return a.getId().getUniqueId();
        });
        return getEvent(mailbox, r.value());
    }

    @Override
    public Outcome<EwsEvent> updateEvent(String mailbox, String itemId, String changeKey, Instant start, Instant end) {
        requireItemId(itemId, "updateEvent");
        if (start == null && end == null) {
            throw new IllegalArgumentException("updateEvent needs a new start and/or end. Fix: set the CamelEwsStart"
                                               + " and/or CamelEwsEnd header (Instant).");
        }
        return update("updateEvent", mailbox, itemId, changeKey, (curStart, curEnd) -> new Instant[] {
                start == null ? curStart : start, end == null ? curEnd : end });
    }

    @Override
    public Outcome<EwsEvent> endEarly(String mailbox, String itemId, String changeKey) {
        requireItemId(itemId, "endEarly");
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        return update("endEarly", mailbox, itemId, changeKey, (curStart, curEnd) -> {
            if (curStart != null && !now.isAfter(curStart)) {
                throw new EwsException("endEarly: the meeting has not started yet (starts " + curStart + ", now " + now
                                       + ")", mailbox, null, null,
                        "use declineEvent or cancelEvent to free a slot that has not started.", null);
            }
            if (curEnd != null && !now.isBefore(curEnd)) {
                throw new EwsException("endEarly: the meeting already ended at " + curEnd, mailbox, null, null,
                        "nothing to do.", null);
            }
            return new Instant[] { null, now };
        });
    }

    /** Decides the new times from the current ones: returns {start, end}, null for unchanged. */
    private interface TimeChange {
        Instant[] apply(Instant currentStart, Instant currentEnd);
    }

    private Outcome<EwsEvent> update(String operation, String mailbox, String itemId, String changeKey,
                                     TimeChange change) {
        EwsAccount.Result<String> r = callForVersion(operation, mailbox, itemId, changeKey, s -> {
            s.reading();
            Appointment a = Appointment.bind(s, new ItemId(itemId), AppointmentMapper.WRITE_PROPERTIES);
            Instant curStart = AppointmentMapper.instant(AppointmentMapper.safe(a::getStart));
            Instant curEnd = AppointmentMapper.instant(AppointmentMapper.safe(a::getEnd));
            Instant[] t = change.apply(curStart, curEnd);
            Instant newStart = t[0] == null ? curStart : t[0];
            Instant newEnd = t[1] == null ? curEnd : t[1];
            if (newStart != null && newEnd != null && !newEnd.isAfter(newStart)) {
                throw new IllegalArgumentException(operation + ": the new end " + newEnd
                                                   + " must be after the start " + newStart);
            }
            if (changeKey != null) {
                a.getId().setChangeKey(changeKey); // the server checks the caller's ChangeKey, not ours
            }
            if (t[0] != null && !t[0].equals(curStart)) {
                a.setStart(Date.from(t[0]));
            }
            if (t[1] != null && !t[1].equals(curEnd)) {
                a.setEnd(Date.from(t[1]));
            }
            boolean organizer = AppointmentMapper.safe(a::getMyResponseType) == MeetingResponseType.Organizer;
            s.writing();
            a.update(changeKey != null ? ConflictResolutionMode.NeverOverwrite : ConflictResolutionMode.AutoResolve,
                    organizer ? SendInvitationsOrCancellationsMode.SendToAllAndSaveCopy
                            : SendInvitationsOrCancellationsMode.SendToNone);
            return a.getId().getUniqueId();
        });
        return getEvent(mailbox, r.value() == null ? itemId : r.value());
    }

    private EwsConflictException conflict(String mailbox, String itemId, String changeKey, EwsException e) {
        return Conflicts.afterFreshRead(this, mailbox, itemId, changeKey, e);
    }

    @Override
    public Outcome<EwsWriteResult> declineEvent(String mailbox, String itemId, String changeKey, String message,
                                                boolean wholeSeries) {
        requireMailbox(mailbox, "declineEvent");
        requireItemId(itemId, "declineEvent");
        EwsAccount.Result<String> r = callForVersion("declineEvent", mailbox, itemId, changeKey, s -> {
            s.reading();
            Appointment target = target(s, itemId, changeKey, wholeSeries);
            if (responseType(target) == MeetingResponseType.Organizer) {
                throw new EwsException("declineEvent: the room organizes item " + itemId + " and cannot decline it",
                        mailbox, null, s.lastRequestId(), "use cancelEvent for meetings the room organizes.", null);
            }
            var msg = target.createDeclineMessage();
            if (message != null) {
                msg.setBody(MessageBody.getMessageBodyFromText(message));
            }
            s.writing();
            msg.calendarSendAndSaveCopy();
            return target.getId().getUniqueId();
        });
        return new Outcome<>(new EwsWriteResult("declineEvent", mailbox, r.value(), r.requestId()), r.requestId());
    }

    @Override
    public Outcome<EwsWriteResult> cancelEvent(String mailbox, String itemId, String changeKey, String message,
                                               boolean wholeSeries) {
        requireMailbox(mailbox, "cancelEvent");
        requireItemId(itemId, "cancelEvent");
        EwsAccount.Result<String> r = callForVersion("cancelEvent", mailbox, itemId, changeKey, s -> {
            s.reading();
            Appointment target = target(s, itemId, changeKey, wholeSeries);
            MeetingResponseType role = responseType(target);
            if (role != null && role != MeetingResponseType.Organizer) {
                throw new EwsException("cancelEvent: the room does not organize item " + itemId, mailbox, null,
                        s.lastRequestId(), "use declineEvent for meetings the room attends.", null);
            }
            var msg = target.createCancelMeetingMessage();
            if (message != null) {
                msg.setBody(MessageBody.getMessageBodyFromText(message));
            }
            s.writing();
            msg.calendarSendAndSaveCopy();
            return target.getId().getUniqueId();
        });
        return new Outcome<>(new EwsWriteResult("cancelEvent", mailbox, r.value(), r.requestId()), r.requestId());
    }

    /**
     * A write to one version of an item (not retried); a version conflict becomes an {@link EwsConflictException}
     * with the current copy.
     */
    private EwsAccount.Result<String> callForVersion(String operation, String mailbox, String itemId, String changeKey,
                                                     EwsAccount.ServiceCall<String> c) {
        try {
            return call(operation, mailbox, itemId, false, c);
        } catch (EwsException e) {
            if (e.responseCode() != null && EwsFailures.CONFLICT_CODES.contains(e.responseCode())) {
                throw conflict(mailbox, itemId, changeKey, e);
            }
            throw e;
        }
    }

    /**
     * The item to respond to. With the ChangeKey the caller read (one item or occurrence): a reference to exactly that
     * version, without a GetItem - Exchange refuses a response to a version that is no longer current, and refuses a
     * decline by the organizer or a cancel by an attendee itself. Otherwise the item itself, or its series master
     * when the whole series is meant, read with GetItem.
     */
    private static Appointment target(ManagedExchangeService s, String itemId, String changeKey, boolean wholeSeries)
            throws Exception {
        if (changeKey != null && !changeKey.isBlank() && !wholeSeries) {
            ItemId id = new ItemId(itemId);
            id.setChangeKey(changeKey);
            Appointment reference = new Appointment(s);
            // ews-java-api sets an item's id only while loading a server reply; a response object needs nothing else
            reference.getPropertyBag().getProperties().put(ItemSchema.Id, id);
            return reference;
        }
        Appointment a = Appointment.bind(s, new ItemId(itemId), AppointmentMapper.WRITE_PROPERTIES);
        var type = AppointmentMapper.safe(a::getAppointmentType);
        if (wholeSeries && type != null && type != microsoft.exchange.webservices.data.core.enumeration.service.calendar.AppointmentType.Single
                && type != microsoft.exchange.webservices.data.core.enumeration.service.calendar.AppointmentType.RecurringMaster) {
            return Appointment.bindToRecurringMaster(s, new ItemId(itemId), AppointmentMapper.WRITE_PROPERTIES);
        }
        return a;
    }

    /** The mailbox's role in the meeting, or null when the item was not read (a reference by ChangeKey). */
    private static MeetingResponseType responseType(Appointment a) {
        return a.getPropertyBag().getProperties().containsKey(AppointmentSchema.MyResponseType)
                ? AppointmentMapper.safe(a::getMyResponseType) : null;
    }

    @Override
    public Outcome<EwsWriteResult> deleteEvent(String mailbox, String itemId) {
        requireItemId(itemId, "deleteEvent");
        EwsAccount.Result<Void> r = call("deleteEvent", mailbox, itemId, false, s -> {
            s.writing();
            s.deleteItem(new ItemId(itemId), DeleteMode.MoveToDeletedItems, SendCancellationsMode.SendToNone,
                    AffectedTaskOccurrence.AllOccurrences);
            return null;
        });
        return new Outcome<>(new EwsWriteResult("deleteEvent", mailbox, itemId, r.requestId()), r.requestId());
    }

    @Override
    public Outcome<EwsWriteResult> sendMessage(String mailbox, List<String> to, String subject, String body) {
        requireMailbox(mailbox, "sendMessage");
        if (to == null || to.isEmpty()) {
            throw new IllegalArgumentException("sendMessage needs at least one recipient.");
        }
        // not idempotent: a dead connection after sending is an unknown outcome, never a second mail
        EwsAccount.Result<Void> r = call("sendMessage", mailbox, null, false, s -> {
            EmailMessage m = new EmailMessage(s);
            m.setSubject(subject == null ? "" : subject);
            m.setBody(MessageBody.getMessageBodyFromText(body == null ? "" : body));
            for (String recipient : to) {
                m.getToRecipients().add(recipient);
            }
            s.writing();
            if (mode == AccessMode.delegate) {
                // delegate access: send as the room (needs Send As) and keep the copy in the room's Sent Items
                m.setFrom(new EmailAddress(mailbox));
                m.sendAndSaveCopy(new FolderId(WellKnownFolderName.SentItems, new Mailbox(mailbox)));
            } else {
                m.sendAndSaveCopy(); // impersonation: the impersonated room's own Sent Items
            }
            return null;
        });
        return new Outcome<>(new EwsWriteResult("sendMessage", mailbox, null, r.requestId()), r.requestId());
    }

    @Override
    public Outcome<List<MailboxAvailability>> getAvailability(String actingMailbox, Collection<String> mailboxes,
                                                              Instant start, Instant end) {
        requireMailboxes(mailboxes);
        AvailabilityPlanner planner = new AvailabilityPlanner(mailboxes);
        String requestId = null;
        for (AvailabilityPlanner.Batch b : planner.batches(start, end)) {
            EwsAccount.Result<List<FreeBusyRequest.Answer>> r = call("getAvailability", actingMailbox, null, true,
                    s -> new FreeBusyRequest(s, b.mailboxes(), b.start(), b.end(), freeBusyView).execute());
            if (r.value().size() != b.mailboxes().size()) {
                throw new EwsException("getAvailability: GetUserAvailability answered " + r.value().size()
                        + " mailboxes for the " + b.mailboxes().size() + " asked", actingMailbox, null, r.requestId(),
                        "check the server; Exchange answers one FreeBusyResponse per mailbox, in the order asked", null);
            }
            requestId = r.requestId();
            for (int i = 0; i < b.mailboxes().size(); i++) {
                FreeBusyRequest.Answer a = r.value().get(i);
                planner.add(b.mailboxes().get(i), a.errorCode(), a.errorMessage(), a.slots());
            }
        }
        return new Outcome<>(planner.result(), requestId);
    }

    @Override
    public Outcome<List<RoomAddress>> listRoomLists(String actingMailbox) {
        EwsAccount.Result<List<RoomAddress>> r = call("listRoomLists", actingMailbox, null, true, s -> {
            List<RoomAddress> out = new ArrayList<>();
            for (EmailAddress e : s.getRoomLists()) {
                out.add(new RoomAddress(e.getAddress(), e.getName()));
            }
            return out;
        });
        return new Outcome<>(r.value(), r.requestId());
    }

    @Override
    public Outcome<List<RoomAddress>> listRooms(String actingMailbox, String roomList) {
        if (roomList == null || roomList.isBlank()) {
            throw new IllegalArgumentException("listRooms needs a room list address. Fix: set the CamelEwsRoomList"
                                               + " header or send the address as the body.");
        }
        EwsAccount.Result<List<RoomAddress>> r = call("listRooms", roomList, null, true, s -> {
            s.target(actingMailbox, mode == AccessMode.impersonation,
                    microsoft.exchange.webservices.data.core.enumeration.misc.ConnectingIdType.valueOf(idType.name()));
            List<RoomAddress> out = new ArrayList<>();
            for (EmailAddress e : s.getRooms(new EmailAddress(roomList))) {
                out.add(new RoomAddress(e.getAddress(), e.getName()));
            }
            return out;
        });
        return new Outcome<>(r.value(), r.requestId());
    }

    @Override
    public Outcome<EventDelta> deltaEvents(String mailbox, Instant start, Instant end, String deltaLink) {
        throw new EwsException("deltaEvents needs api=graph (Microsoft Graph calendarView/delta); on EWS use the"
                               + " calendar strategy", mailbox, null, null,
                "set api=graph (Exchange Online), or read the window with findEvents.", null);
    }
}
