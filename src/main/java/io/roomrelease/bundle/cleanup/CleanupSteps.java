package io.roomrelease.bundle.cleanup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.roomrelease.bundle.audit.AuditRecord;
import io.roomrelease.bundle.policy.AbandonedMeetingPolicy;
import io.roomrelease.bundle.policy.CheckIn;
import io.roomrelease.bundle.policy.CheckInMatcher;
import io.roomrelease.bundle.policy.Meeting;
import io.roomrelease.bundle.policy.RoomPolicy;
import io.roomrelease.bundle.policy.StrikesPolicy;
import io.roomrelease.bundle.roompolicy.RoomPolicies;
import io.roomrelease.bundle.settings.RoomReleaseSettings;
import io.roomrelease.bundle.store.AuditStore;
import io.roomrelease.bundle.store.CheckInStore;
import io.roomrelease.bundle.store.JdbcIdempotentRepository;
import io.roomrelease.bundle.store.SeriesOutcomeStore;
import io.roomrelease.bundle.sweep.Meetings;
import io.roomrelease.camel.ews.model.EwsEvent;

/**
 * The Java steps of the nightly cleanup ({@code routes/nightly-cleanup.camel.yaml}): the strikes rule, the purge of
 * old check-ins and keys, and the per-room report.
 */
public final class CleanupSteps {

    private static final Logger LOG = LoggerFactory.getLogger("roomrelease.cleanup");

    /** Exchange property the strikes routes keep the series in. */
    public static final String SERIES = "series";
    /** Header: whether the verdict declines the series. */
    public static final String DECLINE_SERIES = "declineSeries";
    /** Header: what the claim of the series decline found ({@link SeriesOutcomeStore.Claim}). */
    public static final String CLAIM = "seriesClaim";
    /** Header: {@link #DECLINE} or {@link #SETTLED}, once the room's calendar was read. */
    public static final String STEP = "seriesStep";
    /** The series is (still) to be declined. */
    public static final String DECLINE = "DECLINE";
    /** Nothing more to do: an earlier decline was settled. */
    public static final String SETTLED = "SETTLED";

    private final RoomReleaseSettings settings;
    private final StrikesPolicy strikes;
    private volatile AbandonedMeetingPolicy policy;
    private final SeriesOutcomeStore seriesOutcomes;
    private final CheckInStore checkIns;
    private final JdbcIdempotentRepository releaseKeys;
    private volatile io.roomrelease.bundle.store.ReleaseLedgerStore releaseLedger;
    private volatile io.roomrelease.bundle.store.WarningLedgerStore warningLedger;
    private volatile io.roomrelease.bundle.store.ReleasedSlotStore releasedSlots;
    private final AuditStore audit;
    private final ObjectMapper json;
    private final Clock clock;

