package io.roomrelease.ews.simulator.security;

import java.util.List;

import io.roomrelease.ews.simulator.model.Account;
import io.roomrelease.ews.simulator.stats.SimulatorStats.UnauthorizedReason;

/**
 * The outcome of authenticating an HTTP request: an account, or a 401 with its reason and challenges.
 */
public sealed interface AuthResult {

    /** Authenticated. */
    record Authenticated(Account account, String scheme) implements AuthResult {
    }

    /**
     * Not authenticated: answer 401.
     *
     * @param reason     why (counted in stats)
     * @param challenges the {@code WWW-Authenticate} header values to send
     * @param message    a short text for the response body (never contains a secret)
     * @param logon      the logon the client tried (Basic) or the token's account (Bearer), null when unknown
     */
    record Unauthorized(UnauthorizedReason reason, List<String> challenges, String message, String logon)
            implements AuthResult {
    }
}
