package io.roomrelease.ews.simulator.soap;

import java.time.Clock;
import java.time.ZoneId;
import java.util.Optional;

import io.roomrelease.ews.simulator.model.Account;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * One authenticated EWS request, as an operation handler sees it. The server layer has already
 * authenticated the account and checked the {@code ExchangeImpersonation} header (role, scope and that
 * the mailbox exists) before the handler runs.
 */
public interface EwsCall {

    /** The child of {@code soap:Body}, for example {@code <m:FindItem>}. */
    Element request();

    /** The document that response elements must be created in. */
    Document responseDocument();

    /** The authenticated service account (its logon name, an SMTP address). */
    String account();

    /**
     * The authenticated account with its rights (impersonation role and scope, delegate grants), e.g. for
     * {@link Account#hasDelegateAccess(String)}. The server's calls always carry it; the default exists only so
     * that hand-written test calls keep compiling, and fails with a hint.
     */
    default Account accountDetails() {
        throw new UnsupportedOperationException("This EwsCall does not carry the Account; look it up with ExchangeStore.account(account())");
    }

    /** The impersonated mailbox's SMTP address, when the request carried ExchangeImpersonation. */
    Optional<String> impersonated();

    /**
     * The mailbox the request acts as: the impersonated mailbox, or the account's own mailbox. A
     * handler that touches another mailbox than this one (delegate access) must check the grant.
     */
    default String actingMailbox() {
        return impersonated().orElse(account());
    }

    /** client-request-id of the request (generated when the client sent none). */
    String requestId();

    /** The time zone of {@code TimeZoneContext} (availability uses its own SerializableTimeZone). */
    ZoneId requestTimeZone();

    /** The simulator's clock. */
    Clock clock();
}
