package io.roomrelease.bundle.sweep;

import java.time.Clock;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.roomrelease.bundle.audit.AuditRecord;
import io.roomrelease.bundle.policy.Decision;
import io.roomrelease.bundle.policy.Meeting;
import io.roomrelease.bundle.policy.RoomPolicy;
import io.roomrelease.bundle.roompolicy.OrganizerMessages;
import io.roomrelease.bundle.roompolicy.RoomPolicies;
import io.roomrelease.bundle.store.WarningLedgerStore;
import io.roomrelease.bundle.store.WarningLedgerStore.State;

/**
 * The warning before release (issue 13), called by name from {@code routes/release-abandoned.camel.yaml} as
 * {@code organizerWarnings}: each occurrence's warning is claimed durably before it is sent ({@link #claim}), so the
 * organizer gets at most one, across restarts and instances; its outcome is written with its audit record and the
 * record's audit outbox row in one transaction ({@link #sent}, {@link #unknown}, {@link #failed}). Only a warning Exchange refused may be sent again
 * (next sweep, while the release is still ahead); a lost reply is never resent.
 */
public final class OrganizerWarnings {

    /** Audit operation and reason of a warning. */
    public static final String OPERATION = "sendMessage";
    public static final String REASON = "WARNING_BEFORE_RELEASE";

    private static final Logger LOG = LoggerFactory.getLogger("roomrelease.sweep");

    private final WarningLedgerStore store;
    private final RoomPolicies rooms;
    private final OrganizerMessages messages;
    private final String serviceAccount;
    private final boolean storeSubjects;
    private final Clock clock;

    public OrganizerWarnings(WarningLedgerStore store, RoomPolicies rooms, OrganizerMessages messages,
                             String serviceAccount, boolean storeSubjects, Clock clock) {
        this.store = store;
        this.rooms = rooms;
        this.messages = messages;
        this.serviceAccount = serviceAccount;
        this.storeSubjects = storeSubjects;
        this.clock = clock;
    }

    /** The durable key of an occurrence's warning. */
    public static String key(Meeting m) {
        return "warning|" + m.occurrenceKey();
    }

    /** Claims the occurrence's warning: true = send it now; false = it was sent (or is on its way) already. */
    public boolean claim(@Body Decision d) {
        Meeting m = d.meeting();
        return store.claim(key(m), m.room(), m.itemId(), m.start(), m.organizer());
    }

    /** The warning was sent: records SENT with its audit record (and outbox row); returns the record. */
    public AuditRecord sent(@Body Decision d, @Header("CamelEwsRequestId") String requestId) {
        return settle(d, State.SENT, AuditRecord.OK, requestId, null);
    }

    /** The warning's outcome is unknown (sent, reply lost): never sent again. */
    public AuditRecord unknown(@Body Decision d, @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception error) {
        return settle(d, State.UNKNOWN, AuditRecord.UNKNOWN, requestId(error), error);
    }

    /** Exchange refused the warning: the next sweep may try again while the release is still ahead. */
    public AuditRecord failed(@Body Decision d, @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception error) {
        LOG.warn("Could not warn {} about {} in {}: {}", d.meeting().organizer(), d.meeting().itemId(),
                d.meeting().room(), error == null ? "unknown error" : error.getMessage());
        return settle(d, State.FAILED, AuditRecord.FAILED, requestId(error), error);
    }

    /** The audit record of a warning dry-run did not send. */
    public AuditRecord dryRun(@Body Decision d) {
        return record(d, AuditRecord.DRY_RUN, null, null);
    }

    private AuditRecord settle(Decision d, State state, String result, String requestId, Exception error) {
        AuditRecord r = record(d, result, requestId, error);
        return store.settle(key(d.meeting()), state, r) ? r : null;
    }

    private AuditRecord record(Decision d, String result, String requestId, Exception error) {
        Meeting m = d.meeting();
        RoomPolicy p = rooms.forRoom(m.room());
        String detail = "warned " + m.organizer() + " that the room will be released at " + messages.releaseTime(m)
                + " without a check-in (" + p.describe(RoomPolicy.Rule.GRACE) + ", warning "
                + rooms.warnBefore().toMinutes() + " min before)" + (error == null ? "" : ": " + error.getMessage());
        return new AuditRecord(clock.instant(), serviceAccount, m.room(), OPERATION, m.itemId(), m.start(),
                m.organizer(), REASON, detail, result, AuditRecord.DRY_RUN.equals(result), requestId,
                storeSubjects ? m.subject() : null);
    }

    private static String requestId(Exception error) {
        return error instanceof io.roomrelease.camel.ews.EwsException e ? e.requestId() : null;
    }
}
