package io.roomrelease.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.roomrelease.bench.baseline.BaselineResult;
import io.roomrelease.bench.baseline.Baselines;
import io.roomrelease.bench.report.Bound;
import io.roomrelease.bench.report.Percentiles;
import io.roomrelease.bench.report.Row;
import io.roomrelease.bench.report.Table;
import io.roomrelease.bench.report.Target;
import io.roomrelease.bench.report.Targets;
import io.roomrelease.bench.sim.SimulatorHost;
import io.roomrelease.bench.sim.SimulatorProcess;
import io.roomrelease.bench.sweep.BundleSweep;

/**
 * Runs the whole benchmark table: for each size, the bundle's real sweep route with each detection strategy against
 * a simulator in a child JVM, the two ews-java-api baselines, and a throttle storm; prints the table and the targets
 * and writes every figure to a JSON file. See {@code bench/README.md}.
 */
public final class BenchMain {
    /** Median service time of every EWS operation. */
    static final Duration MEDIAN = Duration.ofMillis(50);
    /** Its 99th percentile (log-normal tail). */
    static final Duration P99 = Duration.ofMillis(100);
    /** Exchange's EWSMaxConcurrency. */
    static final int SERVER_CONCURRENCY = 27;
    /** The client's cap on requests in flight. */
    static final int CAP = Targets.CALENDAR_CAP;
    /**
     * Threads of the sweep. The component caps requests on the wire at {@link #CAP}; a few more threads than that
     * keep the cap busy while some threads build requests and parse replies.
     */
    static final int SWEEP_THREADS = 32;
    /** Fraction of rooms with a meeting whose release decision falls in the sweep's window. */
    static final double IN_WINDOW = 0.05;
    /** The policy's grace period (config: roomrelease.policy.grace-minutes). */
    static final Duration GRACE = Duration.ofMinutes(15);
    /** The sweep interval (config: roomrelease.sweep.cron, every minute). */
    static final Duration INTERVAL = Duration.ofMinutes(1);
    /** The calendar window the baselines read, as the sweep does (look-back-hours, look-ahead-minutes). */
    static final Duration LOOK_BACK = Duration.ofHours(8);
    static final Duration LOOK_AHEAD = Duration.ofMinutes(15);
    /** Rooms in the throttle-storm scenario, and its budget: the server runs dry within a second. */
    static final int STORM_ROOMS = 1000;
    static final int STORM_BURST = 100;
    static final double STORM_RECHARGE = 150;
    static final long STORM_BACK_OFF = 1000;

    private final BenchOptions options;
    private final Path work;
    private final Path simulatorLog;
    private final List<Row> rows = new ArrayList<>();
    private final int headline;

    private BenchMain(BenchOptions options) throws IOException {
        this.options = options;
        this.work = Files.createTempDirectory("room-release-bench");
        this.simulatorLog = work.resolve("simulator.log");
        this.headline = options.sizes().contains(Targets.HEADLINE_ROOMS) ? Targets.HEADLINE_ROOMS
                : options.sizes().stream().mapToInt(Integer::intValue).max().orElseThrow();
    }

