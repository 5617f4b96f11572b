package io.roomrelease.ews.simulator.graph;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.roomrelease.ews.simulator.model.Access;
import io.roomrelease.ews.simulator.model.Attendee;
import io.roomrelease.ews.simulator.model.CalendarEntry;
import io.roomrelease.ews.simulator.model.ExchangeStore;
import io.roomrelease.ews.simulator.model.ItemChanges;
import io.roomrelease.ews.simulator.model.ItemIds;
import io.roomrelease.ews.simulator.model.NewItem;
import io.roomrelease.ews.simulator.model.PermissionLevel;
import io.roomrelease.ews.simulator.model.ResponseType;
import io.roomrelease.ews.simulator.model.Room;
import io.roomrelease.ews.simulator.model.RoomList;
import io.roomrelease.ews.simulator.model.StoreException;

/**
 * Microsoft Graph v1.0 over the simulator's {@link ExchangeStore}: the calendar, schedule, places and sendMail
 * endpoints the project uses, with Graph's rules (roles, application access scope, Outlook throttling, paging, delta,
 * If-Match, the error shape) and every JSON body checked against the Graph metadata. One call of {@link #execute}
 * serves one request, from HTTP or from a {@code $batch}.
 */
public final class GraphApi {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(GraphApi.class);
    static final String CALENDARS_READ = "Calendars.Read";
    static final String CALENDARS_READ_WRITE = "Calendars.ReadWrite";
    static final String PLACE_READ_ALL = "Place.Read.All";
    static final String MAIL_SEND = "Mail.Send";
    /** Graph's default page size for calendarView. */
    static final int DEFAULT_PAGE_SIZE = 10;
    /** The largest page calendarView serves ($top or odata.maxpagesize). */
    static final int MAX_PAGE_SIZE = 1000;
    static final int MAX_SCHEDULES = 20;
    static final Duration MAX_SCHEDULE_WINDOW = Duration.ofDays(62);
    /** Graph dispatches up to four requests of a batch at once (so a batch can meet the mailbox concurrency limit). */
    static final int BATCH_PARALLELISM = 4;
    private static final java.util.concurrent.ExecutorService BATCH_POOL = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "graph-batch");
        t.setDaemon(true);
        return t;
    });
    private static final Pattern MAX_PAGE = Pattern.compile("odata\\.maxpagesize\\s*=\\s*(\\d+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern TIME_ZONE = Pattern.compile("outlook\\.timezone\\s*=\\s*\"?([^\",;]+)\"?", Pattern.CASE_INSENSITIVE);

    /** The application behind a request: its account logon, client id and granted roles. */
    public record Caller(String logon, String clientId, Set<String> roles) {
        String app() {
            return clientId != null ? clientId : logon;
        }
    }

    private final ExchangeStore store;
    private final Clock clock;
    private final GraphSettings settings;
    private final GraphSchema schema;
    private final GraphStats stats;
    private final GraphThrottler throttler;
    private final DeltaTokens deltaTokens;
    private final java.util.function.Function<String, Duration> latency;
    private final java.util.function.Predicate<String> dropAfterExecution;

    /**
     * @param latency the injected service time of an endpoint ({@code Graph:calendarView}, ...), counted from the
     *                request's arrival while it holds its throttling slot
     */
    public GraphApi(ExchangeStore store, Clock clock, GraphSettings settings, GraphSchema schema, GraphStats stats,
            java.util.function.Function<String, Duration> latency) {
        this(store, clock, settings, schema, stats, latency, endpoint -> false);
    }

    /**
     * @param dropAfterExecution asked after a request was carried out ({@code Graph:decline}, ...): whether to close
     *                           the connection without a reply, so that the client cannot know it happened
     */
    public GraphApi(ExchangeStore store, Clock clock, GraphSettings settings, GraphSchema schema, GraphStats stats,
            java.util.function.Function<String, Duration> latency,
            java.util.function.Predicate<String> dropAfterExecution) {
        this.dropAfterExecution = dropAfterExecution;
        this.latency = latency;
        this.store = store;
        this.clock = clock;
        this.settings = settings;
        this.schema = schema;
        this.stats = stats;
        this.throttler = new GraphThrottler(settings, clock, stats);
        this.deltaTokens = new DeltaTokens(settings, clock);
    }

    /** Expires every delta token handed out so far (their next use answers 410 Gone). */
    public void expireDeltaTokens() {
        deltaTokens.expireAll();
    }

    /** Forgets throttling state (after limits changed). */
    public void resetThrottling() {
        throttler.reset();
    }

    /** The metadata check in use. */
    public GraphSchema schema() {
        return schema;
    }

    // ------------------------------------------------------------------ dispatch

    /** What a route reads and answers, for the metadata checks. */
    private record Shape(String kind, String type, String action) {
        static final Shape NONE = new Shape("none", null, null);

        static Shape entity(String type) {
            return new Shape("entity", type, null);
        }

        static Shape collection(String type) {
            return new Shape("collection", type, null);
        }

        static Shape action(String binding, String action) {
            return new Shape("action", binding, action);
        }
    }

    @FunctionalInterface
    private interface Handler {
        GraphResponse handle(Ctx ctx);
    }

    private record Route(String name, String role, String mailbox, String eventId, Shape request, Shape response,
            Handler handler) {
    }

    /** Everything a handler needs. */
    private record Ctx(Caller caller, GraphRequest req, String base, String mailboxSegment, String mailbox,
            String eventId, String requestId) {
        Access access() {
            return new Access(caller.logon(), mailbox, true, requestId);
        }
    }

    /**
     * Serves one request.
     *
     * @param base         the service root as the client reached it, e.g. {@code https://127.0.0.1:8443/v1.0}
     * @param arrivalNanos when the request arrived ({@link System#nanoTime()} scale)
     * @param requestId    the request-id of this reply
     */
    public GraphResponse execute(Caller caller, GraphRequest req, String base, long arrivalNanos, String requestId) {
        return execute(caller, req, base, arrivalNanos, arrivalNanos, requestId, dropAfterExecution);
    }

    /** @param drop whether to drop the connection after the request was carried out (never inside a $batch) */
    private GraphResponse execute(Caller caller, GraphRequest req, String base, long arrivalNanos, long startNanos,
            String requestId, java.util.function.Predicate<String> drop) {
        String endpoint = "unknown";
        try {
            Route route = route(req);
            endpoint = route.name();
            stats.endpoint(endpoint);
            requireRole(caller, route.role());
            String mailbox = null;
            if (route.mailbox() != null) {
                mailbox = resolveMailbox(caller, route.mailbox());
            }
            checkRequest(route, req);
            GraphResponse response;
            if (mailbox != null) {
                try (GraphThrottler.Permit permit = throttler.acquire(caller.app(), mailbox, arrivalNanos)) {
                    sleepUntil(startNanos + latency.apply("Graph:" + endpoint).toNanos());
                    response = route.handler().handle(new Ctx(caller, req, base, route.mailbox(), mailbox, route.eventId(), requestId));
                }
            } else {
                response = route.handler().handle(new Ctx(caller, req, base, null, null, route.eventId(), requestId));
            }
            checkResponse(route, response);
            if (response.status() / 100 == 2 && drop.test("Graph:" + endpoint)) {
                return GraphResponse.dropConnection(); // carried out; the client will never hear of it
            }
            return response;
        } catch (GraphError e) {
            return error(e, requestId, req.header("client-request-id"));
        } catch (StoreException e) {
            return error(fromStore(e, req), requestId, req.header("client-request-id"));
        } catch (RuntimeException e) {
            // a simulator bug: answer like Graph's 500, with the request id, and say so in the log
            LOG.error("Graph {} {} failed in the simulator (request-id {})", req.verb(), endpoint, requestId, e);
            return error(new GraphError(500, "generalException", "An unexpected error occurred in the simulator: "
                    + e.getClass().getSimpleName()), requestId, req.header("client-request-id"));
        }
    }

    /** The documented error reply for a {@link GraphError}. */
    GraphResponse error(GraphError e, String requestId, String clientRequestId) {
        switch (e.status()) {
            case 400 -> stats.badRequest();
            case 401 -> stats.unauthorized();
            case 403 -> stats.forbidden();
            default -> {
            }
        }
        ObjectNode body = GraphJson.JSON.createObjectNode();
        ObjectNode err = body.putObject("error");
        err.put("code", e.code());
        err.put("message", e.getMessage());
        ObjectNode inner = err.putObject("innerError");
        inner.put("date", DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
        inner.put("request-id", requestId);
        inner.put("client-request-id", clientRequestId != null ? clientRequestId : requestId);
        return new GraphResponse(e.status(), e.headers(), body, e.onSent() == null ? List.of() : List.of(e.onSent()));
    }

    private GraphError fromStore(StoreException e, GraphRequest req) {
        String code = e.responseCode();
        return switch (code) {
            case "ErrorItemNotFound", "ErrorCalendarOccurrenceIsDeletedFromRecurrence" ->
                    new GraphError(404, "ErrorItemNotFound", "The specified object was not found in the store.");
            case "ErrorNonExistentMailbox" -> new GraphError(404, "ErrorInvalidUser", e.getMessage());
            case "ErrorIrresolvableConflict", "ErrorInvalidChangeKey" -> req.header("If-Match") != null
                    ? new GraphError(412, "ErrorIrresolvableConflict", "The change key passed in the request does not match"
                            + " the current change key for the item; read the event again.")
                    : new GraphError(409, "ErrorIrresolvableConflict", e.getMessage());
            case "ErrorCalendarIsNotOrganizer" -> GraphError.badRequest("ErrorInvalidRequest",
                    "Your request can't be completed. You need to be an organizer to cancel a meeting.");
            case "ErrorCalendarIsOrganizerForDecline", "ErrorCalendarIsOrganizerForAccept",
                    "ErrorCalendarIsOrganizerForTentative" -> GraphError.badRequest("ErrorInvalidRequest",
                    "Your request can't be completed. You can't respond to a meeting you organized.");
            case "ErrorAccessDenied" -> new GraphError(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.");
            case "ErrorInvalidIdMalformed" -> GraphError.badRequest("ErrorInvalidIdMalformed", "Id is malformed.");
            default -> GraphError.badRequest(code, e.getMessage());
        };
    }

    private void requireRole(Caller caller, String role) {
        boolean ok = caller.roles().contains(role)
                || (CALENDARS_READ.equals(role) && caller.roles().contains(CALENDARS_READ_WRITE));
        if (!ok) {
            if (PLACE_READ_ALL.equals(role)) {
                throw new GraphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
            }
            throw new GraphError(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again."
                    + " The application needs the " + role + " application permission.");
        }
    }

    private String resolveMailbox(Caller caller, String id) {
        if (!store.mailboxExists(id)) {
            throw new GraphError(404, "ErrorInvalidUser", "The requested user '" + id + "' is invalid.");
        }
        String mailbox = store.canonicalAddress(id);
        if (!inScope(caller, mailbox)) {
            throw new GraphError(403, "ErrorAccessDenied",
                    "Access to OData is disabled: Blocked by tenant configured AppOnly AccessPolicy settings.");
        }
        return mailbox;
    }

    private boolean inScope(Caller caller, String mailbox) {
        GraphSettings.Scope scope = settings.scopeFor(caller.clientId(), caller.logon());
        return switch (scope.kind()) {
            case ALL -> true;
            case ROOMS -> store.isRoom(mailbox);
            case LIST -> scope.mailboxes().contains(mailbox.toLowerCase(Locale.ROOT));
        };
    }

    private void checkRequest(Route route, GraphRequest req) {
        Shape shape = route.request();
        if (shape == Shape.NONE) {
            return;
        }
        if (!req.bodyIsJson() || req.body() == null) {
            if ("action".equals(shape.kind()) && req.body() == null && req.bodyIsJson()) {
                return; // an action without parameters
            }
            throw GraphError.badRequest("RequestBodyRead", "The request body must be JSON (Content-Type: application/json).");
        }
        List<String> problems = "action".equals(shape.kind())
                ? schema.checkActionParameters(req.body(), shape.type(), shape.action())
                : schema.checkRequest(req.body(), shape.type());
        if (!problems.isEmpty()) {
            stats.violation(new GraphStats.Violation(route.name(), "REQUEST", String.join("; ", problems)));
            throw GraphError.badRequest("RequestBodyRead", "The request body is not valid for "
                    + (shape.action() != null ? "action " + shape.action() : shape.type()) + ": " + String.join("; ", problems));
        }
    }

    private void checkResponse(Route route, GraphResponse response) {
        Shape shape = route.response();
        if (shape == Shape.NONE || response.body() == null || response.status() >= 300) {
            return;
        }
        List<String> problems = "collection".equals(shape.kind())
                ? schema.checkCollection(response.body(), shape.type())
                : schema.check(response.body(), shape.type());
        if (!problems.isEmpty()) {
            stats.violation(new GraphStats.Violation(route.name(), "RESPONSE", String.join("; ", problems)));
        }
    }

    // ------------------------------------------------------------------ routing

    private Route route(GraphRequest req) {
        String[] raw = req.path().replaceAll("^/+", "").replaceAll("/+$", "").split("/");
        List<String> s = new ArrayList<>();
        for (String seg : raw) {
            s.add(URLDecoder.decode(seg.replace("+", "%2B"), StandardCharsets.UTF_8));
        }
        String m = req.verb();
        int n = s.size();
        if (n >= 3 && "users".equalsIgnoreCase(s.get(0))) {
            String user = s.get(1);
            String what = s.get(2);
            if (n == 3 && eq(what, "calendarView")) {
                return only(m, "GET", new Route("calendarView", CALENDARS_READ, user, null, Shape.NONE,
                        Shape.collection("graph.event"), this::calendarView));
            }
            if (n == 4 && eq(what, "calendar") && eq(s.get(3), "calendarView")) {
                return only(m, "GET", new Route("calendarView", CALENDARS_READ, user, null, Shape.NONE,
                        Shape.collection("graph.event"), this::calendarView));
            }
            if (n == 4 && eq(what, "calendarView") && (eq(s.get(3), "delta") || eq(s.get(3), "microsoft.graph.delta()"))) {
                return only(m, "GET", new Route("calendarView.delta", CALENDARS_READ, user, null, Shape.NONE,
                        Shape.collection("graph.event"), this::delta));
            }
            if (n == 4 && eq(what, "calendar") && eq(s.get(3), "getSchedule")) {
                return only(m, "POST", new Route("getSchedule", CALENDARS_READ, user, null,
                        Shape.action("graph.calendar", "getSchedule"), Shape.collection("graph.scheduleInformation"),
                        this::getSchedule));
            }
            if (n == 3 && eq(what, "sendMail")) {
                return only(m, "POST", new Route("sendMail", MAIL_SEND, user, null, Shape.action("graph.user", "sendMail"),
                        Shape.NONE, this::sendMail));
            }
            if (n == 3 && eq(what, "events")) {
                return only(m, "POST", new Route("createEvent", CALENDARS_READ_WRITE, user, null, Shape.entity("graph.event"),
                        Shape.entity("graph.event"), this::createEvent));
            }
            if (n == 4 && eq(what, "events")) {
                String id = s.get(3);
                return switch (m) {
                    case "GET" -> new Route("getEvent", CALENDARS_READ, user, id, Shape.NONE, Shape.entity("graph.event"), this::getEvent);
                    case "PATCH" -> new Route("updateEvent", CALENDARS_READ_WRITE, user, id, Shape.entity("graph.event"),
                            Shape.entity("graph.event"), this::updateEvent);
                    case "DELETE" -> new Route("deleteEvent", CALENDARS_READ_WRITE, user, id, Shape.NONE, Shape.NONE, this::deleteEvent);
                    default -> throw notAllowed(m);
                };
            }
            if (n == 5 && eq(what, "events")) {
                String action = s.get(4).replaceFirst("(?i)^microsoft\\.graph\\.", "");
                String id = s.get(3);
                for (String a : List.of("decline", "accept", "tentativelyAccept", "cancel")) {
                    if (eq(action, a)) {
                        return only(m, "POST", new Route(a, CALENDARS_READ_WRITE, user, id, Shape.action("graph.event", a),
                                Shape.NONE, a.equals("cancel") ? this::cancel : this::respond));
                    }
                }
            }
        }
        if (n >= 2 && "places".equalsIgnoreCase(s.get(0))) {
            if (n == 2 && eq(s.get(1), "microsoft.graph.roomList")) {
                return only(m, "GET", new Route("roomLists", PLACE_READ_ALL, null, null, Shape.NONE,
                        Shape.collection("graph.roomList"), this::roomLists));
            }
            if (n == 2 && eq(s.get(1), "microsoft.graph.room")) {
                return only(m, "GET", new Route("rooms", PLACE_READ_ALL, null, null, Shape.NONE,
                        Shape.collection("graph.room"), c -> rooms(c, store.rooms())));
            }
            if (n == 4 && eq(s.get(2), "microsoft.graph.roomList") && eq(s.get(3), "rooms")) {
                String list = s.get(1);
                return only(m, "GET", new Route("roomListRooms", PLACE_READ_ALL, null, null, Shape.NONE,
                        Shape.collection("graph.room"), c -> roomListRooms(c, list)));
            }
        }
        throw GraphError.badRequest("BadRequest", "Resource not found for the segment '" + (n == 0 ? "" : s.get(n - 1))
                + "' (" + m + " /v1.0" + req.path() + " is not served by the simulator; see its README for the Graph endpoints).");
    }

    private static boolean eq(String a, String b) {
        return a.equalsIgnoreCase(b);
    }

    private static Route only(String method, String allowed, Route route) {
        if (!method.equals(allowed)) {
            throw notAllowed(method);
        }
        return route;
    }

    private static GraphError notAllowed(String method) {
        return new GraphError(405, "BadRequest", "The HTTP method '" + method + "' is not allowed on this resource.");
    }

    // ------------------------------------------------------------------ calendarView

    private GraphJson.Zone zone(GraphRequest req) {
        String prefer = req.header("Prefer");
        if (prefer != null) {
            Matcher mt = TIME_ZONE.matcher(prefer);
            if (mt.find()) {
                return GraphJson.Zone.of(mt.group(1).trim());
            }
        }
        return GraphJson.Zone.UTC;
    }

    private static Integer maxPageSize(GraphRequest req) {
        String prefer = req.header("Prefer");
        if (prefer != null) {
            Matcher mt = MAX_PAGE.matcher(prefer);
            if (mt.find()) {
                String n = mt.group(1);
                return n.length() > 6 ? MAX_PAGE_SIZE : Math.max(1, Math.min(MAX_PAGE_SIZE, Integer.parseInt(n)));
            }
        }
        return null;
    }

    private static Map<String, String> preferenceApplied(GraphRequest req, GraphJson.Zone zone, Integer maxPage) {
        Map<String, String> h = new LinkedHashMap<>();
        List<String> applied = new ArrayList<>();
        String prefer = req.header("Prefer");
        if (prefer != null && TIME_ZONE.matcher(prefer).find()) {
            applied.add("outlook.timezone=\"" + zone.name() + "\"");
        }
        if (maxPage != null) {
            applied.add("odata.maxpagesize=" + maxPage);
        }
        if (!applied.isEmpty()) {
            h.put("Preference-Applied", String.join(", ", applied));
        }
        return h;
    }

    private Instant[] window(GraphRequest req) {
        String start = req.query().get("startDateTime");
        String end = req.query().get("endDateTime");
        if (start == null || end == null || start.isBlank() || end.isBlank()) {
            throw GraphError.badRequest("ErrorInvalidParameter", "This request requires a time window specified by the"
                    + " query string parameters StartDateTime and EndDateTime.");
        }
        Instant from = GraphJson.queryInstant(start, "startDateTime");
        Instant to = GraphJson.queryInstant(end, "endDateTime");
        if (to.isBefore(from)) {
            throw GraphError.badRequest("ErrorInvalidParameter", "The parameter 'EndDateTime' must be later than 'StartDateTime'.");
        }
        return new Instant[] { from, to };
    }

    private Set<String> select(GraphRequest req) {
        String raw = req.query().get("$select");
        if (raw == null || raw.isBlank()) {
            return null;
        }
        Set<String> out = new LinkedHashSet<>();
        Set<String> known = schema.properties("graph.event").orElse(null);
        for (String p : raw.split(",")) {
            String name = p.trim();
            if (name.isEmpty()) {
                continue;
            }
            if (known != null && !known.contains(name)) {
                throw GraphError.badRequest("RequestBroker--ParseUri", "Could not find a property named '" + name
                        + "' on type 'microsoft.graph.event'.");
            }
            out.add(name);
        }
        return out;
    }

    private static int intParam(GraphRequest req, String name, int dflt, int min, int max) {
        String v = req.query().get(name);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) {
                throw GraphError.badRequest("ErrorInvalidParameter", "The value of " + name + " must be between " + min
                        + " and " + max + "; got " + n + ".");
            }
            return n;
        } catch (NumberFormatException e) {
            throw GraphError.badRequest("BadRequest", "Invalid " + name + " value '" + v + "'; expected an integer.");
        }
    }

    private GraphResponse calendarView(Ctx c) {
        Instant[] w = window(c.req());
        GraphJson.Zone zone = zone(c.req());
        Set<String> select = select(c.req());
        Integer maxPage = maxPageSize(c.req());
        int top = intParam(c.req(), "$top", maxPage != null ? maxPage : DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
        int skip = intParam(c.req(), "$skip", 0, 0, Integer.MAX_VALUE);
        List<CalendarEntry> all = store.findCalendarView(c.access(), c.mailbox(), w[0], w[1]);
        ObjectNode body = GraphJson.JSON.createObjectNode();
        body.put("@odata.context", c.base() + "/$metadata#users('" + enc(c.mailboxSegment()) + "')/calendarView");
        ArrayNode value = body.putArray("value");
        int endIndex = Math.min(all.size(), skip + top);
        for (int i = skip; i < endIndex; i++) {
            value.add(GraphJson.select(GraphJson.event(all.get(i), zone), select));
        }
        if (endIndex < all.size()) {
            StringBuilder next = new StringBuilder(c.base()).append("/users/").append(enc(c.mailboxSegment()))
                    .append("/calendarView?startDateTime=").append(enc(c.req().query().get("startDateTime")))
                    .append("&endDateTime=").append(enc(c.req().query().get("endDateTime")));
            if (c.req().query().containsKey("$top")) {
                next.append("&$top=").append(top);
            }
            if (c.req().query().containsKey("$select")) {
                next.append("&$select=").append(enc(c.req().query().get("$select")));
            }
            next.append("&$skip=").append(endIndex);
            body.put("@odata.nextLink", next.toString());
        }
        return new GraphResponse(200, preferenceApplied(c.req(), zone, maxPage), body);
    }

    // ------------------------------------------------------------------ calendarView/delta

    private GraphResponse delta(Ctx c) {
        GraphJson.Zone zone = zone(c.req());
        Integer maxPage = maxPageSize(c.req());
        int pageSize = maxPage != null ? maxPage : DEFAULT_PAGE_SIZE;
        String skipToken = c.req().query().get("$skiptoken");
        String deltaToken = c.req().query().get("$deltatoken");
        DeltaTokens.Round round;
        Instant now = clock.instant();
        if (skipToken != null) {
            round = deltaTokens.round(skipToken);
            requireSameSync(c, round.app(), round.mailbox());
        } else {
            Instant from;
            Instant to;
            Map<String, String> previous;
            if (deltaToken != null) {
                DeltaTokens.Snapshot s = deltaTokens.snapshot(deltaToken);
                requireSameSync(c, s.app(), s.mailbox());
                from = s.start();
                to = s.end();
                previous = s.changeKeys();
            } else {
                Instant[] w = window(c.req());
                from = w[0];
                to = w[1];
                previous = null;
            }
            List<CalendarEntry> current = store.findCalendarView(c.access(), c.mailbox(), from, to);
            Map<String, String> keys = new LinkedHashMap<>();
            List<JsonNode> items = new ArrayList<>();
            for (CalendarEntry e : current) {
                String id = GraphJson.graphId(e.id());
                keys.put(id, e.changeKey());
                if (previous == null || !e.changeKey().equals(previous.get(id))) {
                    items.add(GraphJson.event(e, zone));
                }
            }
            if (previous != null) {
                for (String id : previous.keySet()) {
                    if (!keys.containsKey(id)) {
                        ObjectNode removed = GraphJson.JSON.createObjectNode();
                        removed.put("id", id);
                        removed.putObject("@removed").put("reason", "deleted");
                        items.add(removed);
                    }
                }
            }
            DeltaTokens.Snapshot next = new DeltaTokens.Snapshot(c.caller().app(), c.mailbox(), from, to, Map.copyOf(keys), now);
            round = new DeltaTokens.Round(c.caller().app(), c.mailbox(), items, pageSize, next, now);
        }
        ObjectNode body = GraphJson.JSON.createObjectNode();
        body.put("@odata.context", c.base() + "/$metadata#Collection(event)");
        ArrayNode value = body.putArray("value");
        List<JsonNode> remaining = round.remaining();
        int size = Math.min(round.pageSize(), remaining.size());
        remaining.subList(0, size).forEach(value::add);
        String link = c.base() + "/users/" + enc(c.mailboxSegment()) + "/calendarView/delta?";
        if (size < remaining.size()) {
            String token = deltaTokens.saveRound(new DeltaTokens.Round(round.app(), round.mailbox(),
                    List.copyOf(remaining.subList(size, remaining.size())), round.pageSize(), round.next(), round.issued()));
            body.put("@odata.nextLink", link + "$skiptoken=" + token);
        } else {
            DeltaTokens.Snapshot s = round.next();
            String token = deltaTokens.saveSnapshot(new DeltaTokens.Snapshot(s.app(), s.mailbox(), s.start(), s.end(),
                    s.changeKeys(), clock.instant()));
            body.put("@odata.deltaLink", link + "$deltatoken=" + token);
        }
        return new GraphResponse(200, preferenceApplied(c.req(), zone, maxPage), body);
    }

    private static void requireSameSync(Ctx c, String app, String mailbox) {
        if (!app.equalsIgnoreCase(c.caller().app()) || !mailbox.equalsIgnoreCase(c.mailbox())) {
            throw new GraphError(410, "SyncStateInvalid", "The sync state is not valid for this application and mailbox;"
                    + " start a new round of calendarView/delta.");
        }
    }

    // ------------------------------------------------------------------ events

    private String storeId(Ctx c) {
        String ews = GraphJson.ewsId(c.eventId());
        ItemIds.Ref ref = ItemIds.parse(ews);
        if (!ref.mailbox().equalsIgnoreCase(c.mailbox())) {
            throw new GraphError(404, "ErrorItemNotFound", "The specified object was not found in the store.");
        }
        return ews;
    }

    private String ifMatch(Ctx c) {
        return GraphJson.changeKeyOf(c.req().header("If-Match"));
    }

    private GraphResponse getEvent(Ctx c) {
        GraphJson.Zone zone = zone(c.req());
        CalendarEntry e = store.getItem(c.access(), storeId(c));
        ObjectNode body = GraphJson.select(GraphJson.event(e, zone), select(c.req()));
        body.put("@odata.context", c.base() + "/$metadata#users('" + enc(c.mailboxSegment()) + "')/events/$entity");
        return new GraphResponse(200, preferenceApplied(c.req(), zone, null), body);
    }

    private static final Set<String> WRITABLE = Set.of("subject", "body", "start", "end", "isAllDay", "location", "showAs");
    private static final Set<String> READ_ONLY_ECHO = Set.of("id", "changeKey", "createdDateTime", "lastModifiedDateTime",
            "type", "seriesMasterId", "iCalUId", "isOrganizer", "organizer");

    private GraphResponse updateEvent(Ctx c) {
        JsonNode b = c.req().body();
        ItemChanges changes = ItemChanges.none();
        List<String> unsupported = new ArrayList<>();
        var it = b.fields();
        while (it.hasNext()) {
            var f = it.next();
            String k = f.getKey();
            if (GraphSchema.isAnnotation(k) || READ_ONLY_ECHO.contains(k)) {
                continue;
            }
            if (!WRITABLE.contains(k)) {
                unsupported.add(k);
            }
        }
        if (!unsupported.isEmpty()) {
            throw GraphError.badRequest("ErrorInvalidRequest", "The simulator does not model updating " + unsupported
                    + "; it updates " + WRITABLE + ".");
        }
        if (b.hasNonNull("subject")) {
            changes = changes.withSubject(b.get("subject").asText());
        }
        if (b.hasNonNull("body")) {
            changes = changes.withBody(b.get("body").path("content").asText(""));
        }
        if (b.hasNonNull("start")) {
            changes = changes.withStart(GraphJson.instant(b.get("start"), "start"));
        }
        if (b.hasNonNull("end")) {
            changes = changes.withEnd(GraphJson.instant(b.get("end"), "end"));
        }
        if (b.hasNonNull("isAllDay")) {
            changes = changes.withAllDay(b.get("isAllDay").asBoolean());
        }
        if (b.hasNonNull("location")) {
            changes = changes.withLocation(b.get("location").path("displayName").asText(""));
        }
        if (b.hasNonNull("showAs")) {
            changes = changes.withLegacyFreeBusy(GraphJson.legacyFreeBusy(b.get("showAs").asText()));
        }
        CalendarEntry e = store.updateItem(c.access(), storeId(c), ifMatch(c), false, true, changes);
        GraphJson.Zone zone = zone(c.req());
        ObjectNode body = GraphJson.event(e, zone);
        body.put("@odata.context", c.base() + "/$metadata#users('" + enc(c.mailboxSegment()) + "')/events/$entity");
        return new GraphResponse(200, preferenceApplied(c.req(), zone, null), body);
    }

    private GraphResponse deleteEvent(Ctx c) {
        String id = storeId(c);
        String ck = ifMatch(c);
        if (ck != null) {
            CalendarEntry e = store.getItem(c.access(), id);
            if (!ck.equals(e.changeKey())) {
                throw new GraphError(412, "ErrorIrresolvableConflict", "The change key passed in the request does not match"
                        + " the current change key for the item; read the event again.");
            }
        }
        store.deleteItem(c.access(), id, "SoftDelete", true);
        return GraphResponse.empty(204);
    }

    private GraphResponse createEvent(Ctx c) {
        JsonNode b = c.req().body();
        if (b.hasNonNull("recurrence")) {
            throw GraphError.badRequest("ErrorInvalidRequest", "The simulator does not model creating recurring events"
                    + " through Graph; create the series in the scenario or through EWS.");
        }
        Instant start = GraphJson.instant(b.get("start"), "start");
        Instant end = GraphJson.instant(b.get("end"), "end");
        List<Attendee> required = new ArrayList<>();
        List<Attendee> optional = new ArrayList<>();
        List<Attendee> resources = new ArrayList<>();
        for (JsonNode a : b.path("attendees")) {
            String address = a.path("emailAddress").path("address").asText(null);
            if (address == null || address.isBlank()) {
                throw GraphError.badRequest("ErrorInvalidRecipients", "Every attendee needs emailAddress.address.");
            }
            Attendee att = new Attendee(store.canonicalAddress(address),
                    a.path("emailAddress").path("name").asText(store.displayName(address)), ResponseType.NoResponseReceived, null);
            switch (a.path("type").asText("required").toLowerCase(Locale.ROOT)) {
                case "optional" -> optional.add(att);
                case "resource" -> resources.add(att);
                default -> {
                    if (store.isRoom(address)) {
                        resources.add(att);
                    } else {
                        required.add(att);
                    }
                }
            }
        }
        String location = b.path("location").path("displayName").asText(null);
        String showAs = b.hasNonNull("showAs") ? GraphJson.legacyFreeBusy(b.get("showAs").asText()) : null;
        NewItem item = new NewItem(b.path("subject").asText(""), location == null || location.isEmpty() ? null : location,
                b.path("body").path("content").asText(""), start, end, b.path("isAllDay").asBoolean(false), null,
                required, optional, resources, showAs, List.of());
        CalendarEntry created = store.createItem(c.access(), c.mailbox(), item, true);
        GraphJson.Zone zone = zone(c.req());
        ObjectNode body = GraphJson.event(created, zone);
        body.put("@odata.context", c.base() + "/$metadata#users('" + enc(c.mailboxSegment()) + "')/events/$entity");
        Map<String, String> headers = preferenceApplied(c.req(), zone, null);
        headers.put("Location", c.base() + "/users/" + enc(c.mailboxSegment()) + "/events/" + GraphJson.graphId(created.id()));
        return new GraphResponse(201, headers, body);
    }

    private static JsonNode param(JsonNode body, String name) {
        if (body == null || !body.isObject()) {
            return null;
        }
        var it = body.fields();
        while (it.hasNext()) {
            var f = it.next();
            if (f.getKey().equalsIgnoreCase(name)) {
                return f.getValue();
            }
        }
        return null;
    }

    private GraphResponse respond(Ctx c) {
        String action = c.req().path().substring(c.req().path().lastIndexOf('/') + 1).replaceFirst("(?i)^microsoft\\.graph\\.", "");
        ResponseType type = action.equalsIgnoreCase("decline") ? ResponseType.Decline
                : action.equalsIgnoreCase("accept") ? ResponseType.Accept : ResponseType.Tentative;
        JsonNode comment = param(c.req().body(), "comment");
        JsonNode send = param(c.req().body(), "sendResponse");
        boolean sendResponse = send == null || send.isNull() || send.asBoolean();
        store.respond(c.access(), storeId(c), ifMatch(c), type, comment == null || comment.isNull() ? "" : comment.asText(),
                sendResponse);
        return GraphResponse.empty(202);
    }

    private GraphResponse cancel(Ctx c) {
        JsonNode comment = param(c.req().body(), "comment");
        String id = storeId(c);
        CalendarEntry e = store.getItem(c.access(), id);
        if (!e.isOrganizer()) {
            throw GraphError.badRequest("ErrorInvalidRequest",
                    "Your request can't be completed. You need to be an organizer to cancel a meeting.");
        }
        store.cancel(c.access(), id, ifMatch(c), comment == null || comment.isNull() ? "" : comment.asText(), true);
        return GraphResponse.empty(202);
    }

    // ------------------------------------------------------------------ getSchedule

    private static final Map<String, Integer> VIEW = Map.of("free", 0, "tentative", 1, "busy", 2, "oof", 3,
            "workingElsewhere", 4);
    private static final Map<String, Integer> RANK = Map.of("free", 0, "workingElsewhere", 1, "tentative", 2, "busy", 3,
            "oof", 4);

    private GraphResponse getSchedule(Ctx c) {
        JsonNode b = c.req().body();
        JsonNode schedules = param(b, "schedules");
        if (schedules == null || !schedules.isArray() || schedules.isEmpty()) {
            throw GraphError.badRequest("ErrorInvalidParameter", "Schedules must list at least one SMTP address.");
        }
        if (schedules.size() > MAX_SCHEDULES) {
            throw GraphError.badRequest("ErrorInvalidParameter", "Schedules lists " + schedules.size()
                    + " addresses; getSchedule accepts at most " + MAX_SCHEDULES + " per request.");
        }
        Instant start = GraphJson.instant(param(b, "startTime"), "startTime");
        Instant end = GraphJson.instant(param(b, "endTime"), "endTime");
        if (!end.isAfter(start)) {
            throw GraphError.badRequest("ErrorInvalidParameter", "endTime must be later than startTime.");
        }
        if (Duration.between(start, end).compareTo(MAX_SCHEDULE_WINDOW) >= 0) {
            throw GraphError.badRequest("ErrorInvalidParameter", "The time window from startTime to endTime must be"
                    + " shorter than " + MAX_SCHEDULE_WINDOW.toDays() + " days.");
        }
        JsonNode intervalNode = param(b, "availabilityViewInterval");
        int interval = intervalNode == null || intervalNode.isNull() ? 30 : intervalNode.asInt();
        if (interval < 5 || interval > 1440) {
            throw GraphError.badRequest("ErrorInvalidParameter", "availabilityViewInterval must be between 5 and 1440"
                    + " minutes; got " + interval + ".");
        }
        GraphJson.Zone zone = zone(c.req());
        ObjectNode body = GraphJson.JSON.createObjectNode();
        body.put("@odata.context", c.base() + "/$metadata#Collection(microsoft.graph.scheduleInformation)");
        ArrayNode value = body.putArray("value");
        for (JsonNode s : schedules) {
            String id = s.asText();
            ObjectNode info = value.addObject();
            info.put("scheduleId", id);
            if (!store.mailboxExists(id)) {
                ObjectNode err = info.putObject("error");
                err.put("message", "The requested user '" + id + "' is invalid.");
                err.put("responseCode", "ErrorMailRecipientNotFound");
                continue;
            }
            String mailbox = store.canonicalAddress(id);
            if (!inScope(c.caller(), mailbox)) {
                ObjectNode err = info.putObject("error");
                err.put("message", "Access to OData is disabled: Blocked by tenant configured AppOnly AccessPolicy settings.");
                err.put("responseCode", "ErrorAccessDenied");
                continue;
            }
            PermissionLevel permission = store.freeBusyPermission(new Access(c.caller().logon(), c.mailbox(), true,
                    c.requestId()), mailbox);
            List<CalendarEntry> busy = store.busyTimes(mailbox, start, end);
            StringBuilder view = new StringBuilder();
            for (Instant slot = start; slot.isBefore(end); slot = slot.plus(Duration.ofMinutes(interval))) {
                Instant slotEnd = slot.plus(Duration.ofMinutes(interval));
                String best = "free";
                for (CalendarEntry e : busy) {
                    if (e.start().isBefore(slotEnd) && e.end().isAfter(slot)) {
                        String st = GraphJson.showAs(e.legacyFreeBusy());
                        if (RANK.getOrDefault(st, 0) > RANK.get(best)) {
                            best = st;
                        }
                    }
                }
                view.append(VIEW.get(best));
            }
            info.put("availabilityView", view.toString());
            ArrayNode items = info.putArray("scheduleItems");
            for (CalendarEntry e : busy) {
                ObjectNode item = items.addObject();
                item.put("isPrivate", false);
                item.put("status", GraphJson.showAs(e.legacyFreeBusy()));
                if (permission != PermissionLevel.AVAILABILITY_ONLY) {
                    item.put("subject", e.subject());
                    item.put("location", e.location() == null ? "" : e.location());
                }
                item.set("start", GraphJson.dateTimeTimeZone(e.start(), zone));
                item.set("end", GraphJson.dateTimeTimeZone(e.end(), zone));
            }
            ObjectNode hours = info.putObject("workingHours");
            ArrayNode days = hours.putArray("daysOfWeek");
            List.of("monday", "tuesday", "wednesday", "thursday", "friday").forEach(days::add);
            hours.put("startTime", "08:00:00.0000000");
            hours.put("endTime", "17:00:00.0000000");
            hours.putObject("timeZone").put("name", store.scenario().timeZone().getId());
        }
        return new GraphResponse(200, preferenceApplied(c.req(), zone, null), body);
    }

    // ------------------------------------------------------------------ places

    private GraphResponse roomLists(Ctx c) {
        ObjectNode body = GraphJson.JSON.createObjectNode();
        body.put("@odata.context", c.base() + "/$metadata#places/microsoft.graph.roomList");
        ArrayNode value = body.putArray("value");
        for (RoomList l : store.roomLists()) {
            ObjectNode n = value.addObject();
            n.put("@odata.type", "#microsoft.graph.roomList");
            n.put("id", GraphJson.placeId(l.email()));
            n.put("displayName", l.name());
            n.put("emailAddress", l.email());
            n.putNull("phone");
            n.putArray("tags");
        }
        return GraphResponse.of(200, body);
    }

    private GraphResponse roomListRooms(Ctx c, String list) {
        RoomList l = store.roomList(list).orElse(null);
        if (l == null) {
            l = store.roomLists().stream().filter(r -> GraphJson.placeId(r.email()).equalsIgnoreCase(list)).findFirst()
                    .orElseThrow(() -> new GraphError(404, "ErrorItemNotFound", "The room list '" + list + "' was not found."));
        }
        List<Room> rooms = new ArrayList<>();
        for (String email : l.rooms()) {
            store.room(email).ifPresent(rooms::add);
        }
        return rooms(c, rooms);
    }

    private GraphResponse rooms(Ctx c, List<Room> rooms) {
        ObjectNode body = GraphJson.JSON.createObjectNode();
        body.put("@odata.context", c.base() + "/$metadata#places/microsoft.graph.room");
        ArrayNode value = body.putArray("value");
        for (Room r : rooms) {
            ObjectNode n = value.addObject();
            n.put("@odata.type", "#microsoft.graph.room");
            n.put("id", GraphJson.placeId(r.email()));
            n.put("emailAddress", r.email());
            n.put("displayName", r.name());
            n.put("nickname", r.name());
            n.put("capacity", r.capacity());
            if (r.building() != null) {
                n.put("building", r.building());
            }
            n.put("bookingType", "standard");
            n.put("isWheelChairAccessible", false);
            n.putArray("tags");
        }
        return GraphResponse.of(200, body);
    }

    // ------------------------------------------------------------------ sendMail

    private GraphResponse sendMail(Ctx c) {
        JsonNode message = param(c.req().body(), "message");
        if (message == null || !message.isObject()) {
            throw GraphError.badRequest("ErrorInvalidRequest", "sendMail needs a message object.");
        }
        List<String> to = new ArrayList<>();
        for (String field : List.of("toRecipients", "ccRecipients", "bccRecipients")) {
            for (JsonNode r : message.path(field)) {
                String address = r.path("emailAddress").path("address").asText("");
                if (address.isBlank() || !address.contains("@")) {
                    throw GraphError.badRequest("ErrorInvalidRecipients", "At least one recipient is not valid: '"
                            + address + "'.");
                }
                to.add(address);
            }
        }
        if (to.isEmpty()) {
            throw GraphError.badRequest("ErrorInvalidRecipients", "At least one recipient is not valid., Recipient is"
                    + " missing.");
        }
        store.recordMail(c.mailbox(), to, message.path("subject").asText(""), message.path("body").path("content").asText(""));
        return GraphResponse.empty(202);
    }

    // ------------------------------------------------------------------ $batch

    /**
     * JSON batching: at most 20 requests, each answered with its own id, status, headers and body; {@code dependsOn}
     * runs a request after the ones it names (and answers 424 Failed Dependency when one of them failed); independent
     * requests run up to {@value #BATCH_PARALLELISM} at a time, as Graph dispatches them. Each sub-request counts
     * against the limits on its own.
     */
    public GraphResponse batch(Caller caller, GraphRequest req, String base, long arrivalNanos, String requestId) {
        stats.batch();
        JsonNode requests = req.body() == null ? null : req.body().get("requests");
        if (!req.bodyIsJson() || requests == null || !requests.isArray()) {
            return error(GraphError.badRequest("BadRequest", "A $batch body is {\"requests\":[...]} as JSON."), requestId,
                    req.header("client-request-id"));
        }
        if (requests.size() > 20) {
            return error(GraphError.badRequest("BadRequest", "The $batch holds " + requests.size()
                    + " requests; the limit is 20."), requestId, req.header("client-request-id"));
        }
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        for (JsonNode r : requests) {
            String id = r.path("id").asText(null);
            if (id == null || id.isEmpty() || byId.containsKey(id) || !r.path("method").isTextual() || !r.path("url").isTextual()) {
                return error(GraphError.badRequest("BadRequest", "Every $batch request needs a unique id, a method and a url."),
                        requestId, req.header("client-request-id"));
            }
            byId.put(id, r);
        }
        for (JsonNode r : requests) {
            for (JsonNode d : r.path("dependsOn")) {
                if (!byId.containsKey(d.asText())) {
                    return error(GraphError.badRequest("BadRequest", "Request " + r.get("id").asText()
                            + " depends on unknown id " + d.asText() + "."), requestId, req.header("client-request-id"));
                }
            }
        }
        Map<String, Integer> status = new HashMap<>();
        ObjectNode body = GraphJson.JSON.createObjectNode();
        ArrayNode responses = body.putArray("responses");
        Set<String> done = new LinkedHashSet<>();
        List<Runnable> hooks = new ArrayList<>();
        while (done.size() < byId.size()) {
            // one wave: every request whose dependencies have answered, dispatched up to BATCH_PARALLELISM at a time
            List<String> wave = new ArrayList<>();
            for (Map.Entry<String, JsonNode> en : byId.entrySet()) {
                boolean ready = !done.contains(en.getKey());
                for (JsonNode d : en.getValue().path("dependsOn")) {
                    ready &= status.containsKey(d.asText());
                }
                if (ready) {
                    wave.add(en.getKey());
                }
            }
            if (wave.isEmpty()) {
                return error(GraphError.badRequest("BadRequest", "The dependsOn of the $batch requests form a cycle."),
                        requestId, req.header("client-request-id"));
            }
            java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(BATCH_PARALLELISM);
            Map<String, java.util.concurrent.Future<GraphResponse>> running = new LinkedHashMap<>();
            for (String id : wave) {
                JsonNode r = byId.get(id);
                boolean failedDependency = false;
                for (JsonNode d : r.path("dependsOn")) {
                    failedDependency |= status.get(d.asText()) >= 400;
                }
                String subRequestId = java.util.UUID.randomUUID().toString();
                if (failedDependency) {
                    running.put(id, java.util.concurrent.CompletableFuture.completedFuture(error(new GraphError(424,
                            "FailedDependency", "A request this one depends on failed."), subRequestId,
                            req.header("client-request-id"))));
                    continue;
                }
                slots.acquireUninterruptibly();
                running.put(id, BATCH_POOL.submit(() -> {
                    try {
                        return executeSub(caller, req, r, base, arrivalNanos, subRequestId);
                    } finally {
                        slots.release();
                    }
                }));
            }
            for (Map.Entry<String, java.util.concurrent.Future<GraphResponse>> en : running.entrySet()) {
                GraphResponse sub;
                try {
                    sub = en.getValue().get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while serving a $batch", e);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("a $batch request failed: " + e.getCause(), e.getCause());
                }
                done.add(en.getKey());
                status.put(en.getKey(), sub.status());
                hooks.addAll(sub.onSent());
                ObjectNode out = responses.addObject();
                out.put("id", en.getKey());
                out.put("status", sub.status());
                ObjectNode headers = out.putObject("headers");
                sub.headers().forEach(headers::put);
                if (sub.body() != null) {
                    headers.put("Content-Type", "application/json");
                    out.set("body", sub.body());
                }
            }
        }
        return new GraphResponse(200, Map.of(), body, hooks);
    }

    private GraphResponse executeSub(Caller caller, GraphRequest outer, JsonNode r, String base, long arrivalNanos,
            String requestId) {
        String url = r.get("url").asText();
        if (url.regionMatches(true, 0, "https://", 0, 8) || url.regionMatches(true, 0, "http://", 0, 7)) {
            int v = url.indexOf("/v1.0/");
            url = v < 0 ? url : url.substring(v + 5);
        }
        if (!url.startsWith("/")) {
            url = "/" + url;
        }
        Map.Entry<String, Map<String, String>> split = GraphRequest.splitUrl(url);
        Map<String, String> headers = new LinkedHashMap<>();
        r.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
        if (outer.header("client-request-id") != null && !headers.containsKey("client-request-id")) {
            headers.put("client-request-id", outer.header("client-request-id"));
        }
        JsonNode body = r.get("body");
        boolean json = body == null || headers.keySet().stream().anyMatch(k -> k.equalsIgnoreCase("Content-Type"))
                && headers.entrySet().stream().anyMatch(h -> h.getKey().equalsIgnoreCase("Content-Type")
                        && h.getValue().toLowerCase(Locale.ROOT).startsWith("application/json"));
        if (body != null && !json) {
            return error(GraphError.badRequest("BadRequest", "A $batch request with a body needs a Content-Type header"
                    + " of application/json."), requestId, outer.header("client-request-id"));
        }
        GraphRequest sub = new GraphRequest(r.get("method").asText(), split.getKey(), split.getValue(), headers, body, true);
        return execute(caller, sub, base, arrivalNanos, System.nanoTime(), requestId, endpoint -> false);
    }

    private static void sleepUntil(long deadlineNanos) {
        long wait;
        while ((wait = deadlineNanos - System.nanoTime()) > 0) {
            try {
                java.util.concurrent.TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String nowHttpDate(Clock clock) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.instant().atOffset(ZoneOffset.UTC));
    }
}
