package io.roomrelease.bundle.sweep;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.roomrelease.bundle.policy.Decision;
import io.roomrelease.bundle.policy.Reason;

/**
 * The story of one sweep in words a facilities administrator understands: which rooms were swept, which meetings
 * were released and why, which were kept and why. Thread-safe: the release steps run in parallel.
 */
public final class SweepReport {

    /** What happened to a meeting the policy wanted to release. */
    public enum Outcome {
        RELEASED("released"),
        DRY_RUN("would be released (dry run, nothing changed)"),
        CHECKED_IN_MEANWHILE("kept: someone checked in just before the release"),
        ALREADY_RELEASED("already released by an earlier sweep"),
        FAILED("could not be released"),
        UNKNOWN("outcome unknown (reply lost or unreadable), the next sweep settles it");

        private final String words;

        Outcome(String words) {
            this.words = words;
        }

        /** The outcome in words. */
        public String words() {
            return words;
        }
    }

    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    private final Instant sweepAt;
    private final ZoneId zone;
    private volatile SweepPlan plan;
    private final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
    private final Map<String, String> failures = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger settled = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger warned = new java.util.concurrent.atomic.AtomicInteger();

    public SweepReport(Instant sweepAt, ZoneId zone) {
        this.sweepAt = sweepAt;
        this.zone = zone;
    }

    void plan(SweepPlan plan) {
        this.plan = plan;
    }

    /** The plan, once the rooms were assessed (null before). */
    public SweepPlan plan() {
        return plan;
    }

    /** When the sweep started. */
    public Instant sweepAt() {
        return sweepAt;
    }

    void outcome(Decision d, Outcome outcome, String failure) {
        outcomes.put(d.meeting().occurrenceKey(), outcome);
        if (failure != null) {
            failures.put(d.meeting().occurrenceKey(), failure);
        }
    }

    void warned() {
        warned.incrementAndGet();
    }

    /** How many organizers this sweep warned before a release (issue 13). */
    public int warnedCount() {
        return warned.get();
    }

    void settled() {
        settled.incrementAndGet();
    }

    /** Earlier releases with an unknown outcome that this sweep found carried out (final OK record written). */
    public int settledCount() {
        return settled.get();
    }

    /** The outcome of a release decision; meetings the idempotency key filtered out count as already released. */
    public Outcome outcomeOf(Decision d) {
        if (plan != null && plan.isGuardTripped()) {
            return null;
        }
        return outcomes.getOrDefault(d.meeting().occurrenceKey(), Outcome.ALREADY_RELEASED);
    }

    /** How many release decisions ended with the outcome. */
    public long count(Outcome outcome) {
        return plan == null ? 0 : plan.releases().stream().filter(d -> outcomeOf(d) == outcome).count();
    }

    /** Rooms read successfully. */
    public long roomsSwept() {
        return plan == null ? 0 : plan.rooms().stream().filter(RoomAssessment::ok).count();
    }

    /** Rooms that could not be read. */
    public List<RoomAssessment> roomsSkipped() {
        return plan == null ? List.of() : plan.rooms().stream().filter(r -> !r.ok()).toList();
    }

    /** Kept meetings by reason, across rooms. */
    public Map<Reason, Long> keptByReason() {
        Map<Reason, Long> out = new EnumMap<>(Reason.class);
        if (plan != null) {
            plan.rooms().forEach(r -> r.decisions().stream().filter(d -> !d.releases())
                    .forEach(d -> out.merge(d.reason(), 1L, Long::sum)));
        }
        return out;
    }

