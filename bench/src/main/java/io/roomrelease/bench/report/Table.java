package io.roomrelease.bench.report;

import java.util.List;
import java.util.Locale;

/** Renders rows and targets as plain-text tables for the terminal and the README. */
public final class Table {
    private static final String ROW = "%-22s %7s %4s %8s %9s %9s %7s %10s %6s %5s %6s %7s %8s %9s %9s %7s %11s%n";

    private Table() {
    }

    /** The rows as a fixed-width table. */
    public static String rows(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, ROW, "row", "rooms", "cap", "sweep s", "rooms/s", "bound", "ratio",
                "calls/room", "inflt", "busy", "early", "errors", "heap MB", "growth MB", "lag p50 s", "p99 s", "cpu ms/call"));
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, ROW, r.name(), r.rooms(), r.cap(), f("%.2f", r.seconds()),
                    f("%.1f", r.roomsPerSecond()), r.bound() == null ? "-" : f("%.0f", r.bound()),
                    r.ratioToBound() == null ? "-" : f("%.3f", r.ratioToBound()), f("%.4f", r.callsPerRoom()),
                    r.maxInFlight(), r.serverBusy(), r.requestsDuringBackOff(), r.clientErrors(),
                    r.heapMb() == null ? "-" : f("%.1f", r.heapMb()), r.heapGrowthMb() == null ? "-" : f("%+.1f", r.heapGrowthMb()),
                    r.lagP50Ms() == null ? "-" : f("%.1f", r.lagP50Ms() / 1000.0),
                    r.lagP99Ms() == null ? "-" : f("%.1f", r.lagP99Ms() / 1000.0),
                    r.clientCpuMsPerCall() == null ? "-"
                            : f("%.1f", r.clientCpuMsPerCall()) + "+" + f("%.1f", r.serverCpuMsPerCall())));
        }
        return sb.toString();
    }

    /** The targets with PASS or FAIL. */
    public static String targets(List<Target> targets) {
        StringBuilder sb = new StringBuilder();
        for (Target t : targets) {
            sb.append(t.pass() ? "PASS " : "FAIL ").append(String.format(Locale.ROOT, "%-24s", t.id())).append(t.goal())
                    .append(": ").append(t.measured()).append('\n');
        }
        long passed = targets.stream().filter(Target::pass).count();
        sb.append(passed).append(" passed, ").append(targets.size() - passed).append(" failed\n");
        return sb.toString();
    }

    private static String f(String format, Object value) {
        return String.format(Locale.ROOT, format, value);
    }
}
