package io.roomrelease.camel.ews.graph;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A loopback server answering the documented Microsoft Graph v1.0 shapes over a small in-memory calendar store, plus
 * an OAuth token endpoint: enough of Graph's rules (paging, If-Match with the changeKey, organizer-only cancel,
 * getSchedule's limits, $batch, error JSON) to test the client's behaviour. Tests can put a {@link #override} in front
 * of any path to inject faults.
 */
final class GraphStub implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    /** A request as the server saw it. */
    record Seen(String method, String path, String query, Map<String, String> headers, JsonNode body, long atNanos,
                String token) {
    }

    /** An answer. */
    record Answer(int status, JsonNode body, Map<String, String> headers) {
        static Answer of(int status, JsonNode body) {
            return new Answer(status, body, Map.of());
        }
    }

    final HttpServer server;
    final List<Seen> seen = new CopyOnWriteArrayList<>();
    final Map<String, Map<String, ObjectNode>> calendars = new ConcurrentHashMap<>();
    final Map<String, String> roomLists = new LinkedHashMap<>();
    final Map<String, List<String>> rooms = new LinkedHashMap<>();
    final List<JsonNode> sentMail = new CopyOnWriteArrayList<>();
    final AtomicInteger tokensIssued = new AtomicInteger();
    final AtomicInteger ids = new AtomicInteger();
    final Map<String, Boolean> validTokens = new ConcurrentHashMap<>();
    volatile long tokenLifetimeSeconds = 3600;
    volatile Function<Seen, Answer> override = s -> null;

    private final String scheme;

    GraphStub() throws IOException {
        this(null);
    }

    /** Over HTTPS with the certificate's key (TLS 1.2+), or plain http when null. */
    GraphStub(javax.net.ssl.SSLContext tls) throws IOException {
        if (tls == null) {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            scheme = "http";
        } else {
            com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(
                    new InetSocketAddress("127.0.0.1", 0), 0);
            https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls) {
                @Override
                public void configure(com.sun.net.httpserver.HttpsParameters params) {
                    javax.net.ssl.SSLParameters p = tls.getDefaultSSLParameters();
                    p.setProtocols(new String[] { "TLSv1.3", "TLSv1.2" });
                    params.setSSLParameters(p);
                }
            });
            server = https;
            scheme = "https";
        }
        server.setExecutor(Executors.newFixedThreadPool(32));
        server.createContext("/", this::handle);
        server.start();
    }

    String base() {
        return scheme + "://127.0.0.1:" + server.getAddress().getPort() + "/v1.0";
    }

    String tokenUrl() {
        return scheme + "://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    /** Requests to Graph (not the token endpoint) whose path contains {@code part}. */
    List<Seen> graphRequests(String part) {
        return seen.stream().filter(s -> s.path().startsWith("/v1.0") && s.path().contains(part)).toList();
    }

    // --- store ------------------------------------------------------------------------------------------------------

    ObjectNode addEvent(String mailbox, String subject, Instant start, Instant end, boolean organizer,
                        String organizerAddress) {
        ObjectNode e = JSON.createObjectNode();
        String id = "AAMk" + ids.incrementAndGet() + "-id_";
        e.put("id", id);
        e.put("changeKey", "ck" + ids.incrementAndGet());
        e.put("subject", subject);
        e.putObject("organizer").putObject("emailAddress").put("address", organizerAddress).put("name", "Org");
        e.set("start", dtz(start));
        e.set("end", dtz(end));
        e.put("isAllDay", false);
        e.put("type", "singleInstance");
        e.putNull("seriesMasterId");
        e.put("iCalUId", "ical-" + id);
        e.put("isOrganizer", organizer);
        e.putObject("responseStatus").put("response", organizer ? "organizer" : "accepted").put("time",
                "0001-01-01T00:00:00Z");
        e.put("createdDateTime", "2026-11-30T08:00:00.1234567Z");
        e.put("showAs", "busy");
        e.put("isCancelled", false);
        ArrayNode at = e.putArray("attendees");
        ObjectNode a = at.addObject();
        a.put("type", "required");
        a.putObject("status").put("response", "accepted");
        a.putObject("emailAddress").put("address", "alice@x.com");
        ObjectNode r = at.addObject();
        r.put("type", "resource");
        r.putObject("emailAddress").put("address", mailbox);
        calendars.computeIfAbsent(mailbox.toLowerCase(Locale.ROOT), k -> new ConcurrentHashMap<>()).put(id, e);
        return e;
    }

    static ObjectNode dtz(Instant i) {
        ObjectNode n = JSON.createObjectNode();
        n.put("dateTime", java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSS")
                .format(LocalDateTime.ofInstant(i, ZoneOffset.UTC)));
        n.put("timeZone", "UTC");
        return n;
    }

    static Instant instant(JsonNode dtz) {
        String dt = dtz.get("dateTime").asText();
        return LocalDateTime.parse(dt).toInstant(ZoneOffset.UTC);
    }

    static ObjectNode error(String code, String message) {
        ObjectNode n = JSON.createObjectNode();
        ObjectNode e = n.putObject("error");
        e.put("code", code);
        e.put("message", message);
        ObjectNode inner = e.putObject("innerError");
        inner.put("request-id", "srv-" + System.nanoTime());
        inner.put("date", Instant.now().toString());
        return n;
    }

    // --- HTTP ------------------------------------------------------------------------------------------------------

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] in;
            try (InputStream is = ex.getRequestBody()) {
                in = is.readAllBytes();
            }
            Map<String, String> headers = new LinkedHashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(", ", v)));
            String path = ex.getRequestURI().getRawPath();
            String query = ex.getRequestURI().getRawQuery();
            Answer a;
            if (path.equals("/token")) {
                seen.add(new Seen(ex.getRequestMethod(), path, query, headers, null, System.nanoTime(), null));
                a = token(new String(in, StandardCharsets.UTF_8));
            } else {
                JsonNode body = in.length == 0 ? null : JSON.readTree(in);
                String auth = headers.getOrDefault("authorization", "");
                String token = auth.startsWith("Bearer ") ? auth.substring(7) : null;
                Seen s = new Seen(ex.getRequestMethod(), URLDecoder.decode(path, StandardCharsets.UTF_8), query, headers,
                        body, System.nanoTime(), token);
                seen.add(s);
                if (token == null || !validTokens.getOrDefault(token, false)) {
                    a = Answer.of(401, error("InvalidAuthenticationToken", "Access token has expired or is not yet valid."));
                } else {
                    a = route(s);
                }
            }
            Map<String, String> out = new LinkedHashMap<>(a.headers());
            String crid = headers.get("client-request-id");
            if (crid != null) {
                ex.getResponseHeaders().add("client-request-id", crid);
            }
            ex.getResponseHeaders().add("request-id", "srv-" + System.nanoTime());
            out.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            if (a.body() == null) {
                ex.sendResponseHeaders(a.status(), -1);
            } else {
                byte[] b = a.body().isTextual() ? a.body().asText().getBytes(StandardCharsets.UTF_8)
                        : JSON.writeValueAsBytes(a.body());
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(a.status(), b.length);
                ex.getResponseBody().write(b);
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
            throw e;
        }
    }

    private Answer token(String form) {
        if (!form.contains("client_secret=s3cret") || !form.contains("grant_type=client_credentials")) {
            ObjectNode n = JSON.createObjectNode();
            n.put("error", "invalid_client");
            return Answer.of(401, n);
        }
        String t = "tok-" + tokensIssued.incrementAndGet();
        validTokens.put(t, true);
        ObjectNode n = JSON.createObjectNode();
        n.put("access_token", t);
        n.put("token_type", "Bearer");
        n.put("expires_in", tokenLifetimeSeconds);
        return Answer.of(200, n);
    }

    Answer route(Seen s) {
        Answer o = override.apply(s);
        if (o != null) {
            return o;
        }
        String p = s.path().substring("/v1.0".length());
        String[] seg = p.split("/");
        Map<String, String> q = query(s.query());
        if (p.equals("/$batch")) {
            return batch(s);
        }
        if (p.equals("/places/microsoft.graph.roomlist")) {
            ArrayNode v = JSON.createArrayNode();
            roomLists.forEach((mail, name) -> v.addObject().put("emailAddress", mail).put("displayName", name));
            return Answer.of(200, JSON.createObjectNode().set("value", v));
        }
        if (seg.length == 5 && seg[1].equals("places") && seg[3].equals("microsoft.graph.roomlist")) {
            List<String> list = rooms.get(seg[2].toLowerCase(Locale.ROOT));
            if (list == null) {
                return Answer.of(404, error("ResourceNotFound", "not found"));
            }
            ArrayNode v = JSON.createArrayNode();
            list.forEach(r -> v.addObject().put("emailAddress", r).put("displayName", r.substring(0, r.indexOf('@'))));
            return Answer.of(200, JSON.createObjectNode().set("value", v));
        }
        if (seg.length < 4 || !seg[1].equals("users")) {
            return Answer.of(400, error("BadRequest", "Unsupported path " + p));
        }
        String mailbox = seg[2].toLowerCase(Locale.ROOT);
        if (mailbox.startsWith("ghost")) {
            return Answer.of(404, error("ErrorInvalidUser", "The requested user '" + mailbox + "' is invalid."));
        }
        if (mailbox.startsWith("secret")) {
            return Answer.of(403, error("ErrorAccessDenied", "Access to OData is disabled: [RAOP] : Blocked by tenant"
                                                             + " configured AppOnly AccessPolicy settings."));
        }
        Map<String, ObjectNode> cal = calendars.computeIfAbsent(mailbox, k -> new ConcurrentHashMap<>());
        String what = seg[3];
        if (what.equals("calendarView") && seg.length == 4) {
            return calendarView(s, cal, q, mailbox);
        }
        if (what.equals("calendar") && seg.length == 5 && seg[4].equals("getSchedule")) {
            return schedule(s.body());
        }
        if (what.equals("sendMail")) {
            sentMail.add(s.body());
            return Answer.of(202, null);
        }
        if (what.equals("events") && seg.length == 4 && s.method().equals("POST")) {
            JsonNode b = s.body();
            ObjectNode e = addEvent(mailbox, b.path("subject").asText(null), instant(b.get("start")),
                    instant(b.get("end")), true, mailbox);
            e.set("attendees", b.get("attendees"));
            return Answer.of(201, e);
        }
        if (what.equals("events") && seg.length >= 5) {
            ObjectNode e = cal.get(seg[4]);
            if (e == null) {
                return Answer.of(404, error("ErrorItemNotFound", "The specified object was not found in the store."));
            }
            String ifMatch = s.headers().get("if-match");
            if (ifMatch != null && !ifMatch.equals("W/\"" + e.get("changeKey").asText() + "\"")) {
                return Answer.of(412, error("ErrorIrresolvableConflict",
                        "The send or update operation could not be performed because the change key passed in the"
                        + " request does not match the current change key for the item."));
            }
            if (seg.length == 5) {
                switch (s.method()) {
                    case "GET":
                        return Answer.of(200, e);
                    case "DELETE":
                        cal.remove(seg[4]);
                        return Answer.of(204, null);
                    case "PATCH":
                        s.body().fields().forEachRemaining(f -> e.set(f.getKey(), f.getValue()));
                        e.put("changeKey", "ck" + ids.incrementAndGet());
                        return Answer.of(200, e);
                    default:
                        return Answer.of(405, error("BadRequest", "method"));
                }
            }
            String action = seg[5];
            if (action.equals("decline")) {
                if (e.get("isOrganizer").asBoolean()) {
                    return Answer.of(400, error("ErrorInvalidRequest", "Your request can't be completed. You can't"
                                                                       + " respond to a meeting you organized."));
                }
                e.with("responseStatus").put("response", "declined");
                e.put("changeKey", "ck" + ids.incrementAndGet());
                return Answer.of(202, null);
            }
            if (action.equals("cancel")) {
                if (!e.get("isOrganizer").asBoolean()) {
                    return Answer.of(400, error("ErrorInvalidRequest", "Your request can't be completed. Only the"
                                                                       + " meeting organizer can cancel the meeting."));
                }
                e.put("isCancelled", true);
                return Answer.of(202, null);
            }
        }
        return Answer.of(400, error("BadRequest", "Unsupported " + s.method() + " " + p));
    }

    static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null) {
            return q;
        }
        for (String kv : raw.split("&")) {
            int i = kv.indexOf('=');
            q.put(URLDecoder.decode(i < 0 ? kv : kv.substring(0, i), StandardCharsets.UTF_8),
                    i < 0 ? "" : URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
        }
        return q;
    }

    private Answer calendarView(Seen s, Map<String, ObjectNode> cal, Map<String, String> q, String mailbox) {
        if (!q.containsKey("startDateTime") || !q.containsKey("endDateTime")) {
            return Answer.of(400, error("ErrorInvalidParameter", "This request requires a time window specified by"
                                                                  + " the query string parameters StartDateTime and"
                                                                  + " EndDateTime."));
        }
        Instant from = Instant.parse(q.get("startDateTime"));
        Instant to = Instant.parse(q.get("endDateTime"));
        int pageSize = 10;
        String prefer = s.headers().getOrDefault("prefer", "");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("odata.maxpagesize=(\\d+)").matcher(prefer);
        if (m.find()) {
            pageSize = Integer.parseInt(m.group(1));
        }
        if (q.containsKey("$top")) { // List calendarView's documented page size, kept in the nextLink
            pageSize = Integer.parseInt(q.get("$top"));
        }
        List<ObjectNode> all = new ArrayList<>();
        cal.values().stream().filter(e -> instant(e.get("start")).isBefore(to) && instant(e.get("end")).isAfter(from))
                .sorted((a, b) -> instant(a.get("start")).compareTo(instant(b.get("start")))).forEach(all::add);
        int skip = Integer.parseInt(q.getOrDefault("$skip", "0"));
        ArrayNode v = JSON.createArrayNode();
        List<String> select = q.containsKey("$select") ? List.of(q.get("$select").split(",")) : null;
        for (int i = skip; i < Math.min(all.size(), skip + pageSize); i++) {
            ObjectNode e = all.get(i).deepCopy();
            if (select != null) {
                e.retain(new ArrayList<>(select) {
                    {
                        add("@odata.etag");
                    }
                });
            }
            e.put("@odata.etag", "W/\"" + all.get(i).get("changeKey").asText() + "\"");
            v.add(e);
        }
        ObjectNode out = JSON.createObjectNode();
        out.set("value", v);
        if (skip + pageSize < all.size()) {
            out.put("@odata.nextLink", base() + "/users/" + mailbox + "/calendarView?startDateTime="
                                       + q.get("startDateTime") + "&endDateTime=" + q.get("endDateTime")
                                       + (q.containsKey("$top") ? "&$top=" + q.get("$top") : "")
                                       + (select == null ? "" : "&$select=" + q.get("$select"))
                                       + "&$skip=" + (skip + pageSize));
        }
        return Answer.of(200, out);
    }

    private Answer schedule(JsonNode body) {
        ArrayNode schedules = (ArrayNode) body.get("schedules");
        if (schedules.size() > 20) {
            return Answer.of(400, error("ErrorInvalidParameter", "too many schedules"));
        }
        Instant from = instant(body.get("startTime"));
        Instant to = instant(body.get("endTime"));
        int interval = body.path("availabilityViewInterval").asInt(30);
        if (!to.isBefore(from.plus(java.time.Duration.ofDays(62))) || interval < 5 || interval > 1440) {
            return Answer.of(400, error("ErrorInvalidParameter", "window or interval"));
        }
        ArrayNode v = JSON.createArrayNode();
        for (JsonNode sid : schedules) {
            String mb = sid.asText().toLowerCase(Locale.ROOT);
            ObjectNode info = v.addObject();
            info.put("scheduleId", sid.asText());
            if (mb.startsWith("ghost")) {
                info.putObject("error").put("message", "The user is not found.").put("responseCode",
                        "ErrorMailRecipientNotFound");
                continue;
            }
            info.put("availabilityView", "0");
            ArrayNode items = info.putArray("scheduleItems");
            for (ObjectNode e : calendars.getOrDefault(mb, Map.of()).values()) {
                if (instant(e.get("start")).isBefore(to) && instant(e.get("end")).isAfter(from)) {
                    ObjectNode it = items.addObject();
                    it.put("isPrivate", false);
                    it.put("status", e.get("showAs").asText());
                    it.put("subject", e.get("subject").asText());
                    it.set("start", e.get("start"));
                    it.set("end", e.get("end"));
                }
            }
        }
        return Answer.of(200, JSON.createObjectNode().set("value", v));
    }

    private Answer batch(Seen s) {
        ArrayNode reqs = (ArrayNode) s.body().get("requests");
        if (reqs.size() > 20) {
            return Answer.of(400, error("BadRequest", "too many requests in batch"));
        }
        ArrayNode responses = JSON.createArrayNode();
        List<JsonNode> list = new ArrayList<>();
        reqs.forEach(list::add);
        java.util.Collections.reverse(list); // Graph answers in any order
        for (JsonNode r : list) {
            URI u = URI.create(r.get("url").asText());
            Map<String, String> h = new LinkedHashMap<>(s.headers());
            r.path("headers").fields().forEachRemaining(f -> h.put(f.getKey().toLowerCase(Locale.ROOT), f.getValue().asText()));
            h.put("x-batched", "true");
            Seen sub = new Seen(r.get("method").asText(), "/v1.0" + u.getPath(), u.getRawQuery(), h, r.get("body"),
                    System.nanoTime(), s.token());
            seen.add(new Seen(sub.method(), sub.path(), sub.query(), Map.of("x-batched", "true"), sub.body(),
                    sub.atNanos(), s.token()));
            Answer a = route(sub);
            ObjectNode resp = responses.addObject();
            resp.put("id", r.get("id").asText());
            resp.put("status", a.status());
            ObjectNode rh = resp.putObject("headers");
            a.headers().forEach(rh::put);
            if (a.body() != null) {
                resp.set("body", a.body());
            }
        }
        return Answer.of(200, JSON.createObjectNode().set("responses", responses));
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
