package io.roomrelease.camel.ews.graph;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.roomrelease.camel.ews.EwsConflictException;
import io.roomrelease.camel.ews.EwsException;
import io.roomrelease.camel.ews.EwsItemNotFoundException;
import io.roomrelease.camel.ews.EwsMailboxNotFoundException;
import io.roomrelease.camel.ews.backend.Arguments;
import io.roomrelease.camel.ews.backend.AvailabilityPlanner;
import io.roomrelease.camel.ews.backend.CalendarBackend;
import io.roomrelease.camel.ews.backend.Conflicts;
import io.roomrelease.camel.ews.backend.EventDraft;
import io.roomrelease.camel.ews.metrics.CalendarMetrics;
import io.roomrelease.camel.ews.model.BusySlot;
import io.roomrelease.camel.ews.model.EventDelta;
import io.roomrelease.camel.ews.model.EwsEvent;
import io.roomrelease.camel.ews.model.EwsWriteResult;
import io.roomrelease.camel.ews.model.MailboxAvailability;
import io.roomrelease.camel.ews.model.OccurrenceType;
import io.roomrelease.camel.ews.model.RoomAddress;

/**
 * {@link CalendarBackend} over Microsoft Graph v1.0 with app-only access. Each operation is one or a few Graph requests
 * made through the app's {@link GraphClient}; bodies and exceptions mean the same as with the EWS backend, so routes
 * run unchanged on either.
 */
public final class GraphBackend implements CalendarBackend {

    /** getSchedule: at most 20 schedules per request. */
    static final int MAX_SCHEDULES = 20;
    /** getSchedule: the window must be shorter than 62 days. */
    static final Duration MAX_SCHEDULE_WINDOW = Duration.ofDays(61);
    /** getSchedule availabilityViewInterval (5..1440 minutes); the component reads scheduleItems, not the view. */
    static final int AVAILABILITY_VIEW_INTERVAL = 30;
    /** Pages followed before a paging loop is declared broken. */
    static final int MAX_PAGES = 10_000;

    private static final String PREFER_UTC = "outlook.timezone=\"UTC\"";

    private final GraphClient client;
    private final int pageSize;
    private final Clock clock;

