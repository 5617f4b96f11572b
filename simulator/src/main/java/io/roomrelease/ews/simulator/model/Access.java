package io.roomrelease.ews.simulator.model;

/**
 * Who is asking: the authenticated account, the mailbox it acts as (the impersonated one or its own),
 * and the request's id for the audit log.
 *
 * @param account       authenticated logon
 * @param actingMailbox mailbox the request acts as
 * @param impersonated  whether the request carried ExchangeImpersonation
 * @param requestId     client-request-id (may be null)
 */
public record Access(String account, String actingMailbox, boolean impersonated, String requestId) {

    /** The owner of a mailbox acting on it, without impersonation (for tests and scenario set-up). */
    public static Access owner(String mailbox) {
        return new Access(mailbox, mailbox, false, null);
    }

    /** A service account impersonating a mailbox. */
    public static Access impersonating(String account, String mailbox) {
        return new Access(account, mailbox, true, null);
    }
}
