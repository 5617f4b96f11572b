package io.roomrelease.bundle.sweep;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.roomrelease.bundle.audit.AuditRecord;
import io.roomrelease.bundle.policy.Action;
import io.roomrelease.bundle.policy.Decision;
import io.roomrelease.bundle.policy.Meeting;
import io.roomrelease.bundle.store.ReleaseLedgerStore;
import io.roomrelease.bundle.store.ReleasedSlotStore;
import io.roomrelease.bundle.store.ReleaseLedgerStore.Claim;
import io.roomrelease.bundle.store.ReleaseLedgerStore.Entry;
import io.roomrelease.bundle.store.ReleaseLedgerStore.State;

/**
 * The steps that make each occurrence released at most once and every outcome known (DESIGN §2, "Outcomes"), called
 * by name from {@code routes/release-abandoned.camel.yaml} as {@code releaseLedger}:
 * <ol>
 *   <li>{@link #claim}: before the write, the release key (item id + occurrence start) is claimed durably;</li>
 *   <li>{@link #record}: the outcome ({@code OK}, {@code UNKNOWN}, {@code FAILED}), its audit record, the record's
 *   audit outbox row (what the audit endpoint gets) and, for {@code OK}, the released slot are written in one
 *   transaction (one commit);</li>
 *   <li>{@link #settle}: each sweep, after reading the rooms, settles the outcomes that are not known
 *   ({@code UNKNOWN}, or a claim older than {@code roomrelease.release.pending-timeout-seconds}: the process died
 *   mid-write). The room's calendar tells: the occurrence is gone from it, declined or cancelled, so Exchange carried
 *   the write out and the final {@code OK} record is written; or it is still there, so the key is freed and the
 *   release is retried under the same key (if the policy still wants it). Never a blind resend.</li>
 * </ol>
 */
public final class ReleaseLedger {

    /** Exchange header the routes keep the release key in. */
    public static final String KEY = "releaseKey";

    private static final Logger LOG = LoggerFactory.getLogger("roomrelease.sweep");

    private final ReleaseLedgerStore store;
    private final String serviceAccount;
    private final Duration pendingTimeout;
    private final Clock clock;

    public ReleaseLedger(ReleaseLedgerStore store, String serviceAccount, Duration pendingTimeout, Clock clock) {
        this.store = store;
        this.serviceAccount = serviceAccount;
        this.pendingTimeout = pendingTimeout;
        this.clock = clock;
    }

    /** Claims the decision's release key: {@code CLAIMED} (send it), {@code DONE} or {@code UNSETTLED} (do nothing). */
    public String claim(@Body Decision d) {
        Meeting m = d.meeting();
        return store.claim(m.occurrenceKey(), m.room(), m.itemId(), m.start(), d.action().name(), m.organizer(),
                d.reason().name()).name();
    }

    /**
     * Writes a release's outcome, its audit record with its outbox row and, for an {@code OK} release of a known
     * decision, the released slot (the booked end, for the dashboard), in one transaction. Returns whether it was
     * written (false: the key was already settled, e.g. OK, and nothing was written: never a second OK record).
     *
     * @param decision the decision released (exchange property {@code decision}); null: no slot is kept
     */
    public boolean record(@Body AuditRecord r, @Header(KEY) String key,
                          @ExchangeProperty("decision") Decision decision) {
        String k = key != null ? key : r.itemId() + "|" + r.occurrenceStart();
        return switch (r.result()) {
            case AuditRecord.OK -> store.settle(k, State.OK, r, slot(r, decision), State.PENDING, State.UNKNOWN);
            case AuditRecord.UNKNOWN -> store.settle(k, State.UNKNOWN, r, null, State.PENDING);
            case AuditRecord.FAILED -> store.settle(k, State.FAILED, r, null, State.PENDING, State.UNKNOWN);
            default -> throw new IllegalArgumentException("A release outcome is OK, UNKNOWN or FAILED, was "
                    + r.result());
        };
    }

    private static ReleasedSlotStore.Slot slot(AuditRecord r, Decision d) {
        if (d == null || r.dryRun()) {
            return null;
        }
        Meeting m = d.meeting();
        return new ReleasedSlotStore.Slot(m.room(), m.itemId(), m.start(), m.end(), r.recordedAt());
    }

    /** Notes a release whose outcome is unknown in the sweep report. */
    public void unknown(@Body Decision decision, @ExchangeProperty(SweepSteps.REPORT) SweepReport report,
                        @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception error) {
        String text = error == null ? "outcome unknown" : error.getMessage();
        LOG.warn("Outcome of the release of {} in {} is unknown, the next sweep settles it: {}",
                decision.meeting().itemId(), decision.meeting().room(), text);
        report.outcome(decision, SweepReport.Outcome.UNKNOWN, text);
    }

