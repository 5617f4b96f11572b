package io.roomrelease.bundle.audit;

import java.time.Clock;
import java.time.Instant;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

import io.roomrelease.bundle.policy.Decision;
import io.roomrelease.bundle.policy.Meeting;
import io.roomrelease.bundle.settings.RoomReleaseSettings;
import io.roomrelease.bundle.store.SeriesOutcomeStore;
import io.roomrelease.bundle.sweep.SweepPlan;
import io.roomrelease.camel.ews.model.EwsEvent;

/** Builds {@link AuditRecord}s for the routes; the routes send them to {@code direct:audit}. */
public final class AuditRecords {

    private final RoomReleaseSettings settings;
    private final Clock clock;

    public AuditRecords(RoomReleaseSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** A release the sweep made (or would make in dry-run), with its result. */
    public AuditRecord release(@Body Decision d, @Header("CamelEwsRequestId") String requestId, String result) {
        Meeting m = d.meeting();
        boolean dryRun = AuditRecord.DRY_RUN.equals(result);
        String operation = d.action() == io.roomrelease.bundle.policy.Action.CANCEL ? "cancelEvent" : "declineEvent";
        return new AuditRecord(now(), settings.serviceAccount(), m.room(), operation, m.itemId(), m.start(),
                m.organizer(), d.reason().name(), d.text(), result, dryRun, dryRun ? null : requestId, subject(m.subject()));
    }

    /** A release that failed. */
    public AuditRecord releaseFailed(@Body Decision d, @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception error) {
        Meeting m = d.meeting();
        String operation = d.action() == io.roomrelease.bundle.policy.Action.CANCEL ? "cancelEvent" : "declineEvent";
        String requestId = error instanceof io.roomrelease.camel.ews.EwsException e ? e.requestId() : null;
        return new AuditRecord(now(), settings.serviceAccount(), m.room(), operation, m.itemId(), m.start(),
                m.organizer(), d.reason().name(), error == null ? d.text() : error.getMessage(), AuditRecord.FAILED,
                false, requestId, subject(m.subject()));
    }

    /** A release that was sent but whose outcome is unknown (unreadable reply, connection dropped after sending). */
    public AuditRecord releaseUnknown(@Body Decision d, @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception error) {
        AuditRecord failed = releaseFailed(d, error);
        return new AuditRecord(failed.recordedAt(), failed.serviceAccount(), failed.mailbox(), failed.operation(),
                failed.itemId(), failed.occurrenceStart(), failed.organizer(), failed.reason(), failed.detail(),
                AuditRecord.UNKNOWN, false, failed.ewsRequestId(), failed.subject());
    }

    /** The safety guard stopped a sweep. */
    public AuditRecord guardTripped(@Body SweepPlan plan) {
        return new AuditRecord(now(), settings.serviceAccount(), null, "sweepGuard", null, null, null,
                "MAX_RELEASE_RATIO", plan.getGuardText(), AuditRecord.STOPPED, settings.dryRun(), null, null);
    }

    /** A write made from a room display or the strikes rule: end early, extend, book now, decline series. */
    public AuditRecord write(@Header("CamelEwsMailbox") String room, @Header("CamelEwsRequestId") String requestId,
                             @Body Object body, String operation, String reason) {
        EwsEvent e = body instanceof EwsEvent ev ? ev : null;
        String itemId = e != null ? e.getItemId() : null;
        Instant start = e != null ? e.getStart() : null;
        String organizer = e != null ? e.getOrganizer() : null;
        String subject = e != null ? subject(e.getSubject()) : null;
        return new AuditRecord(now(), settings.serviceAccount(), room, operation, itemId, start, organizer, reason,
                null, AuditRecord.OK, false, requestId, subject);
    }

    /** The strikes rule declined a series. */
    public AuditRecord seriesDeclined(@Body SeriesOutcomeStore.Series series,
                                      @Header("CamelEwsRequestId") String requestId,
                                      @Header("strikesVerdict") String verdict, @Header("dryRun") boolean dryRun) {
        return new AuditRecord(now(), settings.serviceAccount(), series.room(), "declineSeries", series.lastItemId(),
                null, series.organizer(), "STRIKES", verdict, dryRun ? AuditRecord.DRY_RUN : AuditRecord.OK, dryRun,
                dryRun ? null : requestId, null);
    }

    private String subject(String subject) {
        return settings.storeSubjects() ? subject : null;
    }

    private Instant now() {
        return clock.instant();
    }
}
