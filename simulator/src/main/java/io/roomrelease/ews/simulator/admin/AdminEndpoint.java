package io.roomrelease.ews.simulator.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.roomrelease.ews.simulator.EwsSimulator;
import io.roomrelease.ews.simulator.faults.FaultInjector;
import io.roomrelease.ews.simulator.model.SentMessage;

/**
 * The standalone simulator's opt-in admin endpoint for out-of-process tests ({@code --admin-port N}): JSON over
 * HTTP, bound to 127.0.0.1 only, off by default. No authentication: it is for a test machine's loopback.
 *
 * <pre>
 * GET  /admin/sent[?kind=DECLINE][&amp;from=room@x]  messages the mailboxes sent (responses, cancellations, invitations)
 * GET  /admin/calendar?mailbox=M[&amp;from=ISO&amp;to=ISO] a mailbox's calendar items (expanded between from and to)
 * GET  /admin/stats                                 counters: requests, declines sent, calendar items
 * POST /admin/faults/latency            {"operation":"CreateItem","fixedMillis":50} or {"medianMillis":..,"p99Millis":..}
 *                                       (operation omitted: every operation)
 * POST /admin/faults/drop-connections   {"count":1}
 * POST /admin/faults/drop-after-execution  {"operation":"DeclineItem","count":1}  carried out, then connection dropped
 * POST /admin/faults/unreadable-reply   {"operation":"DeclineItem","count":1}     carried out, reply garbled
 * POST /admin/faults/malformed-reply    {"operation":"FindItem","count":1}
 * POST /admin/faults/server-busy        {"count":1,"backOffMillis":500}
 * POST /admin/faults/service-unavailable {"count":1,"retryAfterMillis":1000}
 * POST /admin/faults/idle-timeout       {"millis":30000}
 * POST /admin/faults/reset
 * </pre>
 */
public final class AdminEndpoint implements AutoCloseable {

    private static final String BASE = "/admin";

    private final EwsSimulator sim;
    private final HttpServer server;
    private final ExecutorService executor;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private AdminEndpoint(EwsSimulator sim, int port) throws IOException {
        this.sim = sim;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        this.executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "ews-simulator-admin");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext(BASE, this::handle);
        server.start();
    }

    /** Starts the endpoint on 127.0.0.1:{@code port} (0: ephemeral). */
    public static AdminEndpoint start(EwsSimulator sim, int port) throws IOException {
        return new AdminEndpoint(sim, port);
    }

    /** The base URI, e.g. {@code http://127.0.0.1:40123/admin}. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + BASE);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath().substring(BASE.length());
            Map<String, String> query = query(ex.getRequestURI().getRawQuery());
            String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
            Object answer;
            try {
                if ("GET".equals(method)) {
                    answer = switch (path) {
                        case "/sent" -> sent(query);
                        case "/calendar" -> calendar(query);
                        case "/stats" -> stats();
                        default -> null;
                    };
                } else if ("POST".equals(method) && path.startsWith("/faults/")) {
                    JsonNode body = readBody(ex.getRequestBody());
                    answer = fault(path.substring("/faults/".length()), body);
                } else {
                    answer = null;
                }
            } catch (IllegalArgumentException e) {
                send(ex, 400, Map.of("error", String.valueOf(e.getMessage())));
                return;
            }
            if (answer == null) {
                send(ex, 404, Map.of("error", "no such admin resource: " + method + " " + BASE + path));
            } else {
                send(ex, 200, answer);
            }
        } catch (RuntimeException e) {
            send(ex, 500, Map.of("error", String.valueOf(e)));
        }
    }

    private List<SentMessage> sent(Map<String, String> q) {
        String kind = q.get("kind");
        String from = q.get("from");
        return sim.store().sentMessages().stream()
                .filter(m -> kind == null || m.kind().name().equalsIgnoreCase(kind))
                .filter(m -> from == null || m.from().equalsIgnoreCase(from))
                .toList();
    }

    private Object calendar(Map<String, String> q) {
        String mailbox = q.get("mailbox");
        if (mailbox == null || !sim.store().mailboxExists(mailbox)) {
            throw new IllegalArgumentException("mailbox=" + mailbox + ": no such mailbox");
        }
        if (q.containsKey("from") && q.containsKey("to")) {
            return sim.store().calendar(mailbox, Instant.parse(q.get("from")), Instant.parse(q.get("to")));
        }
        return sim.store().calendar(mailbox);
    }

    private Map<String, Object> stats() {
        Map<String, Object> out = new LinkedHashMap<>();
        List<SentMessage> sent = sim.store().sentMessages();
        out.put("sentMessages", sent.size());
        out.put("declinesSent", sent.stream().filter(m -> m.kind() == SentMessage.Kind.DECLINE).count());
        out.put("cancellationsSent", sent.stream().filter(m -> m.kind() == SentMessage.Kind.CANCELLATION).count());
        out.put("mailsSent", sent.stream().filter(m -> m.kind() == SentMessage.Kind.MAIL).count());
        out.put("calendarItems", sim.store().itemCount());
        return out;
    }

    private Map<String, Object> fault(String name, JsonNode b) {
        FaultInjector f = sim.faults();
        String op = b.hasNonNull("operation") ? b.get("operation").asText() : null;
        int count = b.path("count").asInt(1);
        switch (name) {
            case "latency" -> {
                if (b.hasNonNull("fixedMillis")) {
                    Duration d = Duration.ofMillis(b.get("fixedMillis").asLong());
                    if (op == null) {
                        f.fixedLatency(d);
                    } else {
                        f.fixedLatency(op, d);
                    }
                } else if (b.hasNonNull("medianMillis") && b.hasNonNull("p99Millis")) {
                    Duration median = Duration.ofMillis(b.get("medianMillis").asLong());
                    Duration p99 = Duration.ofMillis(b.get("p99Millis").asLong());
                    if (op == null) {
                        f.latency(median, p99);
                    } else {
                        f.latency(op, median, p99);
                    }
                } else {
                    throw new IllegalArgumentException("latency needs fixedMillis, or medianMillis and p99Millis");
                }
            }
            case "drop-connections" -> f.dropConnections(count);
            case "drop-after-execution" -> f.dropConnectionAfterExecution(op, count);
            case "unreadable-reply" -> f.unreadableReplyAfterExecution(op, count);
            case "malformed-reply" -> f.malformedReply(op, count);
            case "server-busy" -> f.serverBusy(count, Duration.ofMillis(b.path("backOffMillis").asLong(500)));
            case "service-unavailable" -> f.serviceUnavailable(count, b.hasNonNull("retryAfterMillis")
                    ? Duration.ofMillis(b.get("retryAfterMillis").asLong()) : null);
            case "idle-timeout" -> f.idleTimeout(Duration.ofMillis(b.path("millis").asLong(30_000)));
            case "reset" -> f.reset();
            default -> throw new IllegalArgumentException("unknown fault '" + name + "'");
        }
        return Map.of("fault", name, "applied", true);
    }

    private JsonNode readBody(InputStream in) throws IOException {
        byte[] bytes = in.readAllBytes();
        if (bytes.length == 0) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("the body is not JSON: " + e.getMessage());
        }
    }

    private void send(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }
}
