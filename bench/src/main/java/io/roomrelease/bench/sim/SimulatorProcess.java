package io.roomrelease.bench.sim;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Starts a {@link SimulatorHost} in a child JVM on loopback and talks to it. One instance per scenario size;
 * {@link #close()} stops the child.
 */
public final class SimulatorProcess implements AutoCloseable {
    private final ObjectMapper json = new ObjectMapper();
    private final Process process;
    private final BufferedReader out;
    private final Writer in;
    private final URI url;
    private final URI graphUrl;
    private final URI tokenUrl;

    /** What the simulator is told at start. */
    public record Settings(int rooms, long seed, Duration medianLatency, Duration p99Latency, int maxConcurrency,
            int budgetBurst, double budgetRechargePerSecond, long backOffMillis, Graph graph) {
    }

    /**
     * Microsoft Graph's Outlook limits the simulator applies (its Main's {@code --graph-*} flags).
     *
     * @param maxConcurrent     requests in flight per app and mailbox (Graph: 4)
     * @param requestsPerWindow requests per app and mailbox per window (Graph: 10,000)
     * @param window            that window (Graph: 10 minutes)
     */
    public record Graph(int maxConcurrent, int requestsPerWindow, Duration window) {
        /** The limits Microsoft documents. */
        public static Graph documented() {
            return new Graph(4, 10_000, Duration.ofMinutes(10));
        }
    }

    /** Starts the child and waits until it serves EWS. */
    public SimulatorProcess(Settings s, Path logFile) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx4g", "-XX:+UseParallelGC",
                "-Dlogback.configurationFile=bench-simulator-logback.xml"));
        // extra options for the child, e.g. -Dbench.simulator.jvm-options="-XX:StartFlightRecording=filename=sim.jfr"
        String extra = System.getProperty("bench.simulator.jvm-options", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of(
                "-cp", System.getProperty("java.class.path"),
                SimulatorHost.class.getName(),
                "--rooms", Integer.toString(s.rooms()), "--seed", Long.toString(s.seed()),
                "--median-ms", Long.toString(s.medianLatency().toMillis()),
                "--p99-ms", Long.toString(s.p99Latency().toMillis()),
                "--max-concurrency", Integer.toString(s.maxConcurrency()),
                "--budget-burst", Integer.toString(s.budgetBurst()),
                "--budget-recharge", Double.toString(s.budgetRechargePerSecond()),
                "--back-off-ms", Long.toString(s.backOffMillis()),
                "--graph-max-concurrent", Integer.toString(s.graph().maxConcurrent()),
                "--graph-requests-per-window", Integer.toString(s.graph().requestsPerWindow()),
                "--graph-window", Long.toString(s.graph().window().toSeconds())));
        try {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the simulator JVM (" + command.get(0) + "): " + e.getMessage(), e);
        }
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        JsonNode hello = read();
        url = URI.create(hello.path("url").asText());
        graphUrl = URI.create(hello.path("graphUrl").asText());
        tokenUrl = URI.create(hello.path("tokenUrl").asText());
    }

    /** Microsoft Graph's service root (plain HTTP on loopback), e.g. {@code http://127.0.0.1:4711/v1.0}. */
    public URI graphUrl() {
        return graphUrl;
    }

    /** The OAuth token endpoint (plain HTTP on loopback). */
    public URI tokenUrl() {
        return tokenUrl;
    }

    /** The simulator's EWS endpoint (plain HTTP on loopback). */
    public URI url() {
        return url;
    }

    /** Every room's SMTP address. */
    public List<String> rooms() {
        return strings(call(Map.of("cmd", "rooms")).path("rooms"));
    }

    /** Every room list's SMTP address. */
    public List<String> roomLists() {
        return strings(call(Map.of("cmd", "rooms")).path("roomLists"));
    }

    /** What the server saw since the last {@link #resetStats()}. */
    public ServerStats stats() {
        JsonNode n = call(Map.of("cmd", "stats"));
        Map<String, Long> perOperation = new LinkedHashMap<>();
        n.path("perOperation").fields().forEachRemaining(e -> perOperation.put(e.getKey(), e.getValue().asLong()));
        JsonNode g = n.path("graph");
        Map<String, Long> perEndpoint = new LinkedHashMap<>();
        g.path("requestsPerEndpoint").fields().forEachRemaining(e -> perEndpoint.put(e.getKey(), e.getValue().asLong()));
        GraphStats graph = new GraphStats(g.path("requests").asLong(), g.path("batches").asLong(), perEndpoint,
                g.path("throttled429").asLong(), g.path("requestsDuringRetryAfter").asLong(),
                g.path("maxConcurrentPerMailbox").asInt(), g.path("unauthorized401").asLong(),
                g.path("forbidden403").asLong());
        return new ServerStats(n.path("totalRequests").asLong(), perOperation, n.path("maxInFlight").asInt(),
                n.path("serverBusy").asLong(), n.path("requestsDuringBackOff").asLong(),
                n.path("concurrencyRejections").asLong(), n.path("serviceUnavailable").asLong(), n.path("faults").asLong(),
                n.path("cpuNanos").asLong(), graph);
    }

    /** Zeroes the server's counters. */
    public void resetStats() {
        call(Map.of("cmd", "reset"));
    }

    /** Changes the account's throttling (budgets restart full). */
    public void throttling(int maxConcurrency, int budgetBurst, double rechargePerSecond, long backOffMillis) {
        call(Map.of("cmd", "throttling", "maxConcurrency", maxConcurrency, "budgetBurst", budgetBurst,
                "rechargePerSecond", rechargePerSecond, "backOffMillis", backOffMillis));
    }

    /** Books meetings in {@code fraction} of the rooms whose start + grace falls in the last {@code interval}; returns how many. */
    public int inject(double fraction, Duration grace, Duration interval) {
        return call(Map.of("cmd", "inject", "fraction", fraction, "graceSeconds", grace.toSeconds(),
                "intervalSeconds", interval.toSeconds())).path("injected").asInt();
    }

    /** Per operation, when the server first and last saw it since {@code since} (ms after it), for profiling. */
    public String timeline(Instant since) {
        return call(Map.of("cmd", "timeline", "since", since.toString())).toString();
    }

    /** How the injected meetings were released so far. */
    public Outcomes outcomes(Duration grace) {
        JsonNode n = call(Map.of("cmd", "outcomes", "graceSeconds", grace.toSeconds()));
        List<Long> lags = new ArrayList<>();
        n.path("lagMillis").forEach(x -> lags.add(x.asLong()));
        return new Outcomes(n.path("injected").asInt(), n.path("released").asInt(), n.path("releasedMoreThanOnce").asInt(),
                n.path("otherReleases").asLong(), lags);
    }

    /** The server's counters; {@code cpuNanos} is the simulator JVM's CPU time since it started. */
    public record ServerStats(long totalRequests, Map<String, Long> perOperation, int maxInFlight, long serverBusy,
            long requestsDuringBackOff, long concurrencyRejections, long serviceUnavailable, long faults, long cpuNanos,
            GraphStats graph) {
        /** Requests that reached an EWS operation. */
        public long ewsCalls() {
            return perOperation.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Requests of one operation. */
        public long calls(String operation) {
            return perOperation.getOrDefault(operation, 0L);
        }
    }

    /**
     * What the simulator's Graph side saw.
     *
     * @param httpRequests             HTTP requests (a $batch counts once)
     * @param batches                  $batch requests
     * @param perEndpoint              requests per endpoint, $batch sub-requests included
     * @param throttled                429s answered (HTTP and sub-requests)
     * @param requestsDuringRetryAfter requests for an app and mailbox that arrived before a 429's Retry-After passed
     * @param maxConcurrentPerMailbox  the most requests of the app on one mailbox served at once
     * @param unauthorized             401s
     * @param forbidden                403s
     */
    public record GraphStats(long httpRequests, long batches, Map<String, Long> perEndpoint, long throttled,
            long requestsDuringRetryAfter, int maxConcurrentPerMailbox, long unauthorized, long forbidden) {
        /** Requests served by a Graph endpoint ($batch sub-requests each count, the $batch envelopes do not). */
        public long served() {
            return perEndpoint.entrySet().stream().filter(e -> !e.getKey().toLowerCase().contains("batch"))
                    .mapToLong(Map.Entry::getValue).sum();
        }

        /**
         * Service times a client spends per request: one per request sent alone, and per $batch one for every four
         * of its sub-requests (Graph runs up to four of a batch at once; the simulator likewise).
         */
        public double serialUnits() {
            long alone = httpRequests - batches;
            long inBatches = Math.max(0, served() - alone);
            return alone + (batches == 0 ? 0 : batches * Math.ceil(inBatches / (double) batches / 4.0));
        }
    }

    /**
     * The injected meetings' fate.
     *
     * @param injected            meetings injected
     * @param released            of those, declined or cancelled by their room at least once
     * @param releasedMoreThanOnce of those, released more than once (must be 0)
     * @param otherReleases       releases of meetings that were not injected
     * @param lagMillis           per released meeting: its first release minus (start + grace)
     */
    public record Outcomes(int injected, int released, int releasedMoreThanOnce, long otherReleases, List<Long> lagMillis) {
    }

    private synchronized JsonNode call(Map<String, Object> command) {
        try {
            in.write(json.writeValueAsString(command));
            in.write('\n');
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("The simulator JVM stopped listening: " + e.getMessage(), e);
        }
        JsonNode reply = read();
        if (reply.has("error")) {
            throw new IllegalStateException("The simulator refused " + command.get("cmd") + ": " + reply.path("error").asText());
        }
        return reply;
    }

    private JsonNode read() {
        try {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith(SimulatorHost.REPLY_PREFIX)) {
                    return json.readTree(line.substring(SimulatorHost.REPLY_PREFIX.length()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("The simulator JVM exited (code " + exitCode() + "); see its log for the cause");
    }

    private String exitCode() {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(x -> out.add(x.asText()));
        return out;
    }

    /** Asks the child to quit, and kills it if it does not within 10 s. */
    @Override
    public void close() {
        try {
            call(Map.of("cmd", "quit"));
        } catch (RuntimeException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
