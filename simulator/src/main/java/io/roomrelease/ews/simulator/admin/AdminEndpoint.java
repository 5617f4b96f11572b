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
import io.roomrelease.ews.simulator.graph.GraphSettings;
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
 *                                        (operation may also be a Graph endpoint, e.g. "Graph:decline")
 * POST /admin/faults/unreadable-reply   {"operation":"DeclineItem","count":1}     carried out, reply garbled
 * POST /admin/faults/malformed-reply    {"operation":"FindItem","count":1}
 * POST /admin/faults/server-busy        {"count":1,"backOffMillis":500}
 * POST /admin/faults/service-unavailable {"count":1,"retryAfterMillis":1000}
 * POST /admin/faults/idle-timeout       {"millis":30000}
 * POST /admin/faults/reset
 * GET  /admin/graph/stats               Graph counters (also under "graph" in /admin/stats): 429s, requests during
 *                                       Retry-After, max concurrency per mailbox, 401/403/400, schema violations
 * POST /admin/graph/scope               {"scope":"rooms"|"all"|"list","mailboxes":[..],"app":"clientId"} (no app: every app)
 * POST /admin/graph/roles               {"clientId":"room-release","roles":["Calendars.ReadWrite","Place.Read.All"]}
 * POST /admin/graph/throttling          {"maxConcurrent":4,"requestsPerWindow":10000,"windowSeconds":600,
 *                                        "concurrencyRetryAfterMillis":1000,"fractionalRetryAfter":false}
 * POST /admin/graph/delta               {"expireAll":true} and/or {"lifetimeSeconds":604800}
 * POST /admin/graph/client-certificate {"clientId":"room-release","certificatePem":"-----BEGIN CERTIFICATE-----..."}
 *                                       registers a certificate credential (client_assertion JWTs signed with its key)
 * POST /admin/graph/reset-stats
 * POST /admin/tokens                    {"expireAll":true} and/or {"lifetimeSeconds":3600}
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
                        case "/graph/stats" -> sim.graphStats().toMap();
                        default -> null;
                    };
                } else if ("POST".equals(method) && path.startsWith("/faults/")) {
                    JsonNode body = readBody(ex.getRequestBody());
                    answer = fault(path.substring("/faults/".length()), body);
                } else if ("POST".equals(method) && (path.startsWith("/graph/") || path.equals("/tokens"))) {
                    answer = graph(path, readBody(ex.getRequestBody()));
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
        out.put("mailsSent", sent.stream().filter(m -> m.kind() == SentMessage.Kind.MAIL).count());
        Map<String, Object> ews = new LinkedHashMap<>();
        ews.put("requests", sim.stats().totalRequests());
        ews.put("serverBusy", sim.stats().serverBusyReplies());
        ews.put("requestsDuringBackOff", sim.stats().requestsDuringBackOff());
        ews.put("concurrencyRejections", sim.stats().concurrencyRejections());
        ews.put("schemaViolations", sim.schemaViolations().stream().filter(v -> !v.operation().startsWith("Graph ")).count());
        out.put("ews", ews);
        out.put("graph", sim.graphStats().toMap());
        return out;
    }

    private Map<String, Object> graph(String path, JsonNode b) {
        GraphSettings g = sim.graphSettings();
        switch (path) {
            case "/graph/scope" -> {
                String kind = b.path("scope").asText("rooms").toLowerCase(Locale.ROOT);
                GraphSettings.Scope scope = switch (kind) {
                    case "rooms" -> GraphSettings.Scope.rooms();
                    case "all" -> GraphSettings.Scope.all();
                    case "list" -> {
                        java.util.Set<String> mailboxes = new java.util.LinkedHashSet<>();
                        b.path("mailboxes").forEach(m -> mailboxes.add(m.asText()));
                        yield GraphSettings.Scope.of(mailboxes);
                    }
                    default -> throw new IllegalArgumentException("scope must be rooms, all or list; got '" + kind + "'");
                };
                if (b.hasNonNull("app")) {
                    g.scope(b.get("app").asText(), scope);
                } else {
                    g.clearScopes().defaultScope(scope);
                }
            }
            case "/graph/roles" -> {
                if (!b.hasNonNull("clientId") || !b.path("roles").isArray()) {
                    throw new IllegalArgumentException("roles needs clientId and a roles array");
                }
                java.util.Set<String> roles = new java.util.LinkedHashSet<>();
                b.get("roles").forEach(r -> roles.add(r.asText()));
                g.roles(b.get("clientId").asText(), roles);
            }
            case "/graph/throttling" -> {
                sim.graphThrottling(b.path("maxConcurrent").asInt(g.maxConcurrent()),
                        b.path("requestsPerWindow").asInt(g.requestsPerWindow()),
                        b.hasNonNull("windowSeconds") ? Duration.ofSeconds(b.get("windowSeconds").asLong()) : g.window());
                if (b.hasNonNull("concurrencyRetryAfterMillis")) {
                    g.concurrencyRetryAfter(Duration.ofMillis(b.get("concurrencyRetryAfterMillis").asLong()));
                }
                if (b.hasNonNull("fractionalRetryAfter")) {
                    g.fractionalRetryAfter(b.get("fractionalRetryAfter").asBoolean());
                }
            }
            case "/graph/delta" -> {
                if (b.hasNonNull("lifetimeSeconds")) {
                    g.deltaTokenLifetime(Duration.ofSeconds(b.get("lifetimeSeconds").asLong()));
                }
                if (b.path("expireAll").asBoolean(false)) {
                    sim.expireGraphDeltaTokens();
                }
            }
            case "/graph/reset-stats" -> sim.graphStats().reset();
            case "/graph/client-certificate" -> {
                if (!b.hasNonNull("clientId") || !b.hasNonNull("certificatePem")) {
                    throw new IllegalArgumentException("client-certificate needs clientId and certificatePem");
                }
                try {
                    java.security.cert.X509Certificate cert = (java.security.cert.X509Certificate)
                            java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(
                                    new java.io.ByteArrayInputStream(b.get("certificatePem").asText().getBytes(StandardCharsets.US_ASCII)));
                    g.clientCertificate(b.get("clientId").asText(), cert);
                } catch (java.security.cert.CertificateException e) {
                    throw new IllegalArgumentException("certificatePem is not a PEM X.509 certificate: " + e.getMessage());
                }
            }
            case "/tokens" -> {
                if (b.hasNonNull("lifetimeSeconds")) {
                    sim.tokenLifetime(Duration.ofSeconds(b.get("lifetimeSeconds").asLong()));
                }
                if (b.path("expireAll").asBoolean(false)) {
                    sim.expireTokens();
                }
            }
            default -> throw new IllegalArgumentException("unknown admin resource POST /admin" + path);
        }
        return Map.of("applied", path);
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
