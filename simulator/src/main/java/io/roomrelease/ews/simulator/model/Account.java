package io.roomrelease.ews.simulator.model;

import java.util.Set;

/**
 * A service or user account that may log on to EWS.
 *
 * @param logon                     logon name (an SMTP address), used for Basic auth and as the actor
 * @param password                  Basic auth password
 * @param oauthClientId             client id for the client-credentials token endpoint (null: none)
 * @param oauthClientSecret         client secret for the token endpoint (null: none)
 * @param applicationImpersonation  holds the ApplicationImpersonation role
 * @param impersonationScope        mailboxes the role is scoped to; empty means the whole organisation
 * @param delegateGrants            mailboxes whose calendars the account may open without impersonation
 */
public record Account(
        String logon,
        String password,
        String oauthClientId,
        String oauthClientSecret,
        boolean applicationImpersonation,
        Set<String> impersonationScope,
        Set<String> delegateGrants) {

    public Account {
        impersonationScope = Set.copyOf(impersonationScope == null ? Set.of() : impersonationScope);
        delegateGrants = Set.copyOf(delegateGrants == null ? Set.of() : delegateGrants);
    }

    /** Whether the role lets this account impersonate the given mailbox. */
    public boolean mayImpersonate(String smtp) {
        return applicationImpersonation
                && (impersonationScope.isEmpty() || impersonationScope.stream().anyMatch(s -> s.equalsIgnoreCase(smtp)));
    }

    /** Whether the account may open the given mailbox's calendar as a delegate. */
    public boolean hasDelegateAccess(String smtp) {
        return logon.equalsIgnoreCase(smtp) || delegateGrants.stream().anyMatch(s -> s.equalsIgnoreCase(smtp));
    }

    @Override
    public String toString() {
        return "Account[" + logon + ", impersonation=" + applicationImpersonation + "]";
    }
}
