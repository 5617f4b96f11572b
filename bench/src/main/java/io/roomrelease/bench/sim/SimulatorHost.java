package io.roomrelease.bench.sim;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.roomrelease.ews.simulator.EwsSimulator;
import io.roomrelease.ews.simulator.model.CalendarEntry;
import io.roomrelease.ews.simulator.model.Room;
import io.roomrelease.ews.simulator.model.RoomList;
import io.roomrelease.ews.simulator.model.SentMessage;
import io.roomrelease.ews.simulator.model.ThrottlingSettings;
import io.roomrelease.ews.simulator.model.User;
import io.roomrelease.ews.simulator.scenario.MeetingSpec;
import io.roomrelease.ews.simulator.scenario.Scenario;
import io.roomrelease.ews.simulator.scenario.ScenarioGenerator;
import io.roomrelease.ews.simulator.stats.SimulatorStats;

/**
 * The simulator side of a benchmark, run in its own JVM so that its store, audit log and CPU do not blur the
 * bundle's heap figures. It generates an organisation of N rooms, serves EWS on loopback, and answers one JSON
 * command per line on standard input with one JSON line on standard output, prefixed {@value #REPLY_PREFIX}
 * (anything else on standard output is log noise and ignored by {@link SimulatorProcess}).
 *
 * <p>Commands: {@code rooms}, {@code stats}, {@code reset}, {@code throttling}, {@code inject} (meetings whose
 * start + grace falls in the last sweep interval), {@code outcomes} (how often, and when, each injected meeting was
 * declined) and {@code quit}.
 */
public final class SimulatorHost {
    /** Marks reply lines on standard output. */
    public static final String REPLY_PREFIX = "@@bench ";
    /** The service account of generated scenarios. */
    public static final String ACCOUNT = "svc-roomrelease@contoso.com";
    /** Its password (a benchmark fixture, never a real secret). */
    public static final String PASSWORD = "bench-Passw0rd!";

    private final ObjectMapper json = new ObjectMapper();
    private final EwsSimulator sim;
    private final Scenario scenario;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Injected> injected = new HashMap<>();
    private final Random random;

    private record Injected(String room, Instant start) {
    }

    private SimulatorHost(HostOptions o) {
        this.random = new Random(o.seed() + 1);
        Instant now = clock.instant();
        // A working day is in progress but no regular meeting is past its grace period yet: local time 08:05.
        int utcSecond = LocalTime.ofInstant(now, ZoneOffset.UTC).toSecondOfDay();
        int offset = Math.floorMod(o.localStartSecondOfDay() - utcSecond + 43_200, 86_400) - 43_200;
        // The in-window meetings are injected right before a measured sweep (inject), so the generator adds none.
        ScenarioGenerator.Options d = ScenarioGenerator.Options.defaults();
        ScenarioGenerator.Options options = new ScenarioGenerator.Options(d.roomsPerBuilding(), d.meetingsPerRoom(),
                d.recurringFraction(), 0, Duration.ZERO, Duration.ZERO, d.usersPerRoom(), ZoneOffset.ofTotalSeconds(offset));
        this.scenario = ScenarioGenerator.generate(o.rooms(), o.seed(), clock, options);
        // Graph as documented (4 per app and mailbox, 10,000 requests per 10 minutes), or as --graph-* say; the Graph
        // metadata check is off here as the EWS schema check is (the tests run with both on)
        this.sim = EwsSimulator.builder().scenario(scenario).clock(clock).httpsPort(-1).httpPort(0)
                .throttling(o.throttling())
                .graphSchema(io.roomrelease.ews.simulator.graph.GraphSchema.disabled("benchmark: checked in the tests"))
                .graph(g -> g.throttling(o.graphMaxConcurrent(), o.graphRequestsPerWindow(),
                        Duration.ofSeconds(o.graphWindowSeconds())))
                .start();
        sim.faults().seed(o.seed()).latency(Duration.ofMillis(o.medianMillis()), Duration.ofMillis(o.p99Millis()));
    }

