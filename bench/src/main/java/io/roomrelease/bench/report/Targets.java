package io.roomrelease.bench.report;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Judges a run's rows against the acceptance targets of the benchmark. Targets whose rows are missing (a quick run,
 * or a strategy left out) are judged FAIL with "not measured", never silently passed.
 */
public final class Targets {
    /** The size the headline targets are judged at. */
    public static final int HEADLINE_ROOMS = 10_000;
    /** Requests in flight the calendar target is judged with. */
    public static final int CALENDAR_CAP = 25;
    /** The heap limit after a 10,000-room sweep. */
    public static final double HEAP_LIMIT_MB = 256;
    /** Heap growth across 10 sweeps that still counts as none (GC and JIT noise). */
    public static final double HEAP_GROWTH_TOLERANCE_MB = 8;

    private final List<Row> rows;
    private final Duration interval;
    private final int headlineRooms;

    /**
     * @param rows     the run's rows
     * @param interval the sweep interval (detection lag target)
     */
    public Targets(List<Row> rows, Duration interval) {
        this.rows = List.copyOf(rows);
        this.interval = interval;
        this.headlineRooms = rows.stream().filter(r -> "calendar".equals(r.strategy())).mapToInt(Row::rooms)
                .filter(n -> n == HEADLINE_ROOMS).findFirst()
                .orElse(rows.stream().filter(r -> "calendar".equals(r.strategy())).mapToInt(Row::rooms).max().orElse(HEADLINE_ROOMS));
    }

    /** Every target, judged: EWS targets when EWS rows were run, Graph targets when graph-* rows were. */
    public List<Target> judge() {
        List<Target> out = new ArrayList<>();
        if (rows.stream().anyMatch(r -> !r.strategy().startsWith("graph-"))) {
            out.addAll(judgeEws());
        }
        out.addAll(judgeGraph());
        return out;
    }

    /** Graph read endpoints a sweep uses to find its decisions (places, free/busy, calendar reads). */
    static final java.util.Set<String> GRAPH_DETECTION_ENDPOINTS = java.util.Set.of("roomLists", "rooms",
            "roomListRooms", "getSchedule", "calendarView", "calendarView.delta");

    /**
     * Graph rows: sweeps reach 0.9 of the bound Graph's documented limits allow (see BenchMain.graphBound), no
     * request is answered 429 and none arrives during a Retry-After, never more than 4 at once on a mailbox;
     * availability reads at most 0.1 requests per room; $batch makes getAvailability faster.
     */
    List<Target> judgeGraph() {
        List<Target> out = new ArrayList<>();
        for (String strategy : List.of("graph-calendar", "graph-availability", "graph-delta")) {
            List<Row> sized = rows.stream().filter(r -> strategy.equals(r.strategy())).toList();
            if (sized.isEmpty()) {
                continue;
            }
            Row r = sized.stream().filter(x -> x.rooms() == HEADLINE_ROOMS).findFirst()
                    .orElse(sized.stream().max(Comparator.comparingInt(Row::rooms)).orElseThrow());
            String at = " at " + r.rooms() + " rooms";
            if (!strategy.equals("graph-availability")) {
                out.add(new Target(strategy + "-bound", strategy + at + " reaches >= 0.9 of the bound Graph's limits allow",
                        fmt("%.3f of %.0f rooms/s", r.ratioToBound(), r.bound()),
                        r.ratioToBound() != null && r.ratioToBound() >= 0.9));
            } else {
                double reads = graphDetectionPerRoom(r);
                out.add(new Target(strategy + "-calls", strategy + at + ": <= 0.1 read requests per room",
                        fmt("%.4f read requests/room (%.4f with the releases)", reads, r.callsPerRoom()), reads <= 0.1));
            }
            out.add(new Target(strategy + "-no-429", strategy + at + ": 0 requests answered 429, 0 during a Retry-After,"
                    + " <= 4 at once per mailbox, no room failed",
                    fmt("%d x 429, %d early, %d max per mailbox, %d errors", r.serverBusy(), r.requestsDuringBackOff(),
                            r.maxInFlight(), r.clientErrors()),
                    r.serverBusy() == 0 && r.requestsDuringBackOff() == 0 && r.maxInFlight() <= 4 && r.clientErrors() == 0));
        }
        Optional<Row> on = rows.stream().filter(r -> "graph-batching-on".equals(r.strategy())).findFirst();
        Optional<Row> off = rows.stream().filter(r -> "graph-batching-off".equals(r.strategy())).findFirst();
        on.flatMap(b -> off.map(u -> new Target("graph-batching", "getAvailability of " + b.rooms()
                + " rooms: $batch >= 2x faster than one request at a time",
                fmt("%.1fx (%.2f s vs %.2f s)", u.seconds() / b.seconds(), b.seconds(), u.seconds()),
                u.seconds() / b.seconds() >= 2))).ifPresent(out::add);
        return out;
    }