    public GraphBackend(GraphClient client, int pageSize, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.pageSize = pageSize;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public GraphClient client() {
        return client;
    }

    /** Operations of this thread in progress: only the outermost is reported (endEarly reads before it writes). */
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    /**
     * Runs one operation and reports it once to the client's metrics (backend {@code graph}): its outcome and wall
     * time, retries, back-offs and the reads it makes on its own included - as the EWS backend reports its calls.
     */
    private <T> T measured(String operation, java.util.function.Supplier<T> call) {
        int[] depth = DEPTH.get();
        if (depth[0] > 0) {
            return call.get();
        }
        depth[0]++;
        long began = System.nanoTime(); // monitoring only: elapsed time, never a decision
        String outcome = CalendarMetrics.SUCCESS;
        try {
            return call.get();
        } catch (RuntimeException e) {
            outcome = CalendarMetrics.outcomeOf(e);
            throw e;
        } finally {
            depth[0]--;
            client.metrics().request(GraphClient.BACKEND, operation, outcome,
                    Duration.ofNanos(System.nanoTime() - began));
        }
    }

    // --- paths and helpers -----------------------------------------------------------------------------------------

    /** Percent-encodes a path segment (an address keeps its {@code @}). */
    static String seg(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                || c == '_' || c == '~' || c == '@') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return sb.toString();
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String user(String mailbox) {
        return "/users/" + seg(mailbox);
    }

    private static String event(String mailbox, String itemId) {
        return user(mailbox) + "/events/" + seg(itemId);
    }

    /** Headers of a delta read: UTC times and the page size (event: delta documents Prefer: odata.maxpagesize). */
    private List<String> readHeaders() {
        return List.of("Prefer", PREFER_UTC, "Prefer", "odata.maxpagesize=" + pageSize);
    }

    private static String requireMailbox(String mailbox, String operation) {
        return Arguments.requireMailbox(mailbox, operation).trim();
    }

    private static void requireWindow(Instant start, Instant end) {
        if (start == null || end == null || !end.isAfter(start)) {
            throw new IllegalArgumentException("The window end " + end + " must be after its start " + start);
        }
    }

    /** Maps a reply; a reply of the wrong shape is a clear error (for a write that went through: outcome unknown). */
    private <T> T read(GraphClient.Request r, GraphClient.Response resp, Function<JsonNode, T> mapper) {
        try {
            return mapper.apply(resp.body());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new GraphFailures(client.settings().authorization().principal(), client.settings().baseUrl().toString(),
                    clock, r.operation(), r.mailbox(), r.itemId(), r.idempotent(), resp::requestId)
                    .translate(new GraphReplyException(resp.status(), "a reply of an unexpected shape: " + e.getMessage(),
                            e));
        }
    }

    private static boolean isConflict(EwsException e) {
        return e instanceof GraphRequestException g
               && (g.httpStatus() == 412 || GraphFailures.CONFLICT.contains(GraphFailures.lower(g.responseCode())));
    }

    private EwsConflictException conflict(String mailbox, String itemId, String changeKey, EwsException e) {
        return Conflicts.afterFreshRead(this, mailbox, itemId, changeKey, e);
    }

    /** A write to one version of an item: If-Match with the caller's changeKey; a stale one becomes a conflict. */
    private GraphClient.Response writeVersion(String operation, String method, String path, JsonNode body,
                                              String mailbox, String itemId, String changeKey) {
        List<String> headers = new ArrayList<>(List.of("Prefer", PREFER_UTC));
        if (changeKey != null && !changeKey.isBlank()) {
            headers.add("If-Match");
            headers.add(GraphMapper.etag(changeKey));
        }
        try {
            return client.send(new GraphClient.Request(operation, method, path, body, mailbox, itemId, false, headers));
        } catch (EwsException e) {
            if (isConflict(e)) {
                throw conflict(mailbox, itemId, changeKey, e);
            }
            throw e;
        }
    }

    /** Follows @odata.nextLink to the end; returns the last page's body (for its deltaLink) and the request id. */
    private String pages(String operation, String mailbox, String first, List<String> headers,
                         java.util.function.BiConsumer<GraphClient.Request, GraphClient.Response> page,
                         String[] lastLink) {
        String target = first;
        Set<String> seen = new HashSet<>();
        String requestId = null;
        for (int n = 0; target != null; n++) {
            if (n >= MAX_PAGES || !seen.add(target)) {
                throw new EwsException(operation + ": Graph's paging does not end (a nextLink repeats)", mailbox,
                        "MalformedReply", requestId, "check that graphUrl points at Microsoft Graph v1.0.", null);
            }
            GraphClient.Request r = new GraphClient.Request(operation, "GET", target, null, mailbox, null, true,
                    headers);
            GraphClient.Response resp = client.send(r);
            requestId = resp.requestId();
            page.accept(r, resp);
            String next = read(r, resp, b -> GraphJson.text(b, "@odata.nextLink"));
            if (lastLink != null && next == null) {
                lastLink[0] = read(r, resp, b -> GraphJson.text(b, "@odata.deltaLink"));
            }
            target = next;
        }
        return requestId;
    }

    // --- reads -----------------------------------------------------------------------------------------------------

    @Override
    public Outcome<List<EwsEvent>> findEvents(String mailbox, Instant start, Instant end, boolean fetchAttendees) {
        return measured("findEvents", () -> doFindEvents(mailbox, start, end, fetchAttendees));
    }

    private Outcome<List<EwsEvent>> doFindEvents(String mailbox, Instant start, Instant end, boolean fetchAttendees) {
        String m = requireMailbox(mailbox, "findEvents");
        requireWindow(start, end);
        // Graph returns attendees with the event itself: no second round of requests as with EWS FindItem
        // the page size as List calendarView documents it: the OData $top parameter (kept in each nextLink);
        // Prefer: odata.maxpagesize is what the delta function documents, and is used there
        String path = user(m) + "/calendarView?startDateTime=" + q(start.toString()) + "&endDateTime="
                      + q(end.toString()) + "&$top=" + pageSize + "&$select="
                      + q(fetchAttendees ? GraphMapper.SELECT_WITH_ATTENDEES : GraphMapper.SELECT);
        Map<String, EwsEvent> byId = new LinkedHashMap<>();
        String rid = pages("findEvents", m, path, List.of("Prefer", PREFER_UTC), (r, resp) -> read(r, resp, b -> {
            for (JsonNode e : GraphJson.array(b, "value")) {
                EwsEvent ev = GraphMapper.event(e, m, fetchAttendees);
                byId.putIfAbsent(ev.getItemId(), ev);
            }
            return null;
        }), null);
        return new Outcome<>(new ArrayList<>(byId.values()), rid);
    }

    @Override
    public Outcome<EwsEvent> getEvent(String mailbox, String itemId) {
        return measured("getEvent", () -> doGetEvent(mailbox, itemId));
    }

    private Outcome<EwsEvent> doGetEvent(String mailbox, String itemId) {
        String m = requireMailbox(mailbox, "getEvent");
        Arguments.requireItemId(itemId, "getEvent");
        GraphClient.Request r = new GraphClient.Request("getEvent", "GET",
                event(m, itemId) + "?$select=" + q(GraphMapper.SELECT_WITH_ATTENDEES), null, m, itemId, true,
                List.of("Prefer", PREFER_UTC));
        GraphClient.Response resp = client.send(r);
        return new Outcome<>(read(r, resp, b -> GraphMapper.event(b, m, true)), resp.requestId());
    }

    // --- writes ----------------------------------------------------------------------------------------------------

    @Override
    public Outcome<EwsEvent> createEvent(String mailbox, EventDraft draft) {
        return measured("createEvent", () -> doCreateEvent(mailbox, draft));
    }

    private Outcome<EwsEvent> doCreateEvent(String mailbox, EventDraft draft) {
        String m = requireMailbox(mailbox, "createEvent");
        ObjectNode body = GraphJson.object();
        if (draft.subject() != null) {
            body.put("subject", draft.subject());
        }
        if (draft.body() != null) {
            ObjectNode b = body.putObject("body");
            b.put("contentType", "text");
            b.put("content", draft.body());
        }
        body.set("start", GraphJson.dateTimeTimeZone(draft.start()));
        body.set("end", GraphJson.dateTimeTimeZone(draft.end()));
        ArrayNode attendees = body.putArray("attendees");
        for (String a : draft.attendees()) {
            ObjectNode at = attendees.addObject();
            at.putObject("emailAddress").put("address", a);
            at.put("type", "required");
        }
        // lets Graph recognise a repeated POST of the same booking (the component itself never resends a write)
        body.put("transactionId", UUID.randomUUID().toString());
        GraphClient.Request r = new GraphClient.Request("createEvent", "POST", user(m) + "/events", body, m, null,
                false, List.of("Prefer", PREFER_UTC));
        GraphClient.Response resp = client.send(r);
        return new Outcome<>(read(r, resp, b -> GraphMapper.event(b, m, true)), resp.requestId());
    }

    @Override
    public Outcome<EwsEvent> updateEvent(String mailbox, String itemId, String changeKey, Instant start, Instant end) {
        return measured("updateEvent", () -> doUpdateEvent(mailbox, itemId, changeKey, start, end));
    }

    private Outcome<EwsEvent> doUpdateEvent(String mailbox, String itemId, String changeKey, Instant start, Instant end) {
        String m = requireMailbox(mailbox, "updateEvent");
        Arguments.requireItemId(itemId, "updateEvent");
        if (start == null && end == null) {
            throw new IllegalArgumentException("updateEvent needs a new start and/or end. Fix: set the CamelEwsStart"
                                               + " and/or CamelEwsEnd header (Instant).");
        }
        if (start != null && end != null && !end.isAfter(start)) {
            throw new IllegalArgumentException("updateEvent: the new end " + end + " must be after the start " + start);
        }
        return patchTimes("updateEvent", m, itemId, changeKey, start, end);
    }

    private Outcome<EwsEvent> patchTimes(String operation, String m, String itemId, String changeKey, Instant start,
                                         Instant end) {
        ObjectNode body = GraphJson.object();
        if (start != null) {
            body.set("start", GraphJson.dateTimeTimeZone(start));
        }
        if (end != null) {
            body.set("end", GraphJson.dateTimeTimeZone(end));
        }
        GraphClient.Response resp = writeVersion(operation, "PATCH", event(m, itemId), body, m, itemId, changeKey);
        GraphClient.Request r = new GraphClient.Request(operation, "PATCH", event(m, itemId), body, m, itemId, false,
                List.of());
        if (resp.body().has("id")) {
            return new Outcome<>(read(r, resp, b -> GraphMapper.event(b, m, b.has("attendees"))), resp.requestId());
        }
        return getEvent(m, itemId);
    }

    @Override
    public Outcome<EwsEvent> endEarly(String mailbox, String itemId, String changeKey) {
        return measured("endEarly", () -> doEndEarly(mailbox, itemId, changeKey));
    }

    private Outcome<EwsEvent> doEndEarly(String mailbox, String itemId, String changeKey) {
        String m = requireMailbox(mailbox, "endEarly");
        Arguments.requireItemId(itemId, "endEarly");
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        EwsEvent current = getEvent(m, itemId).value();
        if (changeKey != null && current.getChangeKey() != null && !changeKey.equals(current.getChangeKey())) {
            throw new EwsConflictException(m, itemId, changeKey, current, "ErrorIrresolvableConflict", null, null);
        }
        if (current.getStart() != null && !now.isAfter(current.getStart())) {
            throw new EwsException("endEarly: the meeting has not started yet (starts " + current.getStart() + ", now "
                                   + now + ")", m, null, null,
                    "use declineEvent or cancelEvent to free a slot that has not started.", null);
        }
        if (current.getEnd() != null && !now.isBefore(current.getEnd())) {
            throw new EwsException("endEarly: the meeting already ended at " + current.getEnd(), m, null, null,
                    "nothing to do.", null);
        }
        return patchTimes("endEarly", m, itemId, changeKey, null, now);
    }

    /** The event to respond to: the item, or its series master for the whole series (read first). */
    private EwsEvent target(String m, String itemId, boolean wholeSeries) {
        EwsEvent e = getEvent(m, itemId).value();
        if (wholeSeries && (e.getOccurrence() == OccurrenceType.Occurrence
                            || e.getOccurrence() == OccurrenceType.Exception)) {
            if (e.getSeriesMasterId() == null) {
                throw new EwsException("the occurrence " + itemId + " names no series master", m, "MalformedReply",
                        null, null, null);
            }
            return getEvent(m, e.getSeriesMasterId()).value();
        }
        return e;
    }

    @Override
    public Outcome<EwsWriteResult> declineEvent(String mailbox, String itemId, String changeKey, String message,
                                                boolean wholeSeries) {
        return measured("declineEvent", () -> doDeclineEvent(mailbox, itemId, changeKey, message, wholeSeries));
    }

    private Outcome<EwsWriteResult> doDeclineEvent(String mailbox, String itemId, String changeKey, String message,
                                                boolean wholeSeries) {
        return respond("declineEvent", "decline", mailbox, itemId, changeKey, message, wholeSeries);
    }

    @Override
    public Outcome<EwsWriteResult> cancelEvent(String mailbox, String itemId, String changeKey, String message,
                                               boolean wholeSeries) {
        return measured("cancelEvent", () -> doCancelEvent(mailbox, itemId, changeKey, message, wholeSeries));
    }

    private Outcome<EwsWriteResult> doCancelEvent(String mailbox, String itemId, String changeKey, String message,
                                               boolean wholeSeries) {
        return respond("cancelEvent", "cancel", mailbox, itemId, changeKey, message, wholeSeries);
    }

    /**
     * decline (an attendee: sendResponse true, comment) or cancel (the organizer: comment). With the caller's
     * changeKey for one item, one request with If-Match; otherwise the item (or its master) is read first, which also
     * tells the room's role.
     */
    private Outcome<EwsWriteResult> respond(String operation, String action, String mailbox, String itemId,
                                            String changeKey, String message, boolean wholeSeries) {
        String m = requireMailbox(mailbox, operation);
        Arguments.requireItemId(itemId, operation);
        boolean cancel = action.equals("cancel");
        String targetId = itemId;
        String version = null;
        if (changeKey != null && !changeKey.isBlank() && !wholeSeries) {
            version = changeKey;
        } else {
            EwsEvent t = target(m, itemId, wholeSeries);
            if (cancel && !t.isRoomIsOrganizer()) {
                throw notOrganizer(m, itemId, null, null);
            }
            if (!cancel && t.isRoomIsOrganizer()) {
                throw organizer(m, itemId, null, null);
            }
            targetId = t.getItemId();
        }
        ObjectNode body = GraphJson.object();
        if (message != null) {
            body.put("comment", message);
        }
        if (!cancel) {
            body.put("sendResponse", true);
        }
        GraphClient.Response resp;
        try {
            resp = writeVersion(operation, "POST", event(m, targetId) + "/" + action, body, m, targetId, version);
        } catch (GraphRequestException e) {
            if (e.httpStatus() == 400 && !GraphFailures.CONFLICT.contains(GraphFailures.lower(e.responseCode()))) {
                // Graph refuses a cancel by an attendee and a decline by the organizer with 400
                throw cancel ? notOrganizer(m, targetId, e.responseCode(), e) : organizer(m, targetId, e.responseCode(), e);
            }
            throw e;
        }
        return new Outcome<>(new EwsWriteResult(operation, m, targetId, resp.requestId()), resp.requestId());
    }

    private static GraphRoleMismatchException notOrganizer(String m, String itemId, String code, EwsException cause) {
        return new GraphRoleMismatchException("cancelEvent: the room does not organize item " + itemId
                                              + " (Graph accepts cancel from the organizer only)", m, code,
                cause == null ? null : cause.requestId(), "use declineEvent for meetings the room attends.", cause);
    }

    private static GraphRoleMismatchException organizer(String m, String itemId, String code, EwsException cause) {
        return new GraphRoleMismatchException("declineEvent: the room organizes item " + itemId
                                              + " and cannot decline it", m, code,
                cause == null ? null : cause.requestId(), "use cancelEvent for meetings the room organizes.", cause);
    }

    @Override
    public Outcome<EwsWriteResult> deleteEvent(String mailbox, String itemId) {
        return measured("deleteEvent", () -> doDeleteEvent(mailbox, itemId));
    }

    private Outcome<EwsWriteResult> doDeleteEvent(String mailbox, String itemId) {
        String m = requireMailbox(mailbox, "deleteEvent");
        Arguments.requireItemId(itemId, "deleteEvent");
        GraphClient.Response resp = client.send(new GraphClient.Request("deleteEvent", "DELETE", event(m, itemId), null,
                m, itemId, false, List.of()));
        return new Outcome<>(new EwsWriteResult("deleteEvent", m, itemId, resp.requestId()), resp.requestId());
    }

    @Override
    public Outcome<EwsWriteResult> sendMessage(String mailbox, List<String> to, String subject, String body) {
        return measured("sendMessage", () -> doSendMessage(mailbox, to, subject, body));
    }

    private Outcome<EwsWriteResult> doSendMessage(String mailbox, List<String> to, String subject, String body) {
        String m = requireMailbox(mailbox, "sendMessage");
        if (to == null || to.isEmpty()) {
            throw new IllegalArgumentException("sendMessage needs recipients. Fix: set the CamelEwsRecipients header.");
        }
        ObjectNode req = GraphJson.object();
        ObjectNode msg = req.putObject("message");
        msg.put("subject", subject == null ? "" : subject);
        ObjectNode b = msg.putObject("body");
        b.put("contentType", "text");
        b.put("content", body == null ? "" : body);
        ArrayNode recipients = msg.putArray("toRecipients");
        for (String t : to) {
            recipients.addObject().putObject("emailAddress").put("address", t.trim());
        }
        req.put("saveToSentItems", true);
        GraphClient.Response resp = client.send(new GraphClient.Request("sendMessage", "POST", user(m) + "/sendMail",
                req, m, null, false, List.of()));
        return new Outcome<>(new EwsWriteResult("sendMessage", m, null, resp.requestId()), resp.requestId());
    }

    // --- availability ----------------------------------------------------------------------------------------------

    /** One getSchedule request: the schedules, the window, and the mailbox whose path it is sent under. */
    private record Ask(List<String> schedules, Instant start, Instant end, String asker) {
    }

    /**
     * getSchedule in requests of at most 20 schedules and 61 days, combined with JSON batching. Each request is sent
     * under one of its own rooms ({@code /users/{room}/calendar/getSchedule}), which spreads Graph's per-mailbox
     * limits over the rooms instead of loading one mailbox; a room that cannot ask (not found, outside the app's
     * scope) gets that error as its own result and the next room of the request asks instead. Errors per schedule
     * are reported per mailbox, as the EWS backend reports GetUserAvailability's per-mailbox errors.
     */
    @Override
    public Outcome<List<MailboxAvailability>> getAvailability(String actingMailbox, Collection<String> mailboxes,
                                                              Instant start, Instant end) {
        return measured("getAvailability", () -> doGetAvailability(actingMailbox, mailboxes, start, end));
    }

    private Outcome<List<MailboxAvailability>> doGetAvailability(String actingMailbox, Collection<String> mailboxes,
                                                              Instant start, Instant end) {
        Arguments.requireMailboxes(mailboxes);
        requireWindow(start, end);
        AvailabilityPlanner planner = new AvailabilityPlanner(mailboxes, MAX_SCHEDULES, MAX_SCHEDULE_WINDOW);
        List<Ask> asks = new ArrayList<>();
        for (AvailabilityPlanner.Batch b : planner.batches(start, end)) {
            asks.add(new Ask(b.mailboxes(), b.start(), b.end(), b.mailboxes().get(0)));
        }
        String requestId = null;
        while (!asks.isEmpty()) {
            List<GraphClient.Request> requests = new ArrayList<>();
            for (Ask a : asks) {
                ObjectNode body = GraphJson.object();
                ArrayNode schedules = body.putArray("schedules");
                a.schedules().forEach(schedules::add);
                body.set("startTime", GraphJson.dateTimeTimeZone(a.start()));
                body.set("endTime", GraphJson.dateTimeTimeZone(a.end()));
                body.put("availabilityViewInterval", AVAILABILITY_VIEW_INTERVAL);
                requests.add(new GraphClient.Request("getAvailability", "POST", user(a.asker())
                                                                                + "/calendar/getSchedule",
                        body, a.asker(), null, true, List.of("Prefer", PREFER_UTC)));
            }
            List<GraphClient.Result> results = client.sendAll("getAvailability", requests);
            List<Ask> again = new ArrayList<>();
            for (int i = 0; i < asks.size(); i++) {
                Ask a = asks.get(i);
                GraphClient.Result res = results.get(i);
                if (res.failure() != null) {
                    EwsException e = res.failure();
                    if (e instanceof EwsMailboxNotFoundException || e instanceof GraphAccessDeniedException) {
                        planner.add(a.asker(), e.responseCode(), e.getMessage(), null);
                        List<String> rest = new ArrayList<>(a.schedules());
                        rest.remove(a.asker());
                        if (!rest.isEmpty()) {
                            again.add(new Ask(rest, a.start(), a.end(), rest.get(0)));
                        }
                        continue;
                    }
                    throw e;
                }
                requestId = res.response().requestId();
                GraphClient.Request r = requests.get(i);
                read(r, res.response(), b -> {
                    addSchedules(planner, a, b);
                    return null;
                });
            }
            asks = again;
        }
        return new Outcome<>(planner.result(), requestId);
    }

    private static void addSchedules(AvailabilityPlanner planner, Ask a, JsonNode body) {
        Map<String, String> requested = new LinkedHashMap<>();
        a.schedules().forEach(s -> requested.put(s.toLowerCase(Locale.ROOT), s));
        for (JsonNode info : GraphJson.array(body, "value")) {
            String id = GraphJson.text(info, "scheduleId");
            String mailbox = id == null ? null : requested.remove(id.toLowerCase(Locale.ROOT));
            if (mailbox == null) {
                continue; // not asked for
            }
            JsonNode err = info.get("error");
            if (err != null && err.isObject()) {
                String code = GraphJson.text(err, "responseCode");
                planner.add(mailbox, code == null ? "ErrorFreeBusyGenerationFailed" : code, GraphJson.text(err, "message"),
                        null);
                continue;
            }
            List<BusySlot> slots = new ArrayList<>();
            for (JsonNode item : GraphJson.array(info, "scheduleItems")) {
                slots.add(GraphMapper.slot(item));
            }
            planner.add(mailbox, null, null, slots);
        }
        // a schedule Graph did not answer for is not "free": it is reported as an error
        requested.values().forEach(m -> planner.add(m, "ErrorNoScheduleReturned",
                "Microsoft Graph returned no schedule for this mailbox", null));
    }

    // --- places ----------------------------------------------------------------------------------------------------

    @Override
    public Outcome<List<RoomAddress>> listRoomLists(String actingMailbox) {
        return measured("listRoomLists", () -> doListRoomLists(actingMailbox));
    }

    private Outcome<List<RoomAddress>> doListRoomLists(String actingMailbox) {
        List<RoomAddress> out = new ArrayList<>();
        String rid = pages("listRoomLists", null, "/places/microsoft.graph.roomlist", List.of(),
                (r, resp) -> read(r, resp, b -> {
                    for (JsonNode p : GraphJson.array(b, "value")) {
                        out.add(GraphMapper.place(p));
                    }
                    return null;
                }), null);
        return new Outcome<>(out, rid);
    }

    @Override
    public Outcome<List<RoomAddress>> listRooms(String actingMailbox, String roomList) {
        return measured("listRooms", () -> doListRooms(actingMailbox, roomList));
    }

    private Outcome<List<RoomAddress>> doListRooms(String actingMailbox, String roomList) {
        if (roomList == null || roomList.isBlank()) {
            throw new IllegalArgumentException("listRooms needs a room list address. Fix: set the CamelEwsRoomList"
                                               + " header or send the address as the body.");
        }
        List<RoomAddress> out = new ArrayList<>();
        String rid;
        try {
            rid = pages("listRooms", null, "/places/" + seg(roomList.trim()) + "/microsoft.graph.roomlist/rooms",
                    List.of(), (r, resp) -> read(r, resp, b -> {
                        for (JsonNode p : GraphJson.array(b, "value")) {
                            out.add(GraphMapper.place(p));
                        }
                        return null;
                    }), null);
        } catch (EwsException e) {
            if (e instanceof GraphRequestException g && g.httpStatus() == 404 || e instanceof EwsMailboxNotFoundException) {
                throw new EwsMailboxNotFoundException(roomList, e.responseCode(), e.requestId(), e);
            }
            throw e;
        }
        return new Outcome<>(out, rid);
    }

    // --- delta -----------------------------------------------------------------------------------------------------

    /** error.code values (and 410 Gone) that mean "the delta token is no longer valid: read everything again". */
    static final Set<String> EXPIRED = Set.of("syncstatenotfound", "syncstateinvalid", "resyncrequired");

    @Override
    public Outcome<EventDelta> deltaEvents(String mailbox, Instant start, Instant end, String deltaLink) {
        return measured("deltaEvents", () -> doDeltaEvents(mailbox, start, end, deltaLink));
    }

    private Outcome<EventDelta> doDeltaEvents(String mailbox, Instant start, Instant end, String deltaLink) {
        String m = requireMailbox(mailbox, "deltaEvents");
        if (deltaLink == null || deltaLink.isBlank()) {
            requireWindow(start, end);
            return delta(m, initialDelta(m, start, end), false);
        }
        try {
            return delta(m, deltaLink.trim(), false);
        } catch (EwsException e) {
            boolean expired = EXPIRED.contains(GraphFailures.lower(e.responseCode()))
                              || (e instanceof GraphRequestException g && g.httpStatus() == 410);
            if (!expired) {
                throw e;
            }
            requireWindow(start, end);
            return delta(m, initialDelta(m, start, end), true);
        }
    }

    private static String initialDelta(String m, Instant start, Instant end) {
        return user(m) + "/calendarView/delta?startDateTime=" + q(start.toString()) + "&endDateTime="
               + q(end.toString());
    }

    private Outcome<EventDelta> delta(String m, String first, boolean restarted) {
        Map<String, EwsEvent> changed = new LinkedHashMap<>();
        List<String> removed = new ArrayList<>();
        String[] link = new String[1];
        String rid = pages("deltaEvents", m, first, readHeaders(), (r, resp) -> read(r, resp, b -> {
            for (JsonNode e : GraphJson.array(b, "value")) {
                if (e.has("@removed")) {
                    String id = GraphJson.text(e, "id");
                    if (id != null) {
                        removed.add(id);
                        changed.remove(id);
                    }
                } else {
                    EwsEvent ev = GraphMapper.event(e, m, e.has("attendees"));
                    changed.put(ev.getItemId(), ev);
                    removed.remove(ev.getItemId());
                }
            }
            return null;
        }), link);
        if (link[0] == null) {
            throw new EwsException("deltaEvents: Graph's last delta page carries no @odata.deltaLink", m,
                    "MalformedReply", rid, "check that graphUrl points at Microsoft Graph v1.0.", null);
        }
        return new Outcome<>(new EventDelta(new ArrayList<>(changed.values()), removed, link[0], restarted), rid);
    }
}
