package io.roomrelease.camel.ews.graph;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.roomrelease.camel.ews.EwsException;
import io.roomrelease.camel.ews.auth.BearerAuthorization;
import io.roomrelease.camel.ews.metrics.CalendarMetrics;
import io.roomrelease.camel.ews.retry.BackOffGate;
import io.roomrelease.camel.ews.retry.RetryPolicy;
import io.roomrelease.camel.ews.retry.Sleeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything shared by the threads that use one Graph app registration: one JDK {@link HttpClient} (HTTP/2, TLS 1.2+),
 * the cap on requests in flight for the app, a permit of {@code perMailbox} (4) per mailbox, and a back-off per mailbox
 * plus one for the app - Graph throttles Outlook resources per app and mailbox, so a 429 for one room holds back that
 * room only, while a 429 on an app-wide request ($batch, places) holds back the app. Retries go through the component's
 * {@link RetryPolicy} and {@link BackOffGate}.
 */
public final class GraphClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GraphClient.class);

    /** Throttled attempts retried before EwsThrottledException (as for EWS). */
    static final int MAX_THROTTLED_RETRIES = 8;
    /** First wait for a 429/503 without Retry-After; doubles on each consecutive one (as for EWS). */
    static final Duration DEFAULT_BACK_OFF = Duration.ofSeconds(1);
    /** JSON batching: at most 20 requests per $batch. */
    public static final int MAX_BATCH = 20;

    private final GraphSettings settings;
    private final Clock clock;
    private final Sleeper sleeper;
    private final HttpClient http;
    private final String base;
    private final URI baseUri;
    private final Semaphore wire;
    private final BackOffGate appGate;
    private final RetryPolicy appPolicy;
    private final Map<String, MailboxState> mailboxes = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong batchRequests = new AtomicLong();
    private final AtomicLong tokenRefreshes = new AtomicLong();
    private final AtomicInteger onWire = new AtomicInteger();
    private final AtomicInteger maxOnWire = new AtomicInteger();
    private final CalendarMetrics metrics;
    private final String principal;
    private final AutoCloseable gauges;

    /** The {@code backend} tag of this client's meters. */
    static final String BACKEND = "graph";

    /** One mailbox's back-off, retry policy and permits. */
    static final class MailboxState {
        final BackOffGate gate;
        final RetryPolicy policy;
        final Semaphore permits;
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();

        MailboxState(GraphSettings s, Clock clock, Sleeper sleeper, java.util.function.Consumer<Duration> onBackOff) {
            this.gate = new BackOffGate(clock, sleeper);
            gate.onBackOff(onBackOff);
            this.policy = new RetryPolicy(gate, s.maxBackOff(), DEFAULT_BACK_OFF, MAX_THROTTLED_RETRIES);
            this.permits = new Semaphore(s.perMailbox(), true);
        }
    }

    public GraphClient(GraphSettings settings, Clock clock, Sleeper sleeper) {
        this(settings, clock, sleeper, CalendarMetrics.NONE);
    }

    /**
     * A client whose operations, 429s (with the back-off they ask for), requests on the wire and token requests are
     * reported to {@code metrics} with backend {@code graph}, as {@link io.roomrelease.camel.ews.ews.EwsAccount} does
     * for EWS.
     */
    public GraphClient(GraphSettings settings, Clock clock, Sleeper sleeper, CalendarMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        String b = settings.baseUrl().toString();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        this.baseUri = URI.create(base + "/");
        this.wire = new Semaphore(settings.maxConcurrentRequests(), true);
        this.appGate = new BackOffGate(clock, sleeper);
        this.appPolicy = new RetryPolicy(appGate, settings.maxBackOff(), DEFAULT_BACK_OFF, MAX_THROTTLED_RETRIES);
        this.principal = settings.authorization().principal();
        appGate.onBackOff(this::busyReply);
        if (settings.authorization() instanceof BearerAuthorization bearer) {
            bearer.tokenProvider().reportTo(metrics);
        }
        // one HTTP/2 client multiplexes every request: there is no pool of clients to lease (0 of 0)
        this.gauges = metrics.account(BACKEND, principal, onWire::get, settings.maxConcurrentRequests(), () -> 0, 0);
        SSLParameters tls = new SSLParameters();
        tls.setProtocols(new String[] { "TLSv1.3", "TLSv1.2" });
        HttpClient.Builder hb = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
                .connectTimeout(settings.timeout()).followRedirects(HttpClient.Redirect.NEVER).sslParameters(tls);
        try {
            hb.sslContext(settings.sslContext() != null ? settings.sslContext() : SSLContext.getDefault());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("No default TLS context", e);
        }
        this.http = hb.build();
    }

    /**
     * One Graph request.
     *
     * @param operation  for messages, e.g. findEvents
     * @param method     GET, POST, PATCH, DELETE
     * @param target     a path below the base ({@code /users/...}) or an absolute link Graph returned (nextLink,
     *                   deltaLink), which must lie below graphUrl
     * @param body       JSON body or null
     * @param mailbox    the mailbox the path addresses (its back-off and permits apply); null for app-wide requests
     * @param itemId     the item acted on, for messages
     * @param idempotent whether it only reads (a read is repeated after a dead connection; a write never is)
     * @param headers    extra headers (name, value pairs)
     */
    public record Request(String operation, String method, String target, JsonNode body, String mailbox, String itemId,
                          boolean idempotent, List<String> headers) {

        public Request {
            headers = headers == null ? List.of() : List.copyOf(headers);
        }
    }

    /**
     * A successful answer.
     *
     * @param status    2xx
     * @param body      the JSON body (an empty object when there was none)
     * @param requestId the client-request-id
     */
    public record Response(int status, JsonNode body, String requestId) {
    }

    /** A request's answer or its failure (batches answer each request on its own). */
    public record Result(Response response, EwsException failure) {
        public Response get() {
            if (failure != null) {
                throw failure;
            }
            return response;
        }
    }

    MailboxState state(String mailbox) {
        return mailboxes.computeIfAbsent(mailbox.toLowerCase(Locale.ROOT), k -> new MailboxState(settings, clock,
                sleeper, this::busyReply));
    }

    /** A 429/503 made a mailbox (or the app) back off for {@code wait}. */
    private void busyReply(Duration wait) {
        metrics.busyReply(BACKEND, principal, wait);
    }

    /** Where this client reports. */
    public CalendarMetrics metrics() {
        return metrics;
    }

    private GraphFailures failures(Request r, AtomicReference<String> rid) {
        return new GraphFailures(settings.authorization().principal(), base, clock, r.operation(), r.mailbox(),
                r.itemId(), r.idempotent(), rid::get);
    }

    /** Sends one request under its mailbox's (or the app's) retry policy; throws the component's exceptions. */
    public Response send(Request r) {
        AtomicReference<String> rid = new AtomicReference<>();
        GraphFailures failures = failures(r, rid);
        URI uri = resolve(r.target(), r);
        MailboxState ms = r.mailbox() == null ? null : state(r.mailbox());
        RetryPolicy policy = ms == null ? appPolicy : ms.policy;
        String what = r.operation() + (r.mailbox() == null ? "" : " " + r.mailbox());
        return policy.execute(what, r.idempotent(), failures, attempt -> {
            BackOffGate.Clearance app = null;
            if (ms != null) {
                app = appGate.awaitClearance(settings.maxBackOff()); // an app-wide back-off holds every mailbox
                if (app.isRefused()) {
                    throw failures.throttled(null, app.refused(), "the app is backing off, longer than maxBackOff");
                }
            }
            try {
                Map<MailboxState, Integer> held = ms == null ? Map.of() : Map.of(ms, 1);
                HttpResponse<byte[]> resp = onWire(held, attempt, () -> exchange(r.method(), uri, r.body(), r.headers(),
                        rid));
                return answer(resp, rid.get(), attempt, r.operation());
            } finally {
                if (app != null && app.probe()) {
                    appGate.probeDone(app, false);
                }
            }
        });
    }

    /** The answer of a single request: 2xx parsed, errors thrown as {@link GraphHttpException}. */
    private Response answer(HttpResponse<byte[]> resp, String rid, RetryPolicy.Try attempt, String operation)
            throws GraphHttpException {
        int status = resp.statusCode();
        if (status / 100 == 2) {
            return new Response(status, parseBody(status, resp.body()), rid);
        }
        GraphHttpException h = error(status, resp.body(), rid, resp.headers().firstValue("Retry-After").orElse(null));
        if (h.serverRequestId() == null) {
            h.serverRequestId(resp.headers().firstValue("request-id").orElse(null));
        }
        if ((status == 429 || status == 503) && attempt != null) {
            var backOff = GraphFailures.parseRetryAfter(h.retryAfter(), clock);
            if (backOff != null) {
                attempt.serverBusy(backOff); // close the gate before this thread even classifies the failure
            }
        }
        throw h;
    }

    static JsonNode parseBody(int status, byte[] body) {
        if (body == null || body.length == 0) {
            return GraphJson.object();
        }
        try {
            JsonNode n = GraphJson.parse(body);
            if (n == null || !n.isObject()) {
                throw new GraphReplyException(status, "expected a JSON object", null);
            }
            return n;
        } catch (IOException e) {
            String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage()
                    : e.getMessage();
            throw new GraphReplyException(status, "malformed JSON: " + GraphJson.abbreviate(why), e);
        }
    }

    static GraphHttpException error(int status, byte[] body, String rid, String retryAfter) {
        JsonNode n = null;
        try {
            n = body == null || body.length == 0 ? null : GraphJson.parse(body);
        } catch (IOException | RuntimeException e) {
            // an error without a readable body is decided by its status
        }
        return error(status, n, rid, retryAfter);
    }

    /** An error answer from its JSON body ({@code error.code}, {@code message}, {@code innerError.request-id}). */
    static GraphHttpException error(int status, JsonNode n, String rid, String retryAfter) {
        JsonNode err = n == null ? null : n.get("error");
        if (err == null || !err.isObject()) {
            return new GraphHttpException(status, null, null, rid, retryAfter);
        }
        String code = err.path("code").isTextual() ? err.get("code").asText() : null;
        String message = err.path("message").isTextual() ? GraphJson.abbreviate(err.get("message").asText()) : null;
        JsonNode inner = err.path("innerError").isObject() ? err.get("innerError") : err.path("innererror");
        GraphHttpException h = new GraphHttpException(status, code, message, rid, retryAfter);
        if (inner.path("request-id").isTextual()) {
            h.serverRequestId(GraphJson.abbreviate(inner.get("request-id").asText()));
        }
        return h;
    }

    /** Something sent while holding the permits. */
    @FunctionalInterface
    private interface Wire<T> {
        T send() throws IOException, InterruptedException;
    }

    /**
     * Holds {@code n} permits of each mailbox in {@code held} (taken at once, mailboxes in name order, so that batches
     * and single requests cannot deadlock) and a place of the app's cap while the request is on the wire; checks the
     * back-off gate last.
     */
    private <T> T onWire(Map<MailboxState, Integer> held, RetryPolicy.Try attempt, Wire<T> w) throws Exception {
        Map<MailboxState, Integer> acquired = new LinkedHashMap<>();
        try {
            for (Map.Entry<MailboxState, Integer> m : held.entrySet()) {
                m.getKey().permits.acquire(m.getValue());
                acquired.put(m.getKey(), m.getValue());
            }
            wire.acquire();
            try {
                if (attempt != null) {
                    attempt.checkGate(); // a back-off may have started while this thread waited for a permit
                }
                held.forEach((m, n) -> m.maxInFlight.accumulateAndGet(m.inFlight.addAndGet(n), Math::max));
                maxOnWire.accumulateAndGet(onWire.incrementAndGet(), Math::max);
                try {
                    return w.send();
                } finally {
                    onWire.decrementAndGet();
                    held.forEach((m, n) -> m.inFlight.addAndGet(-n));
                }
            } finally {
                wire.release();
            }
        } finally {
            acquired.forEach((m, n) -> m.permits.release(n));
        }
    }

    /** Sends once; a 401 drops the cached token and sends once more with a fresh one. */
    private HttpResponse<byte[]> exchange(String method, URI uri, JsonNode body, List<String> headers,
                                          AtomicReference<String> rid) throws IOException, InterruptedException {
        HttpResponse<byte[]> resp = exchangeOnce(method, uri, body, headers, rid);
        if (resp.statusCode() == 401) {
            LOG.debug("Graph answered 401 (client-request-id {}): refreshing the token once", rid.get());
            tokenRefreshes.incrementAndGet();
            settings.authorization().invalidate();
            resp = exchangeOnce(method, uri, body, headers, rid);
        }
        return resp;
    }

    private HttpResponse<byte[]> exchangeOnce(String method, URI uri, JsonNode body, List<String> headers,
                                              AtomicReference<String> rid) throws IOException, InterruptedException {
        String clientRequestId = newRequestId();
        rid.set(clientRequestId);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(settings.timeout())
                .header("Authorization", settings.authorization().authorizationHeader())
                .header("client-request-id", clientRequestId)
                .header("return-client-request-id", "true")
                .header("User-Agent", settings.userAgent())
                .header("Accept", "application/json");
        for (int i = 0; i + 1 < headers.size(); i += 2) {
            b.header(headers.get(i), headers.get(i + 1));
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofByteArray(GraphJson.MAPPER.writeValueAsBytes(body)));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        requests.incrementAndGet();
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for Microsoft Graph");
        }
    }

    /** A version-4 UUID without SecureRandom (contended under load; the id needs uniqueness, not secrecy). */
    static String newRequestId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long msb = (r.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
        long lsb = (r.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    /** The URI of a target; an absolute link must lie below graphUrl, so the token never goes anywhere else. */
    URI resolve(String target, Request r) {
        if (target.startsWith("https://") || target.startsWith("http://")) {
            URI u;
            try {
                u = URI.create(target);
            } catch (IllegalArgumentException e) {
                throw new EwsException(r.operation() + ": Graph returned an invalid link", r.mailbox(), "MalformedReply",
                        null, null, e);
            }
            if (!sameOrigin(u) || !u.getRawPath().startsWith(baseUri.getRawPath())) {
                throw new EwsException(r.operation() + ": refusing to follow a link outside graphUrl ("
                                       + u.getScheme() + "://" + u.getAuthority() + ")",
                        r.mailbox(), "ForeignLink", null,
                        "a stored deltaLink or a nextLink must come from the same graphUrl; drop the stored link to"
                                                          + " read the window afresh.",
                        null);
            }
            return u;
        }
        return URI.create(base + target);
    }

    private boolean sameOrigin(URI u) {
        return baseUri.getScheme().equalsIgnoreCase(u.getScheme()) && baseUri.getHost() != null
               && baseUri.getHost().equalsIgnoreCase(u.getHost()) && port(baseUri) == port(u);
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    /**
     * Sends several requests, combined into {@code $batch} requests of at most 20 (and at most {@code perMailbox}
     * per mailbox, the limit Graph applies to each sub-request) when batching is on. Each request gets its own
     * result. A throttled sub-request closes its mailbox's gate for its own Retry-After and is then sent alone; a
     * request for a mailbox that is backing off is not put into a batch but sent alone (after its back-off).
     */
    public List<Result> sendAll(String operation, List<Request> all) {
        Result[] results = new Result[all.size()];
        List<Integer> alone = new ArrayList<>();
        if (!settings.batching() || all.size() < 2) {
            for (int i = 0; i < all.size(); i++) {
                alone.add(i);
            }
        } else {
            List<Integer> pending = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                Request r = all.get(i);
                if (r.mailbox() != null && !state(r.mailbox()).gate.remaining().isZero()) {
                    alone.add(i);
                } else {
                    pending.add(i);
                }
            }
            while (!pending.isEmpty()) {
                List<Integer> batch = new ArrayList<>();
                List<Integer> later = new ArrayList<>();
                Map<String, Integer> perMailbox = new LinkedHashMap<>();
                for (int i : pending) {
                    String m = all.get(i).mailbox() == null ? "" : all.get(i).mailbox().toLowerCase(Locale.ROOT);
                    int n = perMailbox.getOrDefault(m, 0);
                    if (batch.size() < MAX_BATCH && (m.isEmpty() || n < settings.perMailbox())) {
                        batch.add(i);
                        perMailbox.put(m, n + 1);
                    } else {
                        later.add(i);
                    }
                }
                if (batch.size() == 1) {
                    alone.add(batch.get(0));
                } else {
                    batch(operation, all, batch, results, alone);
                }
                pending = later;
            }
        }
        for (int i : alone) {
            try {
                results[i] = new Result(send(all.get(i)), null);
            } catch (EwsException e) {
                results[i] = new Result(null, e);
            }
        }
        return List.of(results);
    }

    private void batch(String operation, List<Request> all, List<Integer> indexes, Result[] results,
                       List<Integer> alone) {
        ObjectNode envelope = GraphJson.object();
        ArrayNode reqs = envelope.putArray("requests");
        for (int i : indexes) {
            Request r = all.get(i);
            if (r.target().startsWith("http")) {
                throw new IllegalArgumentException("a batched request needs a relative path: " + r.target());
            }
            ObjectNode sub = reqs.addObject();
            sub.put("id", String.valueOf(i));
            sub.put("method", r.method());
            sub.put("url", r.target());
            ObjectNode h = sub.putObject("headers");
            for (int k = 0; k + 1 < r.headers().size(); k += 2) {
                // a JSON object holds a name once: repeated headers (two Prefer) are joined as one list (RFC 9110 5.3)
                String name = r.headers().get(k);
                String value = r.headers().get(k + 1);
                h.put(name, h.hasNonNull(name) ? h.get(name).asText() + ", " + value : value);
            }
            if (r.body() != null) {
                h.put("Content-Type", "application/json");
                sub.set("body", r.body());
            }
        }
        // a permit of each mailbox for each of its sub-requests: Graph runs them in parallel against that mailbox
        TreeMap<String, Integer> counts = new TreeMap<>();
        for (int i : indexes) {
            String m = all.get(i).mailbox();
            if (m != null) {
                counts.merge(m.toLowerCase(Locale.ROOT), 1, Integer::sum);
            }
        }
        Map<MailboxState, Integer> permits = new LinkedHashMap<>();
        counts.forEach((m, n) -> permits.put(state(m), n));
        Request envelopeRequest = new Request(operation + "($batch)", "POST", "/$batch", envelope, null, null, true,
                List.of());
        AtomicReference<String> rid = new AtomicReference<>();
        GraphFailures failures = failures(envelopeRequest, rid);
        URI uri = URI.create(base + "/$batch");
        JsonNode answer;
        try {
            answer = appPolicy.execute(operation + " $batch", true, failures, attempt -> {
                batchRequests.incrementAndGet();
                HttpResponse<byte[]> resp = onWire(permits, attempt, () -> exchange("POST", uri, envelope,
                        List.of(), rid));
                return answer(resp, rid.get(), attempt, operation + "($batch)").body();
            });
        } catch (EwsException e) {
            indexes.forEach(i -> results[i] = new Result(null, e));
            return;
        }
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        try {
            for (JsonNode sub : GraphJson.array(answer, "responses")) {
                String id = GraphJson.text(sub, "id");
                if (id != null) {
                    byId.put(id, sub);
                }
            }
        } catch (IllegalArgumentException e) {
            EwsException bad = failures.translate(new GraphReplyException(200, "a $batch reply of an unexpected shape: "
                                                                                + e.getMessage(), e));
            indexes.forEach(i -> results[i] = new Result(null, bad));
            return;
        }
        for (int i : indexes) {
            Request r = all.get(i);
            JsonNode sub = byId.get(String.valueOf(i));
            if (sub == null) {
                alone.add(i); // not answered: ask again on its own
                continue;
            }
            int status = sub.path("status").asInt(0);
            JsonNode headers = sub.path("headers");
            String retryAfter = headers.isObject() ? headerIgnoringCase(headers, "Retry-After") : null;
            AtomicReference<String> subRid = new AtomicReference<>(rid.get());
            GraphFailures f = failures(r, subRid);
            if (status / 100 == 2) {
                JsonNode body = sub.get("body");
                results[i] = new Result(new Response(status, body != null && body.isObject() ? body : GraphJson.object(),
                        rid.get()), null);
            } else if (status == 429 || status == 503) {
                java.time.Duration wait = GraphFailures.parseRetryAfter(retryAfter, clock);
                if (r.mailbox() != null) {
                    state(r.mailbox()).gate.backOff(wait != null ? wait : DEFAULT_BACK_OFF);
                }
                LOG.debug("{}: sub-request {} of $batch throttled ({}), retried alone", operation, i, retryAfter);
                alone.add(i);
            } else {
                results[i] = new Result(null, f.translate(error(status, sub.get("body"), rid.get(), retryAfter)));
            }
        }
    }

    private static String headerIgnoringCase(JsonNode headers, String name) {
        for (var it = headers.fields(); it.hasNext();) {
            var e = it.next();
            if (e.getKey().equalsIgnoreCase(name) && e.getValue().isValueNode()) {
                return e.getValue().asText();
            }
        }
        return null;
    }

    public GraphSettings settings() {
        return settings;
    }

    public Clock clock() {
        return clock;
    }

    /** HTTP requests sent (each $batch counts once; token refresh resends count too). */
    public long requests() {
        return requests.get();
    }

    /** $batch requests sent. */
    public long batchRequests() {
        return batchRequests.get();
    }

    /** Times a 401 made the client refresh its token. */
    public long tokenRefreshes() {
        return tokenRefreshes.get();
    }

    /** The most requests the app had on the wire at once. */
    public int maxOnWire() {
        return maxOnWire.get();
    }

    /** The most requests one mailbox had in flight at once (0 if it was never used). */
    public int maxInFlight(String mailbox) {
        MailboxState s = mailboxes.get(mailbox.toLowerCase(Locale.ROOT));
        return s == null ? 0 : s.maxInFlight.get();
    }

    /** The app's back-off gate. */
    public BackOffGate appGate() {
        return appGate;
    }

    /** A mailbox's back-off gate. */
    public BackOffGate gate(String mailbox) {
        return state(mailbox).gate;
    }

    @Override
    public void close() {
        // the JDK HttpClient (Java 17) has no close(); its connections end with it
        mailboxes.clear();
        try {
            gauges.close();
        } catch (Exception e) {
            LOG.debug("Could not remove the gauges of {}: {}", principal, e.toString());
        }
    }

    @Override
    public String toString() {
        return "GraphClient[" + settings.authorization().principal() + " @ " + base + "]";
    }
}