    public CleanupSteps(RoomReleaseSettings settings, SeriesOutcomeStore seriesOutcomes, CheckInStore checkIns,
                        JdbcIdempotentRepository releaseKeys, AuditStore audit, ObjectMapper json, Clock clock) {
        this.settings = settings;
        this.strikes = settings.strikesPolicy();
        this.policy = settings.abandonedMeetingPolicy();
        this.seriesOutcomes = seriesOutcomes;
        this.checkIns = checkIns;
        this.releaseKeys = releaseKeys;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    /** Judges no-shows with each room's own policy (rooms file) instead of the global one. */
    public CleanupSteps withRoomPolicies(RoomPolicies roomPolicies) {
        this.policy = new AbandonedMeetingPolicy(settings.policy(), roomPolicies);
        return this;
    }

    /** The recurring series with recorded outcomes that the room has not declined yet. */
    public List<SeriesOutcomeStore.Series> seriesToJudge() {
        return seriesOutcomes.undeclinedSeries();
    }

    /** The strikes verdict of a series. */
    public StrikesPolicy.Verdict judge(@Body SeriesOutcomeStore.Series series) {
        return strikes.judge(series.outcomes());
    }

    /** Whether the rule acts on a series: its verdict declines it, or an earlier decline of it is not settled. */
    public boolean toAct(@Body SeriesOutcomeStore.Series series,
                         @Header("strikesVerdict") StrikesPolicy.Verdict verdict) {
        return verdict.declineSeries() || series.declineUnsettled();
    }

    /**
     * Claims the decline of a series durably before anything is sent (see {@link SeriesOutcomeStore#claimDecline}):
     * {@code CLAIMED} (decline it), {@code RECLAIMED} (an earlier decline's outcome is unknown: settle it from the
     * room's calendar first), {@code UNSETTLED} or {@code DONE} (do nothing). A series the verdict no longer declines
     * is only reclaimed to settle an earlier decline.
     */
    public String claim(@Body SeriesOutcomeStore.Series series, @Header(DECLINE_SERIES) boolean declineSeries) {
        Duration timeout = settings.releasePendingTimeout();
        SeriesOutcomeStore.Claim c = declineSeries
                ? seriesOutcomes.claimDecline(series.room(), series.seriesId(), timeout)
                : seriesOutcomes.reclaimUnknown(series.room(), series.seriesId(), timeout)
                        ? SeriesOutcomeStore.Claim.RECLAIMED : SeriesOutcomeStore.Claim.UNSETTLED;
        if (c == SeriesOutcomeStore.Claim.UNSETTLED) {
            LOG.info("Strikes: the decline of the series organized by {} in {} is in flight (claimed less than {} s "
                    + "ago): not sent again", series.organizer(), series.room(), timeout.toSeconds());
        }
        return c.name();
    }

    /**
     * What to do with a claimed series, from the room's upcoming occurrences ({@code findEvents} from now): a new
     * claim is declined ({@code DECLINE}), unless no occurrence is left to decline ({@code GONE}, {@code SETTLED}). A claim whose earlier decline has an unknown outcome is settled first
     * (DESIGN §2, "Outcomes": never a blind resend): when no undeclined occurrence of the series is left in the room's
     * calendar, Exchange carried the decline out, and the decline is recorded {@code OK} with its audit record in one
     * transaction ({@code SETTLED}); when the series is still there, Exchange did not, and it is declined again under
     * the same claim if the verdict still declines it ({@code DECLINE}), or the claim is freed ({@code SETTLED}).
     */
    public String settleOrDecline(@ExchangeProperty(SERIES) SeriesOutcomeStore.Series series,
                                  @Body List<EwsEvent> events, @Header(CLAIM) String claim,
                                  @Header(DECLINE_SERIES) boolean declineSeries) {
        boolean gone = upcoming(series, events).isEmpty();
        if (!SeriesOutcomeStore.Claim.RECLAIMED.name().equals(claim)) {
            if (!gone) {
                return DECLINE;
            }
            // nothing left to decline (the organizer cancelled or deleted the series, or it ended): a decline would
            // fail every night; the series is not judged again, and there is nothing to audit
            seriesOutcomes.settleDecline(series.room(), series.seriesId(), SeriesOutcomeStore.DeclineState.GONE, null,
                    SeriesOutcomeStore.DeclineState.PENDING);
            LOG.info("Strikes: no occurrence of the series organized by {} is left in {}'s calendar until {} "
                    + "(cancelled or deleted by its organizer, or ended): nothing to decline, not judged again",
                    series.organizer(), series.room(), seriesLookAheadEnd());
            return SETTLED;
        }
        if (gone) {
            AuditRecord ok = seriesRecord(series, AuditRecord.OK, "settled by the nightly run after an unknown "
                    + "outcome: no undeclined occurrence of the series is left in the room's calendar", null);
            if (seriesOutcomes.settleDecline(series.room(), series.seriesId(), SeriesOutcomeStore.DeclineState.OK, ok,
                    SeriesOutcomeStore.DeclineState.PENDING, SeriesOutcomeStore.DeclineState.UNKNOWN)) {
                LOG.info("Strikes: the decline of the series organized by {} in {} settled as OK: the series is no "
                        + "longer in the room's calendar", series.organizer(), series.room());
            }
            return SETTLED;
        }
        if (declineSeries) {
            LOG.info("Strikes: Exchange did not carry out the earlier decline of the series organized by {} in {}; "
                    + "declined again under the same claim", series.organizer(), series.room());
            return DECLINE;
        }
        seriesOutcomes.settleDecline(series.room(), series.seriesId(), SeriesOutcomeStore.DeclineState.FAILED, null,
                SeriesOutcomeStore.DeclineState.PENDING, SeriesOutcomeStore.DeclineState.UNKNOWN);
        LOG.info("Strikes: Exchange did not carry out the earlier decline of the series organized by {} in {}; not "
                + "declined again: {}", series.organizer(), series.room(), strikes.judge(series.outcomes()).text());
        return SETTLED;
    }

    /**
     * A series decline whose reply was lost or unreadable: Exchange may have carried it out. Its claim becomes
     * {@code UNKNOWN} with an {@code UNKNOWN} audit record (one transaction); the next nightly run settles it.
     */
    public void declineUnknown(@ExchangeProperty(SERIES) SeriesOutcomeStore.Series series,
                               @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception error) {
        String text = error == null ? "outcome unknown" : error.getMessage();
        LOG.warn("Strikes: the outcome of the decline of the series organized by {} in {} is UNKNOWN, the next "
                + "nightly run settles it from the room's calendar: {}", series.organizer(), series.room(), text);
        String requestId = error instanceof io.roomrelease.camel.ews.EwsException e ? e.requestId() : null;
        settleQuietly(series, SeriesOutcomeStore.DeclineState.UNKNOWN,
                seriesRecord(series, AuditRecord.UNKNOWN, text, requestId));
    }

    /**
     * A series decline whose outcome could not be stored (the store write after Exchange's answer failed): reported as
     * UNKNOWN naming the failed write; the claim stays in flight and the next nightly run settles it from the room's
     * calendar. The rest of the run goes on.
     */
    public void declineNotStored(@ExchangeProperty(SERIES) SeriesOutcomeStore.Series series,
                                 @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception error) {
        LOG.warn("Strikes: the outcome of the decline of the series organized by {} in {} could not be stored, it is "
                + "UNKNOWN and the next nightly run settles it from the room's calendar: {}", series.organizer(),
                series.room(), error == null ? "store write failed" : error.getMessage());
        settleQuietly(series, SeriesOutcomeStore.DeclineState.UNKNOWN, null);
    }

    /**
     * A series decline Exchange refused, or a room that could not be read: a new claim is freed ({@code FAILED}, the
     * rule tries again next night); an earlier decline whose outcome is unknown and could not be settled because the
     * calendar could not be read stays to settle.
     */
    public void declineFailed(@ExchangeProperty(SERIES) SeriesOutcomeStore.Series series, @Header(CLAIM) String claim,
                              @Header(STEP) String step, @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception error) {
        String text = error == null ? "unknown error" : error.getMessage();
        if (SeriesOutcomeStore.Claim.RECLAIMED.name().equals(claim) && step == null) {
            LOG.warn("Strikes: could not read {} to settle the earlier decline of the series organized by {}; tried "
                    + "again next night: {}", series.room(), series.organizer(), text);
            return;
        }
        LOG.warn("Strikes: could not decline a series in {}: {}", series.room(), text);
        settleQuietly(series, SeriesOutcomeStore.DeclineState.FAILED, null);
    }

    private void settleQuietly(SeriesOutcomeStore.Series series, SeriesOutcomeStore.DeclineState to,
                               AuditRecord record) {
        try {
            seriesOutcomes.settleDecline(series.room(), series.seriesId(), to, record,
                    SeriesOutcomeStore.DeclineState.PENDING);
        } catch (io.roomrelease.bundle.store.StoreException e) {
            LOG.warn("Strikes: the decline of the series organized by {} in {} stays PENDING (settled by a nightly run "
                    + "after roomrelease.release.pending-timeout-seconds): {}", series.organizer(), series.room(),
                    e.getMessage());
        }
    }

    private AuditRecord seriesRecord(SeriesOutcomeStore.Series series, String result, String detail,
                                     String requestId) {
        return new AuditRecord(clock.instant(), settings.serviceAccount(), series.room(), "declineSeries",
                series.lastItemId(), null, series.organizer(), "STRIKES", detail, result, false, requestId, null);
    }

    /** End of the window searched for the series' upcoming occurrences (35 days: monthly-ish series included). */
    public Instant seriesLookAheadEnd() {
        return clock.instant().plus(java.time.Duration.ofDays(35));
    }

    /**
     * The item id that addresses the series in EWS: an upcoming occurrence in the room's calendar (declined
     * occurrences are gone from it), or the last recorded occurrence when none is found.
     */
    public String upcomingOccurrence(SeriesOutcomeStore.Series series, List<EwsEvent> events) {
        return upcoming(series, events).stream().map(Meeting::itemId).findFirst().orElse(series.lastItemId());
    }

    /** The series' occurrences in the events that the room has neither declined nor seen cancelled. */
    private static List<Meeting> upcoming(SeriesOutcomeStore.Series series, List<EwsEvent> events) {
        return Meetings.of(series.room(), events == null ? List.of() : events).stream()
                .filter(m -> series.seriesId().equals(m.seriesKey()))
                .filter(m -> !m.roomDeclined() && !m.cancelled())
                .toList();
    }

    /** Also purges the release ledger's settled rows (OK, FAILED) older than the release-key retention. */
    public CleanupSteps withReleaseLedger(io.roomrelease.bundle.store.ReleaseLedgerStore ledger) {
        this.releaseLedger = ledger;
        return this;
    }

    /** Also purges the warnings before release (organizer_warning) older than the release-key retention. */
    public CleanupSteps withWarningLedger(io.roomrelease.bundle.store.WarningLedgerStore ledger) {
        this.warningLedger = ledger;
        return this;
    }

    /**
     * Also purges the released slots (the dashboard's room-hours) older than the release-key retention, but never
     * within the longest report window ({@value io.roomrelease.bundle.report.ReportSteps#MAX_DAYS} days).
     */
    public CleanupSteps withReleasedSlots(io.roomrelease.bundle.store.ReleasedSlotStore slots) {
        this.releasedSlots = slots;
        return this;
    }

    /**
     * Remembers that the room declined the series: its claim becomes {@code OK} with the decline's audit record and
     * its outbox row, in one transaction (a failure throws, and the route reports the outcome UNKNOWN).
     */
    public void markDeclined(SeriesOutcomeStore.Series series, @Body io.roomrelease.bundle.audit.AuditRecord audit) {
        if (seriesOutcomes.markDeclined(series.room(), series.seriesId(), audit)) {
            LOG.info("Strikes: {} declined the series organized by {}", series.room(), series.organizer());
        } else {
            LOG.warn("Strikes: {} declined the series organized by {}, but its claim was settled meanwhile (claimed "
                    + "longer than roomrelease.release.pending-timeout-seconds ago?): no second record",
                    series.room(), series.organizer());
        }
    }

    /** Deletes check-ins, series outcomes and release keys older than their retention; returns the counts. */
    public Map<String, Integer> purge() {
        Map<String, Integer> out = new LinkedHashMap<>();
        out.put("checkIns", checkIns.purgeOlderThan(settings.checkInRetention()));
        out.put("seriesOutcomes", seriesOutcomes.purgeOlderThan(settings.checkInRetention()));
        out.put("releaseKeys", releaseKeys.purgeOlderThan(settings.releaseKeyRetention())
                + (releaseLedger == null ? 0 : releaseLedger.purgeOlderThan(settings.releaseKeyRetention()))
                + (warningLedger == null ? 0 : warningLedger.purgeOlderThan(settings.releaseKeyRetention())));
        java.time.Duration reportWindow = java.time.Duration.ofDays(io.roomrelease.bundle.report.ReportSteps.MAX_DAYS);
        java.time.Duration slotRetention = java.util.Collections.max(List.of(settings.releaseKeyRetention(),
                reportWindow));
        out.put("releasedSlots", releasedSlots == null ? 0
                : releasedSlots.purgeReleasedBefore(clock.instant().minus(slotRetention)));
        LOG.info("Purged {} check-in(s) and {} series outcome(s) older than {} days, {} release key(s) older "
                        + "than {} days and {} released slot(s) older than {} days", out.get("checkIns"),
                out.get("seriesOutcomes"), settings.checkInRetention().toDays(), out.get("releaseKeys"),
                settings.releaseKeyRetention().toDays(), out.get("releasedSlots"), slotRetention.toDays());
        return out;
    }

    /** Start of the report period. */
    public Instant periodStart() {
        return clock.instant().minus(settings.reportPeriod());
    }

    /** End of the report period (now). */
    public Instant periodEnd() {
        return clock.instant();
    }

    /** One room's report from its calendar, the check-in store and the audit store. */
    public RoomReport roomReport(@Header("CamelEwsMailbox") String room, @Body List<EwsEvent> events) {
        Instant from = periodStart();
        Instant to = periodEnd();
        List<Meeting> meetings = Meetings.of(room, events).stream()
                .filter(m -> !m.cancelled() && !m.allDay() && !m.end().isAfter(to) && !m.start().isBefore(from))
                .toList();
        List<AuditRecord> released = audit.find(room, from, to.plusSeconds(1), 100_000).stream()
                .filter(r -> AuditRecord.OK.equals(r.result()))
                .filter(r -> "declineEvent".equals(r.operation()) || "cancelEvent".equals(r.operation()))
                .toList();
        Set<String> releasedKeys = new HashSet<>();
        released.forEach(r -> releasedKeys.add(r.itemId() + "|" + r.occurrenceStart()));
        // check-ins are stored as received: match them to the room's meetings as the sweep does
        RoomPolicy p = policy.forRoom(room);
        List<CheckIn> known = new CheckInMatcher(policy).match(meetings, checkIns.mayCountFor(room,
                from.minus(p.checkInOpensBefore()), to, p.checkInOpensBefore(), p.checkInClosesAfter()));
        Set<String> all = new HashSet<>(releasedKeys);
        int noShows = releasedKeys.size();
        for (Meeting m : meetings) {
            if (all.add(m.occurrenceKey()) && policy.validCheckIn(m, known).isEmpty()) {
                noShows++;
            }
        }
        int total = all.size();
        return new RoomReport(room, total, noShows, releasedKeys.size(), total == 0 ? 0 : (double) noShows / total,
                null);
    }

    /** The report line of a room that could not be read. */
    public RoomReport roomFailed(@Header("CamelEwsMailbox") String room,
                                 @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception e) {
        LOG.warn("Nightly report: room {} could not be read: {}", room, e == null ? "unknown" : e.getMessage());
        return new RoomReport(room, 0, 0, 0, 0, e == null ? "unknown error" : e.getMessage());
    }

    /** Logs progress: rooms done out of the total. */
    public void progress(@ExchangeProperty(Exchange.SPLIT_INDEX) int index,
                         @ExchangeProperty(Exchange.SPLIT_SIZE) Integer size) {
        LOG.info("Nightly report: {} of {} room(s) done", index + 1, size == null ? "?" : size);
    }

    /** Writes the reports as CSV and JSON into the report folder; returns them for the audit endpoint. */
    public Map<String, Object> writeReports(@Body List<?> lines) {
        List<RoomReport> reports = lines.stream().filter(RoomReport.class::isInstance).map(RoomReport.class::cast)
                .toList();
        LocalDate day = LocalDate.ofInstant(clock.instant(), settings.policy().zone());
        Path dir = settings.reportDir();
        StringBuilder csv = new StringBuilder("room,meetings,no_shows,releases,no_show_rate,error\n");
        for (RoomReport r : reports) {
            csv.append(r.room()).append(',').append(r.meetings()).append(',').append(r.noShows()).append(',')
                    .append(r.releases()).append(',').append(String.format(Locale.ROOT, "%.3f", r.noShowRate()))
                    .append(',').append(r.error() == null ? "" : '"' + r.error().replace("\"", "'") + '"')
                    .append('\n');
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("type", "roomReport");
        report.put("date", day.toString());
        report.put("periodStart", periodStart().toString());
        report.put("periodEnd", periodEnd().toString());
        report.put("rooms", reports);
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("room-report-" + day + ".csv"), csv, StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("room-report-" + day + ".json"),
                    json.writerWithDefaultPrettyPrinter().writeValueAsString(report), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the nightly report into " + dir.toAbsolutePath()
                    + ": " + e.getMessage() + ". Set roomrelease.cleanup.report-dir to a writable folder.", e);
        }
        LOG.info("Nightly report for {} room(s) written to {}", reports.size(), dir.toAbsolutePath());
        return report;
    }
}
