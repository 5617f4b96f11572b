package io.roomrelease.ews.simulator.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import io.roomrelease.ews.simulator.model.Account;
import io.roomrelease.ews.simulator.stats.SimulatorStats.UnauthorizedReason;

/**
 * Authenticates EWS requests from their {@code Authorization} header: Basic (the logon is the account's
 * SMTP logon; {@code DOMAIN\logon} is accepted too) and Bearer tokens from {@link TokenService}. Without
 * credentials the answer is a 401 challenge, as Exchange sends it. Never logs or echoes a secret.
 */
public final class Authenticator {
    /** Realm of the Basic challenge. */
    public static final String REALM = "EWS simulator";

    private final Function<String, Optional<Account>> accounts;
    private final TokenService tokens;

    /**
     * @param accounts finds an account by logon
     * @param tokens   the token service whose tokens are accepted
     */
    public Authenticator(Function<String, Optional<Account>> accounts, TokenService tokens) {
        this.accounts = accounts;
        this.tokens = tokens;
    }

    /** Authenticates one request; {@code authorization} is the header value or null. */
    public AuthResult authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return new AuthResult.Unauthorized(UnauthorizedReason.MISSING_CREDENTIALS,
                    List.of("Basic realm=\"" + REALM + "\"", "Bearer realm=\"" + REALM + "\""),
                    "Authentication required: send Basic credentials or a Bearer token.", null);
        }
        int space = authorization.indexOf(' ');
        String scheme = space < 0 ? authorization : authorization.substring(0, space);
        String value = space < 0 ? "" : authorization.substring(space + 1).trim();
        return switch (scheme.toLowerCase(Locale.ROOT)) {
            case "basic" -> basic(value);
            case "bearer" -> bearer(value);
            default -> new AuthResult.Unauthorized(UnauthorizedReason.UNSUPPORTED_SCHEME,
                    List.of("Basic realm=\"" + REALM + "\"", "Bearer realm=\"" + REALM + "\""),
                    "Unsupported authorization scheme '" + scheme + "'; use Basic or Bearer.", null);
        };
    }

    private AuthResult basic(String value) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return badBasic(null);
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return badBasic(null);
        }
        String user = decoded.substring(0, colon);
        byte[] password = decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
        Optional<Account> account = accounts.apply(user);
        if (account.isEmpty() && user.contains("\\")) {
            account = accounts.apply(user.substring(user.indexOf('\\') + 1));
        }
        if (account.isPresent() && account.get().password() != null
                && MessageDigest.isEqual(account.get().password().getBytes(StandardCharsets.UTF_8), password)) {
            return new AuthResult.Authenticated(account.get(), "Basic");
        }
        return badBasic(user);
    }

    private AuthResult bearer(String token) {
        TokenService.Check check = tokens.check(token);
        switch (check.status()) {
            case VALID:
                if (check.audience() != null) {
                    return invalidToken(UnauthorizedReason.UNKNOWN_TOKEN, "The token is for " + check.audience()
                            + ", not for EWS (request it without a scope or with the EWS resource)", check.logon());
                }
                Optional<Account> account = accounts.apply(check.logon());
                if (account.isPresent()) {
                    return new AuthResult.Authenticated(account.get(), "Bearer");
                }
                return invalidToken(UnauthorizedReason.UNKNOWN_TOKEN, "The token's account no longer exists", check.logon());
            case EXPIRED:
                return invalidToken(UnauthorizedReason.EXPIRED_TOKEN, "The access token has expired", check.logon());
            default:
                return invalidToken(UnauthorizedReason.UNKNOWN_TOKEN, "The access token is not valid", null);
        }
    }

    private static AuthResult badBasic(String user) {
        return new AuthResult.Unauthorized(UnauthorizedReason.BAD_CREDENTIALS,
                List.of("Basic realm=\"" + REALM + "\""),
                "The user name or password is incorrect.", user);
    }

    private static AuthResult invalidToken(UnauthorizedReason reason, String description, String logon) {
        return new AuthResult.Unauthorized(reason,
                List.of("Bearer realm=\"" + REALM + "\", error=\"invalid_token\", error_description=\"" + description + "\""),
                description + "; fetch a new token from the token endpoint.", logon);
    }
}
