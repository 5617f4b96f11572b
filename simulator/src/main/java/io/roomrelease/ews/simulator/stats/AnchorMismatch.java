package io.roomrelease.ews.simulator.stats;

/**
 * A request whose {@code X-AnchorMailbox} header did not name the impersonated mailbox (Exchange Online
 * routes by the anchor, so such a request may land on the wrong server).
 *
 * @param operation    the EWS operation
 * @param account      the authenticated account
 * @param impersonated the impersonated mailbox (null when the request did not impersonate)
 * @param anchor       the X-AnchorMailbox value (null when absent)
 */
public record AnchorMismatch(String operation, String account, String impersonated, String anchor) {
}