    /** Entry point; see {@link BenchOptions#USAGE}. */
    public static void main(String[] args) throws Exception {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "bench-logback.xml");
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (!Files.isDirectory(options.repo().resolve("routes")) || !Files.isDirectory(options.repo().resolve("config"))) {
            System.err.println("No routes/ and config/ under " + options.repo().toAbsolutePath()
                    + ": run from the repository root or pass --repo DIR");
            System.exit(2);
        }
        new BenchMain(options).run();
    }

    private void run() throws Exception {
        Instant started = Instant.now();
        log("work folder " + work + " (simulator log: " + simulatorLog + ")");
        for (int size : options.sizes()) {
            try (SimulatorProcess sim = new SimulatorProcess(simulatorSettings(size), simulatorLog)) {
                List<String> roomLists = sim.roomLists();
                for (String strategy : options.strategies()) {
                    if (strategy.equals("graph-batching")) {
                        rows.add(batching(sim, true));
                        rows.add(batching(sim, false));
                        continue;
                    }
                    boolean heapRow = size == headline && strategy.equals("calendar");
                    rows.add(measure(sim, size, roomLists, strategy, heapRow ? options.heapSweeps() : 1));
                    log(Table.rows(List.of(rows.get(rows.size() - 1))).lines().skip(1).findFirst().orElse(""));
                }
                if (size == headline && options.strategies().stream().anyMatch(BenchMain::isEws)) {
                    List<String> rooms = sim.rooms();
                    rows.add(naive(sim, rooms.subList(0, Math.min(options.naiveSample(), rooms.size()))));
                    rows.add(unthrottled(sim, rooms.subList(0, Math.min(options.unthrottledRooms(), rooms.size()))));
                }
            }
        }
        if (options.strategies().stream().anyMatch(BenchMain::isEws)) {
            try (SimulatorProcess sim = new SimulatorProcess(simulatorSettings(STORM_ROOMS), simulatorLog)) {
                rows.add(storm(sim, sim.roomLists()));
            }
        }
        List<Target> targets = new Targets(rows, INTERVAL).judge();
        System.out.println();
        System.out.print(Table.rows(rows));
        System.out.println();
        System.out.print(Table.targets(targets));
        write(started, targets);
        System.out.println("Results: " + options.out().toAbsolutePath().normalize());
    }

    private SimulatorProcess.Settings simulatorSettings(int rooms) {
        return new SimulatorProcess.Settings(rooms, options.seed(), MEDIAN, P99, SERVER_CONCURRENCY, 1_000_000, 100_000, 1000,
                SimulatorProcess.Graph.documented());
    }

    /** An EWS row (the bundle over EWS, or an ews-java-api baseline), as opposed to a graph-* row. */
    static boolean isEws(String strategy) {
        return !strategy.startsWith("graph-");
    }

    /** The bundle's sweep strategy of a row: graph-calendar sweeps with calendar over Graph. */
    static String sweepStrategy(String strategy) {
        return isEws(strategy) ? strategy : strategy.substring("graph-".length());
    }

    /** The app registration of generated scenarios (a benchmark fixture, never a real secret). */
    static final String GRAPH_CLIENT_ID = "room-release";
    static final String GRAPH_CLIENT_SECRET = "bench-secret";

    /** The component over Microsoft Graph against the simulator's Graph front end: app-only OAuth, plain HTTP. */
    private static Map<String, String> graphSettings(SimulatorProcess sim) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("camel.component.ews.api", "graph");
        s.put("camel.component.ews.graph-url", sim.graphUrl().toString());
        s.put("camel.component.ews.token-url", sim.tokenUrl().toString());
        s.put("camel.component.ews.client-id", GRAPH_CLIENT_ID);
        s.put("camel.component.ews.client-secret", GRAPH_CLIENT_SECRET);
        return s;
    }

    /** Settings a large organisation would use for the sweep, on top of config/application.properties. */
    private static Map<String, String> sweepTuning() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("roomrelease.policy.grace-minutes", Long.toString(GRACE.toMinutes()));
        s.put("roomrelease.sweep.concurrency", Integer.toString(SWEEP_THREADS));
        return s;
    }

    private BundleSweep bundle(SimulatorProcess sim, List<String> roomLists, String strategy, String name) throws Exception {
        Map<String, String> settings = sweepTuning();
        if (!isEws(strategy)) {
            settings.putAll(graphSettings(sim));
        }
        return new BundleSweep(options.repo(), work.resolve(name), sim.url(), SimulatorHost.ACCOUNT, SimulatorHost.PASSWORD,
                roomLists, sweepStrategy(strategy), CAP, settings);
    }

    /** One warm-up sweep, then meetings injected and one measured sweep; then more sweeps for the heap figures. */
    private Row measure(SimulatorProcess sim, int size, List<String> roomLists, String strategy, int sweeps) throws Exception {
        String name = strategy + "-" + size;
        log(name + ": starting the bundle");
        try (BundleSweep bundle = bundle(sim, roomLists, strategy, name)) {
            // the warm-up releases a batch too: the release path is then as warm (JIT, classes, SQL) as in a process
            // that has run for a while; without it every measured release paid first-use costs
            // one warm-up sweep leaves the JIT compiling during the measured one (JFR: ~1.6 s of C2 compilations in
            // a 3 s availability sweep, on the cores the sweep and the simulator share); a process sweeping every
            // minute is past that after a few sweeps, so several warm-ups (--warm-up-sweeps) each release a batch
            // the JIT keeps compiling for many sweeps (C2 thresholds are ~10,000 calls of a method; a sweep makes
            // ~1,000 calls): with 3 warm-ups, 2.2 s of compiling in a 2.4 s availability sweep on 2 cores. The rows are
            // steady-state figures, so warm-ups go on until the JIT is quiet (--max-warm-up-sweeps)
            int warmUps = 0;
            while (true) {
                warmUps++;
                sim.inject(IN_WINDOW, GRACE, INTERVAL);
                long jit = CpuProbe.jitMillis();
                BundleSweep.Result warmUp = bundle.sweep();
                long jitMs = CpuProbe.jitMillis() - jit;
                log(name + ": warm-up sweep " + warmUps + " " + seconds(warmUp.elapsedNanos()) + " s, "
                        + warmUp.roomsSwept() + " rooms swept, JIT " + jitMs + " ms");
                boolean quiet = jitMs < BenchOptions.JIT_QUIET * warmUp.elapsedNanos() / 1e6;
                if (warmUps >= options.maxWarmUpSweeps() || warmUps >= options.warmUpSweeps() && quiet) {
                    break;
                }
            }
            sim.resetStats();
            BundleSweep.ClientBackOff clientBefore = bundle.clientBackOff();
            int injected = sim.inject(IN_WINDOW, GRACE, INTERVAL);
            long serverCpu = sim.stats().cpuNanos();
            long clientCpu = CpuProbe.processCpuNanos();
            long jit = CpuProbe.jitMillis();
            Instant sweepStart = Instant.now();
            BundleSweep.Result r = bundle.sweep();
            clientCpu = CpuProbe.processCpuNanos() - clientCpu;
            jit = CpuProbe.jitMillis() - jit;
            SimulatorProcess.ServerStats stats = sim.stats();
            serverCpu = stats.cpuNanos() - serverCpu;
            log(name + ": server timeline " + sim.timeline(sweepStart) + ", sweep took " + Math.round(r.elapsedNanos() / 1e6) + " ms");
            SimulatorProcess.Outcomes outcomes = sim.outcomes(GRACE);
            double heap = HeapProbe.usedAfterGcMb();
            Double growth = null;
            for (int i = 1; i < sweeps; i++) {
                bundle.sweep();
                if (i == sweeps - 1) {
                    growth = HeapProbe.usedAfterGcMb() - heap;
                }
            }
            String note = r.roomsSwept() + " rooms swept, " + r.released() + " released; " + injected + " meetings injected"
                    + "; measured after " + warmUps + " warm-up sweeps, JIT compiling " + jit + " ms during it";
            if (!isEws(strategy)) {
                Row row = graphRow(name, strategy, size, r, stats.graph(), outcomes, note + "; Graph: "
                        + stats.graph().httpRequests() + " HTTP requests, " + stats.graph().batches() + " $batch, "
                        + stats.graph().unauthorized() + " 401, " + stats.graph().forbidden() + " 403");
                long served = Math.max(1, stats.graph().served());
                return row.withHeap(heap, growth, sweeps > 1 ? sweeps : null)
                        .withCpu(clientCpu / 1e6 / served, serverCpu / 1e6 / served);
            }
            Row row = sweepRow(name, strategy, size, r, stats, outcomes, note);
            return row.withHeap(heap, growth, sweeps > 1 ? sweeps : null)
                    .withCpu(clientCpu / 1e6 / stats.ewsCalls(), serverCpu / 1e6 / stats.ewsCalls());
        }
    }

    private Row sweepRow(String name, String strategy, int size, BundleSweep.Result r, SimulatorProcess.ServerStats stats,
            SimulatorProcess.Outcomes outcomes, String note) {
        double seconds = seconds(r.elapsedNanos());
        double perRoom = stats.ewsCalls() / (double) size;
        double rps = size / seconds;
        double bound = Bound.roomsPerSecond(CAP, MEDIAN, perRoom);
        return new Row(name, strategy, size, CAP, seconds, rps, bound, rps / bound, perRoom, stats.perOperation(),
                stats.maxInFlight(), stats.serverBusy(), stats.requestsDuringBackOff(), r.roomsSkipped() + r.failed(),
                null, null, null, Percentiles.of(outcomes.lagMillis(), 50), Percentiles.of(outcomes.lagMillis(), 99),
                outcomes.injected(), outcomes.released(), outcomes.releasedMoreThanOnce(), null, null, note);
    }

    /**
     * The bound of a Graph row: Graph's documented limits are per app and mailbox (4 requests at once, 10,000 per 10
     * minutes), so with one room per mailbox they allow min(cap, 4 x rooms) requests at once and, per room, 10,000 per
     * 10 minutes - far above what one sweep asks of a room; the client's cap (25) is what binds. Each request costs the
     * simulator's median latency; a $batch costs one latency per four sub-requests (they run four at a time).
     * Requests without a mailbox (places) have no latency in the simulator and cost nothing here.
     */
    static double graphBound(int rooms, SimulatorProcess.GraphStats g) {
        return graphBound(rooms, g, Math.min(CAP, SimulatorProcess.Graph.documented().maxConcurrent() * rooms));
    }

    /** The same with {@code concurrency} requests at once (1 for a single getAvailability call). */
    static double graphBound(int rooms, SimulatorProcess.GraphStats g, int concurrency) {
        double unitsPerRoom = g.serialUnits() / rooms;
        return Bound.roomsPerSecond(concurrency, MEDIAN, Math.max(unitsPerRoom, 1e-9));
    }

    private static Row graphRow(String name, String strategy, int size, BundleSweep.Result r, SimulatorProcess.GraphStats g,
            SimulatorProcess.Outcomes outcomes, String note) {
        double seconds = seconds(r.elapsedNanos());
        double rps = size / seconds;
        double bound = graphBound(size, g);
        return new Row(name, strategy, size, CAP, seconds, rps, bound, rps / bound, g.served() / (double) size,
                g.perEndpoint(), g.maxConcurrentPerMailbox(), g.throttled(), g.requestsDuringRetryAfter(),
                r.roomsSkipped() + r.failed(), null, null, null, Percentiles.of(outcomes.lagMillis(), 50),
                Percentiles.of(outcomes.lagMillis(), 99), outcomes.injected(), outcomes.released(),
                outcomes.releasedMoreThanOnce(), null, null, note);
    }

    /**
     * getAvailability of every room in one call of the component's Graph backend, with JSON batching (20 getSchedule
     * requests of 20 schedules per $batch) or without (one getSchedule request at a time).
     */
    private Row batching(SimulatorProcess sim, boolean batching) {
        List<String> rooms = sim.rooms();
        String name = "graph-availability-" + (batching ? "batched" : "unbatched") + "-" + rooms.size();
        log(name + ": getAvailability of " + rooms.size() + " rooms, $batch " + (batching ? "on" : "off"));
        Clock clock = Clock.systemUTC();
        java.time.Duration timeout = java.time.Duration.ofSeconds(60);
        var tokens = new io.roomrelease.camel.ews.auth.ClientCredentialsTokenProvider(sim.tokenUrl(), GRAPH_CLIENT_ID,
                GRAPH_CLIENT_SECRET, "https://graph.microsoft.com/.default", clock, null, timeout);
        var settings = new io.roomrelease.camel.ews.graph.GraphSettings(sim.graphUrl(), null,
                new io.roomrelease.camel.ews.auth.BearerAuthorization(tokens), "room-release-bench", timeout, CAP,
                io.roomrelease.camel.ews.graph.GraphSettings.OUTLOOK_MAX_CONCURRENCY_PER_MAILBOX,
                java.time.Duration.ofSeconds(60), 100, batching);
        try (var client = new io.roomrelease.camel.ews.graph.GraphClient(settings, clock,
                io.roomrelease.camel.ews.retry.Sleeper.THREAD_SLEEP)) {
            var backend = new io.roomrelease.camel.ews.graph.GraphBackend(client, 100, clock);
            Instant now = clock.instant();
            backend.getAvailability(null, rooms.subList(0, 20), now.minus(LOOK_BACK), now.plus(LOOK_AHEAD)); // warm-up
            sim.resetStats();
            long t0 = System.nanoTime();
            var result = backend.getAvailability(null, rooms, now.minus(LOOK_BACK), now.plus(LOOK_AHEAD)).value();
            long elapsed = System.nanoTime() - t0;
            long errors = result.stream().filter(a -> !a.isOk()).count();
            SimulatorProcess.GraphStats g = sim.stats().graph();
            double secs = seconds(elapsed);
            double rps = rooms.size() / secs;
            double bound = graphBound(rooms.size(), g, 1); // one call sends its requests (or batches) one at a time
            return new Row(name, batching ? "graph-batching-on" : "graph-batching-off", rooms.size(), 1, secs, rps,
                    bound, rps / bound, g.served() / (double) rooms.size(), g.perEndpoint(),
                    g.maxConcurrentPerMailbox(), g.throttled(), g.requestsDuringRetryAfter(), errors, null, null, null,
                    null, null, null, null, null, null, null, g.httpRequests() + " HTTP requests, " + g.batches()
                            + " $batch; one getAvailability call (its requests go out one after another)");
        }
    }

    private Row naive(SimulatorProcess sim, List<String> sample) {
        log("naive baseline: " + sample.size() + " rooms, one thread");
        sim.resetStats();
        BaselineResult b = baselines(sim).naive(sample);
        return baselineRow("naive", 1, b, sim.stats(), "one thread, one ExchangeService, FindItem per room; a "
                + sample.size() + "-room sample (its rate does not depend on the size)");
    }

    private Row unthrottled(SimulatorProcess sim, List<String> rooms) throws InterruptedException {
        log("unthrottled baseline: " + rooms.size() + " rooms, 64 threads");
        sim.resetStats();
        BaselineResult b = baselines(sim).unthrottled(rooms, 64);
        return baselineRow("unthrottled", 64, b, sim.stats(), "64 threads, no back-off handling; client errors: " + b.errors());
    }

    private Baselines baselines(SimulatorProcess sim) {
        return new Baselines(sim.url(), SimulatorHost.ACCOUNT, SimulatorHost.PASSWORD, Clock.systemUTC(), LOOK_BACK, LOOK_AHEAD);
    }

    private static Row baselineRow(String name, int cap, BaselineResult b, SimulatorProcess.ServerStats stats, String note) {
        double seconds = seconds(b.elapsedNanos());
        double perRoom = stats.ewsCalls() / (double) b.rooms();
        double bound = Bound.roomsPerSecond(cap, MEDIAN, Math.max(perRoom, 1e-9));
        return new Row(name, name, b.rooms(), cap, seconds, b.roomsPerSecond(), bound, b.roomsPerSecond() / bound, perRoom,
                stats.perOperation(), stats.maxInFlight(), stats.serverBusy(), stats.requestsDuringBackOff(),
                b.errorCount(), null, null, null, null, null, null, null, null, null, null, note);
    }

    /**
     * A budget so small that the server says busy within a second: sweeps run until every injected meeting is
     * released (at most 5), then once more, and each meeting must have been released exactly once.
     */
    private Row storm(SimulatorProcess sim, List<String> roomLists) throws Exception {
        String name = "storm-" + STORM_ROOMS;
        log(name + ": starting the bundle");
        try (BundleSweep bundle = bundle(sim, roomLists, "calendar", name)) {
            bundle.sweep();
            sim.throttling(SERVER_CONCURRENCY, STORM_BURST, STORM_RECHARGE, STORM_BACK_OFF);
            sim.resetStats();
            BundleSweep.ClientBackOff clientBefore = bundle.clientBackOff();
            int injected = sim.inject(IN_WINDOW, GRACE, INTERVAL);
            BundleSweep.Result first = bundle.sweep();
            int sweeps = 1;
            while (sim.outcomes(GRACE).released() < injected && sweeps < 5) {
                bundle.sweep();
                sweeps++;
            }
            bundle.sweep();
            sweeps++;
            SimulatorProcess.ServerStats stats = sim.stats();
            SimulatorProcess.Outcomes outcomes = sim.outcomes(GRACE);
            String note = "budget " + STORM_BURST + " requests + " + STORM_RECHARGE + "/s; " + sweeps
                    + " sweeps (the first took " + String.format("%.1f", seconds(first.elapsedNanos())) + " s)";
            BundleSweep.ClientBackOff client = bundle.clientBackOff().since(clientBefore);
            note += "; client: " + client.busyRepliesRead() + " busy replies read, " + client.inFlightAtBusyRead()
                    + " requests already on the wire then, " + client.sentDuringBackOff() + " sent inside a back-off";
            return sweepRow(name, "storm", STORM_ROOMS, first, stats, outcomes, note)
                    .withClientBackOff(client.sentDuringBackOff(), client.inFlightAtBusyRead());
        }
    }

    private void write(Instant started, List<Target> targets) throws IOException {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("started", started.toString());
        run.put("finished", Instant.now().toString());
        run.put("quick", options.quick());
        run.put("cores", Runtime.getRuntime().availableProcessors());
        run.put("java", System.getProperty("java.version"));
        run.put("medianLatencyMs", MEDIAN.toMillis());
        run.put("p99LatencyMs", P99.toMillis());
        run.put("serverMaxConcurrency", SERVER_CONCURRENCY);
        run.put("clientCap", CAP);
        run.put("inWindowFraction", IN_WINDOW);
        run.put("graceMinutes", GRACE.toMinutes());
        run.put("intervalSeconds", INTERVAL.toSeconds());
        run.put("seed", options.seed());
        run.put("warmUpSweeps", options.warmUpSweeps());
        run.put("maxWarmUpSweeps", options.maxWarmUpSweeps());
        run.put("warmUpEndsWhenJitBelow", BenchOptions.JIT_QUIET);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("run", run);
        doc.put("rows", rows);
        doc.put("targets", targets);
        Files.createDirectories(options.out().toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(options.out().toFile(), doc);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static void log(String message) {
        System.err.println("[bench] " + message);
    }
}