    /** Notes a release that was not sent because an earlier one of the same key is not settled yet. */
    public void notSettledYet(@Body Decision decision, @ExchangeProperty(SweepSteps.REPORT) SweepReport report) {
        report.outcome(decision, SweepReport.Outcome.UNKNOWN, "an earlier release of it is not settled yet");
    }

    /** The rooms to read, plus the rooms of unsettled releases (their calendars settle them). */
    public List<String> withUnsettledRooms(@Body Collection<?> rooms) {
        Set<String> out = new LinkedHashSet<>();
        Set<String> lower = new java.util.HashSet<>();
        if (rooms != null) {
            for (Object r : rooms) {
                if (r != null && lower.add(r.toString().toLowerCase(Locale.ROOT))) {
                    out.add(r.toString());
                }
            }
        }
        for (String room : unsettledRooms()) {
            if (lower.add(room)) {
                out.add(room);
            }
        }
        return new ArrayList<>(out);
    }

    /** The rooms of unsettled releases (lower case, each once): their calendars settle them. */
    public List<String> unsettledRooms() {
        Set<String> out = new LinkedHashSet<>();
        for (Entry e : store.unsettled(pendingTimeout)) {
            if (e.room() != null) {
                out.add(e.room());
            }
        }
        return new ArrayList<>(out);
    }

    /**
     * Settles unknown outcomes from the rooms this sweep read. Each final record is written with its outbox row in
     * the transaction that settles its key (the audit endpoint gets it from the outbox).
     *
     * @param assessments the rooms read in this sweep
     * @param windowStart the start of the window the rooms were read over
     */
    public void settle(@Body List<?> assessments, @ExchangeProperty(SweepSteps.WINDOW_START) Instant windowStart,
                       @ExchangeProperty(SweepSteps.REPORT) SweepReport report,
                       @ExchangeProperty(SweepSteps.SWEEP_AT) Instant sweepAt) {
        List<Entry> unsettled = store.unsettled(pendingTimeout);
        if (unsettled.isEmpty() || assessments == null) {
            return;
        }
        List<RoomAssessment> rooms = assessments.stream().filter(RoomAssessment.class::isInstance)
                .map(RoomAssessment.class::cast).filter(RoomAssessment::ok).toList();
        for (Entry e : unsettled) {
            if (e.room() == null || e.occurrenceStart() == null) {
                continue;
            }
            if (sweepAt != null && e.claimedAt() != null && !e.claimedAt().isBefore(sweepAt)) {
                // claimed in this sweep (a release sent as soon as its room was read): this sweep's reads were made
                // before the write and cannot tell its outcome; the next sweep's can
                continue;
            }
            Optional<RoomAssessment> room = rooms.stream().filter(r -> r.room().equalsIgnoreCase(e.room())).findFirst();
            if (room.isEmpty()) {
                continue; // not read in this sweep: stays unsettled
            }
            Optional<Decision> seen = room.get().decisions().stream()
                    .filter(d -> Objects.equals(d.meeting().occurrenceKey(), e.key())).findFirst();
            State from = e.state();
            if (seen.isPresent() && !seen.get().meeting().roomDeclined() && !seen.get().meeting().cancelled()) {
                // still in the calendar, neither declined nor cancelled: Exchange did not carry the write out
                Decision d = seen.get();
                AuditRecord notDone = null;
                if (from == State.UNKNOWN && !d.releases()) {
                    notDone = record(e, AuditRecord.FAILED, "settled: Exchange did not carry out the release whose "
                            + "outcome was unknown; not retried because " + d.text());
                }
                store.settle(e.key(), State.FAILED, notDone, null, from);
                LOG.info("Release of {} in {} was not carried out by Exchange; {}", e.itemId(), e.room(),
                        d.releases() ? "retried under the same key" : "not retried: " + d.text());
                continue;
            }
            if (seen.isEmpty() && e.occurrenceStart().isBefore(windowStart)) {
                continue; // outside what this sweep read: nothing to tell
            }
            String how = seen.isPresent()
                    ? (seen.get().meeting().roomDeclined() ? "the room's decline is in Exchange"
                            : "the meeting is cancelled in Exchange")
                    : "the occurrence is no longer in the room's calendar";
            AuditRecord ok = record(e, AuditRecord.OK, "settled by the sweep after an unknown outcome: " + how);
            // a declined or cancelled occurrence still in the calendar tells its booked end: keep the slot too
            if (store.settle(e.key(), State.OK, ok, seen.map(d -> slot(ok, d)).orElse(null), from)) {
                report.settled();
                LOG.info("Release of {} in {} settled as OK: {}", e.itemId(), e.room(), how);
            }
        }
    }

    private AuditRecord record(Entry e, String result, String detail) {
        String operation = Action.CANCEL.name().equals(e.action()) ? "cancelEvent" : "declineEvent";
        return new AuditRecord(clock.instant(), serviceAccount, e.room(), operation, e.itemId(), e.occurrenceStart(),
                e.organizer(), e.reason(), detail, result, false, null, null);
    }
}
