package io.roomrelease.bundle.sweep;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.roomrelease.bundle.metrics.RoomReleaseMetrics;
import io.roomrelease.bundle.policy.AbandonedMeetingPolicy;
import io.roomrelease.bundle.policy.CheckIn;
import io.roomrelease.bundle.policy.CheckInMatcher;
import io.roomrelease.bundle.policy.Decision;
import io.roomrelease.bundle.policy.Meeting;
import io.roomrelease.bundle.policy.Reason;
import io.roomrelease.bundle.policy.ReleaseRatioGuard;
import io.roomrelease.bundle.policy.RoomPolicy;
import io.roomrelease.bundle.roompolicy.RoomPolicies;
import io.roomrelease.bundle.roompolicy.RoomsFile;
import io.roomrelease.bundle.settings.RoomReleaseSettings;
import io.roomrelease.bundle.store.CheckInStore;
import io.roomrelease.bundle.store.SeriesOutcomeStore;
import io.roomrelease.camel.ews.model.EwsEvent;

/**
 * The Java steps the sweep route ({@code routes/release-abandoned.camel.yaml}) calls by name: start a sweep, apply
 * the abandoned-meeting policy to a room, plan the releases under the safety guard, re-check a check-in just before
 * acting, and tell what happened. The route holds the process; these steps hold the rules.
 */
public final class SweepSteps {

    /** Exchange property holding the sweep's start time. */
    public static final String SWEEP_AT = "sweepAt";
    /** Exchange properties holding the calendar window every room is read over (fixed for the sweep). */
    public static final String WINDOW_START = "sweepWindowStart";
    public static final String WINDOW_END = "sweepWindowEnd";
    /** Exchange property holding the sweep's {@link CheckInSnapshot}. */
    public static final String CHECK_INS = "sweepCheckIns";
    /** Exchange property holding the sweep's {@link SweepReport}. */
    public static final String REPORT = "sweepReport";
    /** Exchange property: {@link System#nanoTime()} when the sweep began (for the sweep duration meter). */
    public static final String STARTED_NANOS = "sweepStartedNanos";

    private static final Logger LOG = LoggerFactory.getLogger("roomrelease.sweep");

    private final RoomReleaseSettings settings;
    private volatile AbandonedMeetingPolicy policy;
    private volatile CheckInMatcher matcher;
    private volatile RoomPolicies rooms;
    private final ReleaseRatioGuard guard;
    private final CheckInStore checkIns;
    private final SeriesOutcomeStore seriesOutcomes;
    private final Clock clock;
    private final AtomicReference<SweepReport> lastReport = new AtomicReference<>();
    /** Monitoring only (the sweep's elapsed time); null: no meters. */
    private volatile RoomReleaseMetrics metrics;
    /** Occurrences already recorded as attended for the strikes rule by this process (spares a write per sweep). */
    private final Set<String> showsRecorded = ConcurrentHashMap.newKeySet();

    public SweepSteps(RoomReleaseSettings settings, CheckInStore checkIns, SeriesOutcomeStore seriesOutcomes,
                      Clock clock) {
        this.settings = settings;
        this.rooms = new RoomPolicies(settings.policy(), RoomsFile.Content.empty("(none)"),
                settings.roomPolicy().warnBefore());
        this.policy = settings.abandonedMeetingPolicy();
        this.matcher = new CheckInMatcher(policy);
        this.guard = settings.releaseRatioGuard();
        this.checkIns = checkIns;
        this.seriesOutcomes = seriesOutcomes;
        this.clock = clock;
    }

    /** Reports every finished sweep to the meters. */
    public SweepSteps withMetrics(RoomReleaseMetrics metrics) {
        this.metrics = metrics;
        return this;
    }

    /** Uses the per-room policy (rooms file) instead of the global settings for every room. */
    public SweepSteps withRoomPolicies(RoomPolicies roomPolicies) {
        this.rooms = roomPolicies;
        this.policy = new AbandonedMeetingPolicy(settings.policy(), roomPolicies);
        this.matcher = new CheckInMatcher(policy);
        return this;
    }

    /** Starts a sweep: fixes "now" for every room and opens the report. */
    public void begin(Exchange exchange) {
        exchange.setProperty(STARTED_NANOS, System.nanoTime()); // elapsed time for the meters, never a decision
        Instant now = clock.instant();
        exchange.setProperty(SWEEP_AT, now);
        exchange.setProperty(WINDOW_START, windowStart(now));
        exchange.setProperty(WINDOW_END, windowEnd(now));
        exchange.setProperty(REPORT, new SweepReport(now, settings.policy().zone()));
        // meetings that started more than max-duration ago are never released, so their check-ins never matter
        RoomPolicies r = rooms;
        exchange.setProperty(CHECK_INS, new CheckInSnapshot(checkIns, matcher,
                now.minus(r.longestMaxDuration()), windowEnd(now).plus(r.widestCheckInOpens()),
                r.widestCheckInOpens(), r.widestCheckInCloses()));
        if (showsRecorded.size() > 100_000) {
            showsRecorded.clear();
        }
    }