    static double graphDetectionPerRoom(Row r) {
        long reads = r.callsPerOperation().entrySet().stream()
                .filter(e -> GRAPH_DETECTION_ENDPOINTS.contains(e.getKey()))
                .mapToLong(java.util.Map.Entry::getValue).sum();
        return reads / (double) r.rooms();
    }

    private List<Target> judgeEws() {
        List<Target> out = new ArrayList<>();
        Optional<Row> cal = find("calendar", headlineRooms);
        Optional<Row> av = find("availability", headlineRooms);
        Optional<Row> naive = rows.stream().filter(r -> "naive".equals(r.strategy())).findFirst();
        Optional<Row> unthrottled = rows.stream().filter(r -> "unthrottled".equals(r.strategy())).findFirst();
        Optional<Row> storm = rows.stream().filter(r -> "storm".equals(r.strategy())).findFirst();
        String at = " at " + headlineRooms + " rooms";

        out.add(cal.map(r -> new Target("calendar-bound", "calendar" + at + " reaches >= 0.9 of the bound (cap " + r.cap() + ")",
                fmt("%.3f of %.0f rooms/s", r.ratioToBound(), r.bound()), r.ratioToBound() != null && r.ratioToBound() >= 0.9
                        && r.cap() <= CALENDAR_CAP)).orElse(missing("calendar-bound", "calendar" + at)));
        out.add(cal.map(r -> new Target("calendar-no-busy", "calendar" + at + ": 0 ErrorServerBusy",
                r.serverBusy() + " busy", r.serverBusy() == 0)).orElse(missing("calendar-no-busy", "calendar" + at)));
        out.add(cal.map(r -> new Target("calendar-in-flight", "calendar" + at + ": at most " + CALENDAR_CAP + " in flight",
                r.maxInFlight() + " max in flight", r.maxInFlight() <= CALENDAR_CAP)).orElse(missing("calendar-in-flight", "calendar" + at)));
        out.add(av.map(r -> new Target("availability-bound", "availability" + at + " reaches >= 0.9 of the bound (cap "
                + r.cap() + ")", fmt("%.3f of %.0f rooms/s", r.ratioToBound(), r.bound()),
                r.ratioToBound() != null && r.ratioToBound() >= 0.9)).orElse(missing("availability-bound", "availability" + at)));
        out.add(av.map(r -> new Target("availability-calls", "availability" + at
                + ": <= 0.1 EWS calls per room to find the meetings to decide (reads; the releases' writes are counted apart)",
                fmt("%.4f read calls/room (%.4f with the releases' DeclineItem calls)", detectionCallsPerRoom(r), r.callsPerRoom()),
                detectionCallsPerRoom(r) <= 0.1)).orElse(missing("availability-calls", "availability" + at)));
        out.add(cal.flatMap(c -> av.map(a -> new Target("availability-speed", "availability" + at + " >= 10x faster than calendar",
                fmt("%.1fx (%.2f s vs %.2f s)", c.seconds() / a.seconds(), a.seconds(), c.seconds()), c.seconds() / a.seconds() >= 10)))
                .orElse(missing("availability-speed", "both strategies" + at)));
        for (Optional<Row> ours : List.of(cal, av)) {
            String id = ours.map(Row::strategy).orElse("?") + "-vs-naive";
            out.add(ours.flatMap(o -> naive.map(n -> new Target(id, o.strategy() + at + " >= 20x the naive rooms/s",
                    fmt("%.1fx (%.0f vs %.1f rooms/s)", o.roomsPerSecond() / n.roomsPerSecond(), o.roomsPerSecond(), n.roomsPerSecond()),
                    o.roomsPerSecond() / n.roomsPerSecond() >= 20))).orElse(missing(id, "a strategy and the naive baseline")));
        }
        long oursBusy = rows.stream().filter(r -> r.strategy().equals("calendar") || r.strategy().equals("availability"))
                .mapToLong(r -> r.serverBusy() + r.clientErrors()).sum();
        out.add(unthrottled.map(u -> new Target("unthrottled-shows-busy",
                "baseline (b) gets busy replies or errors, our strategies none",
                fmt("(b): %d busy, %d errors; ours: %d busy+errors", u.serverBusy(), u.clientErrors(), oursBusy),
                u.serverBusy() + u.clientErrors() > 0 && oursBusy == 0)).orElse(missing("unthrottled-shows-busy", "baseline (b)")));
        // What a client can promise (issue 11, item 14), measured on the client side: nothing sent after it read a busy
        // reply until the back-off passed; the requests already on the wire then cannot be recalled and may arrive early.
        out.add(storm.map(s -> new Target("storm-exactly-once",
                "throttle storm: every abandoned meeting released exactly once; client side: 0 requests sent after a busy"
                        + " reply was read, at most the requests then in flight arriving early",
                fmt("%d/%d released, %d more than once, %d busy; client: %s sent after a busy reply, %s in flight then;"
                        + " server: %d early", s.released(), s.injected(), s.releasedMoreThanOnce(), s.serverBusy(),
                        s.clientSentDuringBackOff(), s.clientInFlightAtBusy(), s.requestsDuringBackOff()),
                s.injected() != null && s.injected() > 0 && s.released().equals(s.injected()) && s.releasedMoreThanOnce() == 0
                        && s.serverBusy() > 0 && s.clientSentDuringBackOff() != null && s.clientSentDuringBackOff() == 0
                        && s.clientInFlightAtBusy() != null && s.requestsDuringBackOff() <= s.clientInFlightAtBusy()))
                .orElse(missing("storm-exactly-once", "storm row")));
        for (String strategy : List.of("calendar", "availability")) {
            out.add(linear(strategy));
        }
        out.add(cal.filter(r -> r.heapMb() != null).map(r -> new Target("heap", "heap after a " + r.rooms()
                + "-room sweep <= " + (int) HEAP_LIMIT_MB + " MB", fmt("%.1f MB", r.heapMb()), r.heapMb() <= HEAP_LIMIT_MB))
                .orElse(missing("heap", "heap of calendar" + at)));
        out.add(cal.filter(r -> r.heapGrowthMb() != null).map(r -> new Target("heap-growth", "no heap growth across "
                + r.sweeps() + " sweeps (tolerance " + HEAP_GROWTH_TOLERANCE_MB + " MB)", fmt("%+.1f MB", r.heapGrowthMb()),
                r.heapGrowthMb() <= HEAP_GROWTH_TOLERANCE_MB)).orElse(missing("heap-growth", "10 sweeps of calendar" + at)));
        for (Optional<Row> ours : List.of(cal, av)) {
            String id = ours.map(Row::strategy).orElse("?") + "-lag";
            out.add(ours.filter(r -> r.lagP99Ms() != null).map(r -> {
                long limit = interval.toMillis() + Math.round(r.seconds() * 1000);
                return new Target(id, r.strategy() + at + ": detection lag p99 <= interval + sweep duration",
                        fmt("p50 %.1f s, p99 %.1f s <= %.1f s", r.lagP50Ms() / 1000.0, r.lagP99Ms() / 1000.0, limit / 1000.0),
                        r.lagP99Ms() <= limit);
            }).orElse(missing(id, "lag" + at)));
        }
        return out;
    }

