package io.roomrelease.bundle.metrics;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import io.roomrelease.bundle.policy.Decision;
import io.roomrelease.bundle.policy.Reason;
import io.roomrelease.bundle.sweep.SweepReport;

/**
 * The bundle's business meters (Prometheus names in brackets), bound as {@code metrics} in the registry:
 * <ul>
 *   <li>{@code roomrelease.releases} - release decisions by {@code outcome} and {@code reason}
 *       ({@code roomrelease_releases_total}); outcome is the sweep report's ({@code released}, {@code dry_run},
 *       {@code checked_in_meanwhile}, {@code already_released}, {@code failed}, {@code unknown}) or
 *       {@code stopped_by_guard};</li>
 *   <li>{@code roomrelease.meetings.kept} - meetings kept, by {@code reason} ({@code roomrelease_meetings_kept_total});</li>
 *   <li>{@code roomrelease.guard.trips} - sweeps the safety guard stopped ({@code roomrelease_guard_trips_total});</li>
 *   <li>{@code roomrelease.sweep.duration} - sweeps, timed ({@code roomrelease_sweep_duration_seconds_*});</li>
 *   <li>{@code roomrelease.sweep.rooms} - rooms per sweep, {@code state} swept or skipped
 *       ({@code roomrelease_sweep_rooms_count/sum/max});</li>
 *   <li>{@code roomrelease.checkins} - check-ins stored, by {@code source} {@code display} or {@code esb}
 *       ({@code roomrelease_checkins_total});</li>
 *   <li>{@code roomrelease.dead.letters} - messages dead-lettered, by {@code queue} ({@code roomrelease_dead_letters_total});</li>
 *   <li>{@code roomrelease.outbox.backlog} - audit records waiting for the broker, when an {@link OutboxBacklog} is
 *       bound ({@code roomrelease_outbox_backlog}).</li>
 * </ul>
 * The counters a quiet system never increments are registered at zero, so dashboards and alerts see them from the
 * start.
 */
public final class RoomReleaseMetrics {

    /** Check-in sources (a bounded tag: the free-text source of a message stays in the store). */
    public static final String DISPLAY = "display";
    public static final String ESB = "esb";
    /** The check-in dead-letter queue. */
    public static final String CHECKINS = "checkins";

    private final MeterRegistry registry;
    private final Counter guardTrips;
    private final Timer sweepDuration;

    public RoomReleaseMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.guardTrips = Counter.builder("roomrelease.guard.trips")
                .description("Sweeps the safety guard stopped (nothing released)").register(registry);
        this.sweepDuration = Timer.builder("roomrelease.sweep.duration").description("Sweeps, from start to report")
                .register(registry);
        checkIns(DISPLAY);
        checkIns(ESB);
        deadLetters(CHECKINS);
        rooms("swept");
        rooms("skipped");
    }

    /** Records a finished sweep: the numbers of its report. */
    public void sweepFinished(SweepReport report, Duration took) {
        sweepDuration.record(took);
        if (report.plan() == null) {
            return;
        }
        rooms("swept").record(report.roomsSwept());
        rooms("skipped").record(report.roomsSkipped().size());
        if (report.plan().isGuardTripped()) {
            guardTrips.increment();
        }
        for (Decision d : report.plan().releases()) {
            SweepReport.Outcome o = report.outcomeOf(d);
            Counter.builder("roomrelease.releases").description("Release decisions by outcome and reason")
                    .tags("outcome", o == null ? "stopped_by_guard" : tag(o.name()), "reason", tag(d.reason().name()))
                    .register(registry).increment();
        }
        for (Map.Entry<Reason, Long> e : report.keptByReason().entrySet()) {
            Counter.builder("roomrelease.meetings.kept").description("Meetings kept, by reason")
                    .tag("reason", tag(e.getKey().name())).register(registry).increment(e.getValue());
        }
    }

    /** A check-in was stored; {@code source} is {@link #DISPLAY} or {@link #ESB}. */
    public void checkIn(String source) {
        checkIns(source).increment();
    }

    /** A message went to the dead-letter endpoint of {@code queue}. */
    public void deadLetter(String queue) {
        deadLetters(queue).increment();
    }

    /** Exports the outbox's backlog as the gauge {@code roomrelease.outbox.backlog}. */
    public void outboxBacklog(OutboxBacklog backlog) {
        Gauge.builder("roomrelease.outbox.backlog", backlog, OutboxBacklog::backlog)
                .description("Audit records waiting for the broker").strongReference(true).register(registry);
    }

    /** The registry the meters live in. */
    public MeterRegistry registry() {
        return registry;
    }

    private Counter checkIns(String source) {
        return Counter.builder("roomrelease.checkins").description("Check-ins stored, by source").tag("source", source)
                .register(registry);
    }

    private Counter deadLetters(String queue) {
        return Counter.builder("roomrelease.dead.letters").description("Messages dead-lettered").tag("queue", queue)
                .register(registry);
    }

    private DistributionSummary rooms(String state) {
        return DistributionSummary.builder("roomrelease.sweep.rooms").description("Rooms per sweep")
                .tag("state", state).register(registry);
    }

    private static String tag(String enumName) {
        return enumName.toLowerCase(Locale.ROOT);
    }
}
