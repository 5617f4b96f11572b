package io.roomrelease.camel.ews;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.roomrelease.camel.ews.backend.CalendarBackend;
import io.roomrelease.camel.ews.backend.EventDraft;
import io.roomrelease.camel.ews.model.EwsEvent;
import io.roomrelease.camel.ews.model.EwsWriteResult;
import io.roomrelease.camel.ews.model.MailboxAvailability;
import io.roomrelease.camel.ews.model.RoomAddress;

/** An in-memory backend that records calls, for tests of the Camel layer. */
class FakeBackend implements CalendarBackend {

    final List<String> calls = new CopyOnWriteArrayList<>();
    final Map<String, List<EwsEvent>> calendars = new ConcurrentHashMap<>();
    final Map<String, RuntimeException> failing = new ConcurrentHashMap<>();
    final Map<String, List<RoomAddress>> roomLists = new ConcurrentHashMap<>();

    static EwsEvent event(String mailbox, String id, Instant start) {
        Instant s = start == null ? Instant.EPOCH : start;
        return EwsEvent.builder().itemId(id).changeKey("ck-" + id).mailbox(mailbox).start(s)
                .end(s.plusSeconds(1800)).subject("s").organizer("org@x.com").build();
    }

    private String rid(String op) {
        return "rid-" + op;
    }

    @Override
    public Outcome<List<EwsEvent>> findEvents(String mailbox, Instant start, Instant end, boolean fetchAttendees) {
        calls.add("findEvents " + mailbox + " " + start + " " + end);
        RuntimeException e = failing.get(mailbox);
        if (e != null) {
            throw e;
        }
        return new Outcome<>(calendars.getOrDefault(mailbox, List.of()), rid("find-" + mailbox));
    }

    @Override
    public Outcome<EwsEvent> getEvent(String mailbox, String itemId) {
        calls.add("getEvent " + mailbox + " " + itemId);
        return new Outcome<>(event(mailbox, itemId, Instant.EPOCH), rid("get"));
    }

    @Override
    public Outcome<EwsEvent> createEvent(String mailbox, EventDraft draft) {
        calls.add("createEvent " + mailbox + " " + draft);
        return new Outcome<>(event(mailbox, "new", draft.start()), rid("create"));
    }

    @Override
    public Outcome<EwsEvent> updateEvent(String mailbox, String itemId, String changeKey, Instant start, Instant end) {
        calls.add("updateEvent " + mailbox + " " + itemId + " " + changeKey + " " + start + " " + end);
        return new Outcome<>(event(mailbox, itemId, start), rid("update"));
    }

    @Override
    public Outcome<EwsEvent> endEarly(String mailbox, String itemId, String changeKey) {
        calls.add("endEarly " + mailbox + " " + itemId + " " + changeKey);
        return new Outcome<>(event(mailbox, itemId, Instant.EPOCH), rid("endEarly"));
    }

    @Override
    public Outcome<EwsWriteResult> declineEvent(String mailbox, String itemId, String changeKey, String message,
                                                boolean wholeSeries) {
        calls.add("declineEvent " + mailbox + " " + itemId + " " + message + " " + wholeSeries);
        return new Outcome<>(new EwsWriteResult("declineEvent", mailbox, itemId, rid("decline")), rid("decline"));
    }

    @Override
    public Outcome<EwsWriteResult> cancelEvent(String mailbox, String itemId, String changeKey, String message,
                                               boolean wholeSeries) {
        calls.add("cancelEvent " + mailbox + " " + itemId + " " + message + " " + wholeSeries);
        return new Outcome<>(new EwsWriteResult("cancelEvent", mailbox, itemId, rid("cancel")), rid("cancel"));
    }

    @Override
    public Outcome<EwsWriteResult> deleteEvent(String mailbox, String itemId) {
        calls.add("deleteEvent " + mailbox + " " + itemId);
        return new Outcome<>(new EwsWriteResult("deleteEvent", mailbox, itemId, rid("delete")), rid("delete"));
    }

    @Override
    public Outcome<List<MailboxAvailability>> getAvailability(String acting, Collection<String> mailboxes,
                                                              Instant start, Instant end) {
        calls.add("getAvailability " + mailboxes + " " + start + " " + end);
        List<MailboxAvailability> out = new ArrayList<>();
        mailboxes.forEach(m -> out.add(new MailboxAvailability(m, null, null, List.of())));
        return new Outcome<>(out, rid("avail"));
    }

    @Override
    public Outcome<List<RoomAddress>> listRoomLists(String acting) {
        calls.add("listRoomLists");
        return new Outcome<>(List.of(new RoomAddress("b1@x.com", "Building 1")), rid("lists"));
    }

    @Override
    public Outcome<List<RoomAddress>> listRooms(String acting, String roomList) {
        calls.add("listRooms " + roomList);
        RuntimeException e = failing.get(roomList);
        if (e != null) {
            throw e;
        }
        return new Outcome<>(roomLists.getOrDefault(roomList, List.of()), rid("rooms"));
    }

    @Override
    public Outcome<EwsWriteResult> sendMessage(String mailbox, List<String> to, String subject, String body) {
        calls.add("sendMessage " + mailbox + " " + to + " " + subject);
        return new Outcome<>(new EwsWriteResult("sendMessage", mailbox, null, rid("sendMessage")), rid("sendMessage"));
    }

    @Override
    public Outcome<io.roomrelease.camel.ews.model.EventDelta> deltaEvents(String mailbox, Instant start, Instant end,
                                                                          String deltaLink) {
        calls.add("deltaEvents " + mailbox + " " + deltaLink);
        return new Outcome<>(new io.roomrelease.camel.ews.model.EventDelta(calendars.getOrDefault(mailbox, List.of()),
                List.of(), "delta-" + mailbox + "-" + (deltaLink == null ? 1 : deltaLink.length()), deltaLink == null),
                rid("deltaEvents"));
    }
}