    /** Cost per room at the largest size is at most 1.2x (time) and 1.1x (calls) the cost at the smallest. */
    private Target linear(String strategy) {
        List<Row> sized = rows.stream().filter(r -> strategy.equals(r.strategy()))
                .sorted(Comparator.comparingInt(Row::rooms)).toList();
        String id = strategy + "-linear";
        if (sized.size() < 2) {
            return missing(id, strategy + " at two sizes or more");
        }
        Row small = sized.get(0);
        Row large = sized.get(sized.size() - 1);
        double time = large.secondsPer1000Rooms() / small.secondsPer1000Rooms();
        double calls = large.callsPerRoom() / small.callsPerRoom();
        return new Target(id, strategy + ": cost grows linearly or better from " + small.rooms() + " to " + large.rooms() + " rooms",
                fmt("per room: time x%.2f, calls x%.2f", time, calls), time <= 1.2 && calls <= 1.1);
    }

    /** Calls that find the meetings to decide on (room lists, free/busy, calendar reads), per room. */
    static double detectionCallsPerRoom(Row r) {
        long reads = r.callsPerOperation().entrySet().stream().filter(e -> DETECTION_OPERATIONS.contains(e.getKey()))
                .mapToLong(java.util.Map.Entry::getValue).sum();
        return reads / (double) r.rooms();
    }

    /** EWS operations a sweep uses to find its decisions; the rest (DeclineItem, CancelCalendarItem: CreateItem) act on them. */
    static final java.util.Set<String> DETECTION_OPERATIONS = java.util.Set.of("GetRoomLists", "GetRooms",
            "GetUserAvailabilityRequest", "FindItem");

    private Optional<Row> find(String strategy, int rooms) {
        return rows.stream().filter(r -> strategy.equals(r.strategy()) && r.rooms() == rooms).findFirst();
    }

    private static Target missing(String id, String what) {
        return new Target(id, what, "not measured in this run", false);
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