    /** The sweep in words, several lines. */
    public String toWords() {
        StringBuilder sb = new StringBuilder();
        sb.append("Sweep at ").append(time(sweepAt)).append(": ");
        if (plan == null) {
            return sb.append("no rooms were assessed.").toString();
        }
        sb.append(roomsSwept()).append(" room(s) swept");
        if (!roomsSkipped().isEmpty()) {
            sb.append(", ").append(roomsSkipped().size()).append(" room(s) could not be read");
        }
        sb.append(", ").append(plan.verdict().inProgress()).append(" meeting(s) in progress.");
        for (RoomAssessment r : roomsSkipped()) {
            sb.append("\n  Room ").append(r.room()).append(" was NOT swept: ").append(r.error());
        }
        if (warned.get() > 0) {
            sb.append("\n  Warned: ").append(warned.get()).append(" organizer(s) that their room will be released "
                    + "unless someone checks in.");
        }
        if (settled.get() > 0) {
            sb.append("\n  Settled: ").append(settled.get()).append(" earlier release(s) whose outcome was unknown "
                    + "were carried out by Exchange (final OK record written).");
        }
        if (plan.isGuardTripped()) {
            sb.append("\n  ").append(plan.verdict().text()).append(" Nothing was released.");
        }
        for (Decision d : plan.releases()) {
            Outcome o = outcomeOf(d);
            sb.append("\n  ").append(o == null ? "Not released (sweep stopped)" : capital(o.words())).append(": ")
                    .append(describe(d)).append(" - ").append(d.text());
            String failure = failures.get(d.meeting().occurrenceKey());
            if (failure != null) {
                sb.append(" (").append(failure).append(')');
            }
        }
        for (RoomAssessment r : plan.rooms()) {
            for (Decision d : r.decisions()) {
                if (!d.releases() && d.reason() != Reason.ALREADY_ENDED && d.reason() != Reason.NOT_STARTED) {
                    sb.append("\n  Kept: ").append(describe(d)).append(" - ").append(d.text());
                }
            }
        }
        Map<Reason, Long> kept = keptByReason();
        long ended = kept.getOrDefault(Reason.ALREADY_ENDED, 0L);
        long later = kept.getOrDefault(Reason.NOT_STARTED, 0L);
        if (ended + later > 0) {
            sb.append("\n  Also looked at ").append(ended).append(" meeting(s) that already ended and ").append(later)
                    .append(" that start later.");
        }
        return sb.toString();
    }

    /** A summary table: one row per room. */
    public String toTable() {
        Map<String, int[]> rows = new LinkedHashMap<>();
        if (plan != null) {
            for (RoomAssessment r : plan.rooms()) {
                int[] row = rows.computeIfAbsent(r.room(), k -> new int[4]);
                row[0] += r.decisions().size();
                row[1] += r.inProgress();
                for (Decision d : r.decisions()) {
                    if (d.releases()) {
                        Outcome o = outcomeOf(d);
                        if (o == Outcome.RELEASED || o == Outcome.DRY_RUN) {
                            row[2]++;
                        }
                    } else {
                        row[3]++;
                    }
                }
            }
        }
        int width = Math.max(4, rows.keySet().stream().mapToInt(String::length).max().orElse(4));
        String fmt = "%-" + width + "s | %8s | %11s | %8s | %4s | %s%n";
        StringBuilder sb = new StringBuilder(String.format(fmt, "room", "meetings", "in progress", "released",
                "kept", "note"));
        sb.append("-".repeat(width + 58)).append('\n');
        for (Map.Entry<String, int[]> e : rows.entrySet()) {
            String note = plan.rooms().stream().filter(r -> r.room().equals(e.getKey()) && !r.ok()).findFirst()
                    .map(r -> "not swept").orElse("");
            long unknown = plan.releases().stream().filter(d -> d.meeting().room().equals(e.getKey())
                    && outcomeOf(d) == Outcome.UNKNOWN).count();
            if (unknown > 0) {
                note = (note.isEmpty() ? "" : note + ", ") + unknown + " outcome(s) unknown, settled next sweep";
            }
            int[] v = e.getValue();
            sb.append(String.format(fmt, e.getKey(), v[0], v[1], v[2], v[3], note));
        }
        return sb.toString();
    }

    private String describe(Decision d) {
        var m = d.meeting();
        return m.room() + " " + time(m.start()) + "-" + time(m.end())
                + (m.organizer() == null ? "" : " organized by " + m.organizer());
    }

    private String time(Instant i) {
        return HH_MM.format(i.atZone(zone));
    }

    private static String capital(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** Every release decision with its failure text, for tests and the once-summary. */
    public List<String> failures() {
        return new ArrayList<>(failures.values());
    }
}