    /**
     * Entry point: {@code SimulatorHost --rooms N --seed S --median-ms 50 --p99-ms 100 --max-concurrency 27
     * [--graph-max-concurrent 4 --graph-requests-per-window 10000 --graph-window 600]}.
     */
    public static void main(String[] args) throws Exception {
        HostOptions options = HostOptions.parse(args);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        SimulatorHost host = new SimulatorHost(options);
        host.reply(out, Map.of("url", host.sim.httpUrl().toString(), "rooms", options.rooms(),
                "graphUrl", host.sim.httpGraphUrl().toString(), "tokenUrl", host.sim.httpTokenUrl().toString()));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode cmd = host.json.readTree(line);
                String name = cmd.path("cmd").asText();
                if ("quit".equals(name)) {
                    host.reply(out, Map.of("bye", true));
                    break;
                }
                try {
                    host.reply(out, host.handle(name, cmd));
                } catch (RuntimeException e) {
                    host.reply(out, Map.of("error", e.toString()));
                }
            }
        } finally {
            host.sim.close();
        }
    }

    private void reply(PrintStream out, Object value) throws Exception {
        out.println(REPLY_PREFIX + json.writeValueAsString(value));
    }

    private Object handle(String name, JsonNode cmd) {
        return switch (name) {
            case "rooms" -> rooms();
            case "stats" -> stats(sim.stats(), sim.graphStats());
            case "reset" -> {
                sim.resetStats();
                sim.graphStats().reset();
                yield Map.of("reset", true);
            }
            case "throttling" -> {
                sim.throttling(new ThrottlingSettings(cmd.path("maxConcurrency").asInt(27), cmd.path("budgetBurst").asInt(0),
                        cmd.path("rechargePerSecond").asDouble(0), cmd.path("backOffMillis").asLong(0)));
                yield Map.of("throttling", sim.throttlingFor(ACCOUNT).toString());
            }
            case "inject" -> inject(cmd.path("fraction").asDouble(), Duration.ofSeconds(cmd.path("graceSeconds").asLong()),
                    Duration.ofSeconds(cmd.path("intervalSeconds").asLong()));
            case "timeline" -> timeline(Instant.parse(cmd.path("since").asText()));
            case "outcomes" -> outcomes(Duration.ofSeconds(cmd.path("graceSeconds").asLong()));
            default -> throw new IllegalArgumentException("unknown command '" + name
                    + "': use rooms, stats, reset, throttling, inject, outcomes or quit");
        };
    }

    private Map<String, Object> rooms() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rooms", scenario.rooms().stream().map(Room::email).toList());
        out.put("roomLists", scenario.roomLists().stream().map(RoomList::email).toList());
        return out;
    }

    private static Map<String, Object> stats(SimulatorStats s, io.roomrelease.ews.simulator.graph.GraphStats g) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("totalRequests", s.totalRequests());
        out.put("perOperation", s.requestsPerOperation());
        out.put("maxInFlight", s.maxInFlight(ACCOUNT));
        out.put("serverBusy", s.serverBusyReplies());
        out.put("requestsDuringBackOff", s.requestsDuringBackOff());
        out.put("concurrencyRejections", s.concurrencyRejections());
        out.put("serviceUnavailable", s.serviceUnavailableReplies());
        out.put("faults", s.faults());
        out.put("cpuNanos", ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime());
        out.put("graph", g.toMap());
        return out;
    }

    /**
     * Starts a new batch of injected meetings: books, in {@code fraction} of the rooms, a meeting whose start + grace falls uniformly in the last
     * {@code interval}: exactly the meetings a sweep running every {@code interval} must decide on now.
     */
    private Map<String, Object> inject(double fraction, Duration grace, Duration interval) {
        Instant now = clock.instant();
        injected.clear(); // a new batch: outcomes report on this one
        List<String> users = scenario.users().stream().map(User::email).toList();
        int count = 0;
        for (Room room : scenario.rooms()) {
            if (random.nextDouble() >= fraction) {
                continue;
            }
            long back = (long) (random.nextDouble() * interval.toMillis());
            Instant start = now.minus(grace).minusMillis(back).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            MeetingSpec spec = MeetingSpec.builder("Bench meeting in " + room.email(), users.get(random.nextInt(users.size())))
                    .rooms(room.email()).start(start).duration(Duration.ofMinutes(30 + 15 * random.nextInt(3)))
                    .created(start.minus(Duration.ofDays(1 + random.nextInt(5)))).tags("bench-in-window").build();
            CalendarEntry organizerItem = sim.store().addMeeting(spec);
            injected.put(organizerItem.uid(), new Injected(room.email(), start));
            count++;
        }
        return Map.of("injected", count, "at", now.toString());
    }

    /**
     * When each phase of a sweep ran, as the server saw it: first and last audited access per operation since
     * {@code since}, and first and last meeting response sent.
     */
    private Map<String, Object> timeline(Instant since) {
        Map<String, Instant[]> spans = new java.util.TreeMap<>();
        for (io.roomrelease.ews.simulator.model.AuditEntry e : sim.store().auditLog()) {
            if (!e.time().isBefore(since)) {
                spans.merge(e.operation(), new Instant[] {e.time(), e.time()},
                        (a, b) -> new Instant[] {a[0].isBefore(b[0]) ? a[0] : b[0], a[1].isAfter(b[1]) ? a[1] : b[1]});
            }
        }
        for (SentMessage m : sim.store().sentMessages()) {
            if (!m.sent().isBefore(since)) {
                spans.merge("sent:" + m.kind(), new Instant[] {m.sent(), m.sent()},
                        (a, b) -> new Instant[] {a[0].isBefore(b[0]) ? a[0] : b[0], a[1].isAfter(b[1]) ? a[1] : b[1]});
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        spans.forEach((op, span) -> out.put(op, Duration.between(since, span[0]).toMillis() + ".."
                + Duration.between(since, span[1]).toMillis() + " ms"));
        return out;
    }

    /** For every meeting of the latest injected batch: how often the room declined (or cancelled) it, and the lag after start + grace. */
    private Map<String, Object> outcomes(Duration grace) {
        Map<String, Integer> releases = new HashMap<>();
        List<Long> lags = new ArrayList<>();
        long otherReleases = 0;
        for (SentMessage m : sim.store().sentMessages()) {
            if (m.kind() != SentMessage.Kind.DECLINE && m.kind() != SentMessage.Kind.CANCELLATION) {
                continue;
            }
            Injected meeting = injected.get(m.meetingUid());
            if (meeting == null || !meeting.room().equalsIgnoreCase(m.from())) {
                otherReleases++;
                continue;
            }
            if (releases.merge(m.meetingUid(), 1, Integer::sum) == 1) {
                lags.add(Duration.between(meeting.start().plus(grace), m.sent()).toMillis());
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("injected", injected.size());
        out.put("released", releases.size());
        out.put("releasedMoreThanOnce", releases.values().stream().filter(n -> n > 1).count());
        out.put("otherReleases", otherReleases);
        out.put("lagMillis", lags);
        return out;
    }

    /** Command-line options of the host. */
    record HostOptions(int rooms, long seed, long medianMillis, long p99Millis, ThrottlingSettings throttling,
            int localStartSecondOfDay, int graphMaxConcurrent, int graphRequestsPerWindow, long graphWindowSeconds) {
        static HostOptions parse(String[] args) {
            Map<String, String> a = new HashMap<>();
            for (int i = 0; i + 1 < args.length; i += 2) {
                a.put(args[i], args[i + 1]);
            }
            return new HostOptions(Integer.parseInt(a.getOrDefault("--rooms", "1000")),
                    Long.parseLong(a.getOrDefault("--seed", "1")),
                    Long.parseLong(a.getOrDefault("--median-ms", "50")),
                    Long.parseLong(a.getOrDefault("--p99-ms", "100")),
                    new ThrottlingSettings(Integer.parseInt(a.getOrDefault("--max-concurrency", "27")),
                            Integer.parseInt(a.getOrDefault("--budget-burst", "1000000")),
                            Double.parseDouble(a.getOrDefault("--budget-recharge", "100000")),
                            Long.parseLong(a.getOrDefault("--back-off-ms", "1000"))),
                    LocalTime.parse(a.getOrDefault("--local-time", "08:05")).toSecondOfDay(),
                    // the simulator Main's --graph-* flags, with Graph's documented limits as defaults
                    Integer.parseInt(a.getOrDefault("--graph-max-concurrent", "4")),
                    Integer.parseInt(a.getOrDefault("--graph-requests-per-window", "10000")),
                    Long.parseLong(a.getOrDefault("--graph-window", "600")));
        }
    }
}