    /** Start of the window the sweep reads: meetings that started up to {@code look-back-hours} ago. */
    public Instant windowStart(@ExchangeProperty(SWEEP_AT) Instant sweepAt) {
        return sweepAt.minus(settings.lookBack());
    }

    /** End of the window: meetings that start within {@code look-ahead-minutes}. */
    public Instant windowEnd(@ExchangeProperty(SWEEP_AT) Instant sweepAt) {
        return sweepAt.plus(settings.lookAhead());
    }

    /** Applies the abandoned-meeting policy to every meeting of a room. */
    public RoomAssessment assess(@Header("CamelEwsMailbox") String room, @Body List<EwsEvent> events,
                                 @ExchangeProperty(SWEEP_AT) Instant sweepAt,
                                 @ExchangeProperty(CHECK_INS) CheckInSnapshot snapshot) {
        List<Meeting> meetings = Meetings.of(room, events);
        // the check-ins are read only if a meeting gets as far as the check-in rule: once per sweep for all rooms
        // (a check-in recorded during the sweep is still seen by the re-check right before a release)
        if (snapshot == null) {
            throw new IllegalStateException("assess runs inside a sweep: the route must call sweep.begin first "
                                            + "(it sets the exchange property " + CHECK_INS + ")");
        }
        // check-ins are stored as received: the snapshot matches them to this room's meetings (closest start wins)
        snapshot.remember(room, meetings);
        Supplier<List<CheckIn>> known = () -> snapshot.forRoom(room, meetings);
        List<Decision> decisions = new ArrayList<>();
        int inProgress = 0;
        for (Meeting m : meetings) {
            Decision d = policy.decide(m, known, sweepAt);
            decisions.add(d);
            if (d.reason() == Reason.CHECKED_IN) {
                recordShow(m);
            }
            if (m.inProgressAt(sweepAt) && !m.roomDeclined() && !m.cancelled()) {
                inProgress++;
            }
        }
        return new RoomAssessment(room, decisions, inProgress, null);
    }

    /** Reports a room the sweep could not read (for example: impersonation denied); the other rooms go on. */
    public RoomAssessment roomFailed(@Header("CamelEwsMailbox") String room,
                                     @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception error) {
        String text = error == null ? "unknown error" : error.getMessage();
        LOG.warn("Room {} was skipped in this sweep: {}", room, text);
        return RoomAssessment.failed(room, text);
    }

    /** Collects the rooms' decisions into a plan and lets the safety guard judge it. */
    public SweepPlan plan(@Body List<?> assessments, @ExchangeProperty(SWEEP_AT) Instant sweepAt,
                          @ExchangeProperty(REPORT) SweepReport report,
                          @ExchangeProperty(CandidateRooms.IN_PROGRESS) Integer inProgressByAvailability,
                          @ExchangeProperty(CandidateRooms.SELECTION) CandidateRooms.Selection selection) {
        List<RoomAssessment> rooms = assessments == null ? List.of()
                : assessments.stream().filter(RoomAssessment.class::isInstance).map(RoomAssessment.class::cast).toList();
        List<Decision> releases = rooms.stream().flatMap(r -> r.decisions().stream()).filter(Decision::releases)
                .toList();
        int inProgress = rooms.stream().mapToInt(RoomAssessment::inProgress).sum();
        if (inProgressByAvailability != null) {
            // availability strategy: only candidates were read, the guard judges against every room's meetings
            inProgress = Math.max(inProgress, inProgressByAvailability);
        }
        SweepPlan plan = new SweepPlan(sweepAt, rooms, releases, guard.judge(inProgress, releases.size()),
                selection == null ? Set.of() : selection.releasedEarly());
        report.plan(plan);
        return plan;
    }

    /**
     * The re-check right before acting: whether someone checked in since the room was assessed. The room's stored
     * check-ins are read again and matched to the meetings the sweep read for the room (without them, to this
     * meeting alone).
     */
    public boolean checkedInMeanwhile(@Body Decision decision,
                                      @ExchangeProperty(CHECK_INS) CheckInSnapshot snapshot) {
        Decision again = decideAgain(decision.meeting(), snapshot);
        return !again.releases();
    }

