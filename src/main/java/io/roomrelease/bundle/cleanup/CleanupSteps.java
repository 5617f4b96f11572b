package io.roomrelease.bundle.cleanup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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

    /** End of the window searched for the series' upcoming occurrences (35 days: monthly-ish series included). */
    public Instant seriesLookAheadEnd() {
        return clock.instant().plus(java.time.Duration.ofDays(35));
    }

    /**
     * The item id that addresses the series in EWS: an upcoming occurrence in the room's calendar (declined
     * occurrences are gone from it), or the last recorded occurrence when none is found.
     */
    public String upcomingOccurrence(SeriesOutcomeStore.Series series, List<EwsEvent> events) {
        return Meetings.of(series.room(), events).stream()
                .filter(m -> series.seriesId().equals(m.seriesKey()))
                .filter(m -> !m.roomDeclined() && !m.cancelled())
                .map(Meeting::itemId)
                .findFirst()
                .orElse(series.lastItemId());
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

    /** Remembers that the room declined the series, with the decline's audit record, in one transaction. */
    public void markDeclined(SeriesOutcomeStore.Series series, @Body io.roomrelease.bundle.audit.AuditRecord audit) {
        seriesOutcomes.markDeclined(series.room(), series.seriesId(), audit);
        LOG.info("Strikes: {} declined the series organized by {}", series.room(), series.organizer());
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
