package io.roomrelease.ews.simulator.security;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issues and checks the opaque Bearer access tokens of the simulator's client-credentials endpoint.
 * Expiry is measured on the simulator's clock, so tests expire a token by moving a MutableClock.
 * Thread-safe. Tokens are never logged.
 */
public final class TokenService {
    private static final Duration FORGET_AFTER = Duration.ofDays(1);

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Issued> tokens = new ConcurrentHashMap<>();
    private volatile Duration lifetime;

    public TokenService(Clock clock, Duration lifetime) {
        this.clock = Objects.requireNonNull(clock, "clock");
        lifetime(lifetime);
    }

    /** Sets the lifetime of tokens issued from now on. */
    public void lifetime(Duration lifetime) {
        if (lifetime == null || lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("Token lifetime must be positive, got " + lifetime);
        }
        this.lifetime = lifetime;
    }

    /** The lifetime of new tokens. */
    public Duration lifetime() {
        return lifetime;
    }

    /** Issues a token for the account with this logon. */
    public Issued issue(String logon) {
        Instant now = clock.instant();
        tokens.values().removeIf(t -> t.expiresAt().plus(FORGET_AFTER).isBefore(now));
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Issued issued = new Issued(token, logon, now.plus(lifetime));
        tokens.put(token, issued);
        return issued;
    }

    /** Looks a presented token up. */
    public Check check(String token) {
        Issued issued = tokens.get(token);
        if (issued == null) {
            return new Check(Check.Status.UNKNOWN, null);
        }
        return clock.instant().isBefore(issued.expiresAt())
                ? new Check(Check.Status.VALID, issued.logon())
                : new Check(Check.Status.EXPIRED, issued.logon());
    }

    /** An issued token. */
    public record Issued(String token, String logon, Instant expiresAt) {
        @Override
        public String toString() {
            return "Issued[logon=" + logon + ", expiresAt=" + expiresAt + "]";
        }
    }

    /** The outcome of checking a token; {@code logon} is null for an unknown token. */
    public record Check(Status status, String logon) {
        /** Whether the token can be used. */
        public enum Status { VALID, EXPIRED, UNKNOWN }
    }
}