    /** The policy's decision on a meeting with the room's check-ins read again from the store (a fresh re-check). */
    private Decision decideAgain(Meeting m, CheckInSnapshot snapshot) {
        List<Meeting> roomMeetings = snapshot == null ? List.of(m)
                : snapshot.meetingsOf(m.room()).filter(list -> list.contains(m)).orElse(List.of(m));
        RoomPolicy p = policy.forRoom(m.room());
        List<CheckIn> stored = checkIns.mayCountFor(m.room(), m.start().minusSeconds(1), m.start().plusSeconds(1),
                p.checkInOpensBefore(), p.checkInClosesAfter());
        Decision again = policy.decide(m, matcher.match(roomMeetings, stored), clock.instant());
        if (again.reason() == Reason.CHECKED_IN) {
            recordShow(m);
        }
        return again;
    }

    /**
     * The meetings whose organizer is to be warned now: nobody has checked in, the warning time
     * (start + grace - {@code roomrelease.policy.warn-minutes}) has come and the release time not yet. Each is warned
     * at most once ({@link OrganizerWarnings} claims it durably); meetings the room organizes, or without a known
     * organizer, get no warning.
     */
    public List<Decision> warnings(@Body SweepPlan plan, @ExchangeProperty(SWEEP_AT) Instant sweepAt) {
        Duration warnBefore = rooms.warnBefore();
        if (plan == null || warnBefore.isZero()) {
            return List.of();
        }
        List<Decision> out = new ArrayList<>();
        for (RoomAssessment room : plan.rooms()) {
            for (Decision d : room.decisions()) {
                Meeting m = d.meeting();
                if (m.organizer() == null || m.organizer().equalsIgnoreCase(m.room())) {
                    continue;
                }
                policy.warnAt(d, warnBefore).filter(at -> !sweepAt.isBefore(at)
                        && sweepAt.isBefore(policy.forRoom(m.room()).releaseAt(m.start()))).ifPresent(at -> out.add(d));
            }
        }
        return out;
    }

    /** Counts a warning sent in this sweep's report. */
    public void warned(@ExchangeProperty(REPORT) SweepReport report) {
        if (report != null) {
            report.warned();
        }
    }

    /** The re-check right before a warning: whether someone checked in (or the meeting changed) since the assessment. */
    public boolean noLongerToWarn(@Body Decision decision, @ExchangeProperty(CHECK_INS) CheckInSnapshot snapshot) {
        Decision again = decideAgain(decision.meeting(), snapshot);
        return again.reason() != Reason.NOT_STARTED && again.reason() != Reason.IN_GRACE_PERIOD;
    }

    /** Records for the strikes rule that an occurrence of a recurring series was attended (once per process). */
    private void recordShow(Meeting m) {
        if (m.recurring() && showsRecorded.add(m.room() + "|" + m.occurrenceKey())) {
            try {
                seriesOutcomes.record(m.room(), m.seriesKey(), m.itemId(), m.start(), true, m.organizer());
            } catch (RuntimeException e) {
                showsRecorded.remove(m.room() + "|" + m.occurrenceKey());
                throw e;
            }
        }
    }

    /** Notes the outcome of one release decision in the report. */
    public void outcome(@Body Decision decision, @ExchangeProperty(REPORT) SweepReport report, String outcome) {
        report.outcome(decision, SweepReport.Outcome.valueOf(outcome), null);
    }

    /** Notes a release that failed; the route forgets its idempotency key so that the next sweep tries again. */
    public void failed(@Body Decision decision, @ExchangeProperty(REPORT) SweepReport report,
                       @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception error) {
        String text = error == null ? "unknown error" : error.getMessage();
        LOG.warn("Could not release {} in {}: {}", decision.meeting().itemId(), decision.meeting().room(), text);
        report.outcome(decision, SweepReport.Outcome.FAILED, text);
    }

    /** Records a no-show of a recurring series for the strikes rule. */
    public void recordNoShow(@Body Decision decision) {
        Meeting m = decision.meeting();
        if (m.recurring()) {
            seriesOutcomes.record(m.room(), m.seriesKey(), m.itemId(), m.start(), false, m.organizer());
        }
    }

    /** Ends the sweep: tells the story in the log and keeps the report for {@code --once}. */
    public SweepReport finish(@ExchangeProperty(REPORT) SweepReport report,
                              @ExchangeProperty(STARTED_NANOS) Long startedNanos) {
        lastReport.set(report);
        RoomReleaseMetrics m = metrics;
        if (m != null) {
            m.sweepFinished(report, Duration.ofNanos(startedNanos == null ? 0 : System.nanoTime() - startedNanos));
        }
        if (report.plan() != null && report.plan().isGuardTripped()) {
            LOG.error(report.toWords());
        } else {
            LOG.info(report.toWords());
        }
        return report;
    }

    /** The report of the most recent sweep, or null before the first. */
    public SweepReport lastReport() {
        return lastReport.get();
    }
}
