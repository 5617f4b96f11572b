package io.roomrelease.bundle.audit;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One write made on a room's behalf (dry runs included), as DESIGN §2 lists: time, service account, impersonated
 * mailbox, operation, item id, occurrence, organizer, reason, result and EWS request id. Subjects stay out unless
 * {@code roomrelease.audit.store-subjects=true}.
 *
 * @param recordedAt      when the write happened
 * @param serviceAccount  the account the call ran as
 * @param mailbox         the impersonated room mailbox
 * @param operation       the EWS operation, e.g. {@code declineEvent}, or a bundle event such as {@code sweepGuard}
 * @param itemId          the item written (null for operations without one)
 * @param occurrenceStart start of the occurrence written
 * @param organizer       organizer of the meeting
 * @param reason          the policy reason code, e.g. {@code NO_CHECK_IN}
 * @param detail          the reason in words
 * @param result          {@code OK}, {@code DRY_RUN}, {@code FAILED}, {@code UNKNOWN}, {@code STOPPED}
 * @param dryRun          whether the write was only simulated
 * @param ewsRequestId    the request id Exchange returned
 * @param subject         the meeting subject, only when configured
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditRecord(
        Instant recordedAt,
        String serviceAccount,
        String mailbox,
        String operation,
        String itemId,
        Instant occurrenceStart,
        String organizer,
        String reason,
        String detail,
        String result,
        boolean dryRun,
        String ewsRequestId,
        String subject) {

    /** Result of a write that went through. */
    public static final String OK = "OK";
    /** Result of a write only simulated in dry-run mode. */
    public static final String DRY_RUN = "DRY_RUN";
    /** Result of a write that failed. */
    public static final String FAILED = "FAILED";
    /**
     * Result of a write that was sent but whose outcome cannot be known from the reply (unreadable reply, connection
     * dropped after sending). The next sweep reads the item and writes the final record under the same key.
     */
    public static final String UNKNOWN = "UNKNOWN";
    /** Result of a sweep stopped by the safety guard. */
    public static final String STOPPED = "STOPPED";
}
