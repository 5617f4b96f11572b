package io.roomrelease.ews.simulator.model;

import java.time.Instant;

/**
 * One record of the mailbox audit log, like Exchange's non-owner access log.
 *
 * @param time            when
 * @param actor           the authenticated account (logon name)
 * @param mailbox         the mailbox accessed
 * @param operation       e.g. FindItem, GetItem, Update, Create, HardDelete, Decline, Accept, Cancel, Impersonate, Logon
 * @param itemId          the item concerned, or null
 * @param result          Succeeded or Failed
 * @param logonType       Impersonation, Delegate or Owner
 * @param clientRequestId the request's client-request-id, or null
 * @param detail          the error code on failure, or null
 */
public record AuditEntry(Instant time, String actor, String mailbox, String operation, String itemId, Result result,
        LogonType logonType, String clientRequestId, String detail) {

    /** Outcome of the access. */
    public enum Result { Succeeded, Failed }

    /** How the actor reached the mailbox. */
    public enum LogonType { Owner, Delegate, Impersonation }
}
