package io.roomrelease.ews.simulator.soap;

import java.time.Clock;
import java.time.ZoneId;
import java.util.Optional;

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
