package io.roomrelease.ews.simulator.security;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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

    /** Issues a token for the account with this logon (an EWS token: no audience, no roles). */
    public Issued issue(String logon) {
        return issue(logon, null, Set.of());
    }

    /**
     * Issues a token for the account with this logon, for an audience (e.g. {@code https://graph.microsoft.com}) with
     * the application permissions of its {@code roles} claim.
     */
    public Issued issue(String logon, String audience, Set<String> roles) {
        Instant now = clock.instant();
        tokens.values().removeIf(t -> t.expiresAt().plus(FORGET_AFTER).isBefore(now));
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        if (audience != null) {
            token = jwtShaped(logon, audience, roles, now, now.plus(lifetime), token);
        }
        Issued issued = new Issued(token, logon, now.plus(lifetime), audience, Set.copyOf(roles));
        tokens.put(token, issued);
        return issued;
    }

    /**
     * A JWT-shaped token so that clients and people can read its claims ({@code aud}, {@code roles}, {@code exp});
     * the simulator itself never trusts the claims: it looks the whole token up, so the signature part is random.
     */
    private static String jwtShaped(String logon, String audience, Set<String> roles, Instant iat, Instant exp, String random) {
        StringBuilder claims = new StringBuilder("{\"aud\":\"").append(jsonText(audience))
                .append("\",\"iss\":\"https://sts.windows.net/simulator/\",\"sub\":\"").append(jsonText(logon))
                .append("\",\"iat\":").append(iat.getEpochSecond()).append(",\"exp\":").append(exp.getEpochSecond())
                .append(",\"roles\":[");
        String sep = "";
        for (String r : new java.util.TreeSet<>(roles)) {
            claims.append(sep).append('"').append(jsonText(r)).append('"');
            sep = ",";
        }
        claims.append("]}");
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"typ\":\"JWT\",\"alg\":\"HS256\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                + "." + b64.encodeToString(claims.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "." + random;
    }

    private static String jsonText(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** Looks a presented token up. */
    public Check check(String token) {
        Issued issued = tokens.get(token);
        if (issued == null) {
            return new Check(Check.Status.UNKNOWN, null);
        }
        return clock.instant().isBefore(issued.expiresAt())
                ? new Check(Check.Status.VALID, issued.logon(), issued.audience(), issued.roles())
                : new Check(Check.Status.EXPIRED, issued.logon(), issued.audience(), issued.roles());
    }

    /** Expires every token issued so far (a test hook: their next use answers 401). */
    public void expireAll() {
        Instant now = clock.instant();
        tokens.replaceAll((k, t) -> new Issued(t.token(), t.logon(), now, t.audience(), t.roles()));
    }

    /**
     * An issued token.
     *
     * @param audience the resource it is for (null: EWS)
     * @param roles    the application permissions it carries (its {@code roles} claim)
     */
    public record Issued(String token, String logon, Instant expiresAt, String audience, Set<String> roles) {
        public Issued(String token, String logon, Instant expiresAt) {
            this(token, logon, expiresAt, null, Set.of());
        }

        @Override
        public String toString() {
            return "Issued[logon=" + logon + ", expiresAt=" + expiresAt + "]";
        }
    }

    /** The outcome of checking a token; {@code logon} is null for an unknown token. */
    public record Check(Status status, String logon, String audience, Set<String> roles) {
        public Check(Status status, String logon) {
            this(status, logon, null, Set.of());
        }

        /** Whether the token can be used. */
        public enum Status { VALID, EXPIRED, UNKNOWN }
    }
}
