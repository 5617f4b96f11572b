package io.roomrelease.ews.simulator.graph;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The Graph side's runtime settings: the application access scope (which mailboxes an app may reach), the app roles
 * granted to each client, the Outlook throttling limits, and delta-token lifetime. Mutable at runtime (tests and the
 * admin endpoint change them); thread-safe.
 */
public final class GraphSettings {
    /** Graph's limit for Outlook resources: concurrent requests per app and mailbox. */
    public static final int DEFAULT_MAX_CONCURRENT = 4;
    /** Graph's limit for Outlook resources: requests per app and mailbox per window. */
    public static final int DEFAULT_REQUESTS_PER_WINDOW = 10_000;
    /** Graph's window for the request limit. */
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(10);
    /** The application permissions an app gets unless told otherwise. */
    public static final Set<String> DEFAULT_ROLES = Set.of("Calendars.ReadWrite", "Place.Read.All", "Mail.Send");

    /** Which mailboxes an app may reach: every room (the default), every mailbox, or a list. */
    public record Scope(Kind kind, Set<String> mailboxes) {
        /** How the scope is given. */
        public enum Kind { ROOMS, ALL, LIST }

        public Scope {
            Objects.requireNonNull(kind, "kind");
            mailboxes = mailboxes == null ? Set.of()
                    : mailboxes.stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        }

        /** Every room mailbox (what an application access policy on a room group gives). */
        public static Scope rooms() {
            return new Scope(Kind.ROOMS, Set.of());
        }

        /** Every mailbox in the organisation (no policy). */
        public static Scope all() {
            return new Scope(Kind.ALL, Set.of());
        }

        /** Exactly these mailboxes. */
        public static Scope of(Set<String> mailboxes) {
            return new Scope(Kind.LIST, mailboxes);
        }
    }

    private volatile Scope defaultScope = Scope.rooms();
    private final Map<String, Scope> scopes = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> roles = new ConcurrentHashMap<>();
    private final Map<String, java.security.cert.X509Certificate> certificates = new ConcurrentHashMap<>();
    private volatile int maxConcurrent = DEFAULT_MAX_CONCURRENT;
    private volatile int requestsPerWindow = DEFAULT_REQUESTS_PER_WINDOW;
    private volatile Duration window = DEFAULT_WINDOW;
    private volatile Duration concurrencyRetryAfter = Duration.ofSeconds(1);
    private volatile boolean fractionalRetryAfter;
    private volatile Duration deltaTokenLifetime = Duration.ofDays(7);

    /** The scope of every app without its own. */
    public GraphSettings defaultScope(Scope scope) {
        this.defaultScope = Objects.requireNonNull(scope, "scope");
        return this;
    }

    /** The scope of one app (by client id or account logon). */
    public GraphSettings scope(String app, Scope scope) {
        scopes.put(key(app), Objects.requireNonNull(scope, "scope"));
        return this;
    }

    /** Drops every per-app scope. */
    public GraphSettings clearScopes() {
        scopes.clear();
        return this;
    }

    /** The scope in force for an app known by its client id and logon. */
    public Scope scopeFor(String clientId, String logon) {
        Scope s = clientId == null ? null : scopes.get(key(clientId));
        if (s == null && logon != null) {
            s = scopes.get(key(logon));
        }
        return s != null ? s : defaultScope;
    }

    /** The application permissions granted to a client id (in tokens issued from now on). */
    public GraphSettings roles(String clientId, Set<String> granted) {
        roles.put(key(clientId), Set.copyOf(granted));
        return this;
    }

    /** The application permissions of a client id. */
    public Set<String> rolesFor(String clientId) {
        return clientId == null ? DEFAULT_ROLES : roles.getOrDefault(key(clientId), DEFAULT_ROLES);
    }

    /** Registers a certificate credential for a client id (its client_assertion JWTs must be signed with the key). */
    public GraphSettings clientCertificate(String clientId, java.security.cert.X509Certificate certificate) {
        certificates.put(clientId, java.util.Objects.requireNonNull(certificate, "certificate"));
        return this;
    }

    /** The certificate credential registered for a client id. */
    public java.util.Optional<java.security.cert.X509Certificate> clientCertificate(String clientId) {
        return java.util.Optional.ofNullable(clientId == null ? null : certificates.get(clientId));
    }

    /**
     * Throttling limits per app and mailbox.
     *
     * @param maxConcurrent     requests in flight at once (Graph: 4)
     * @param requestsPerWindow requests per window (Graph: 10,000)
     * @param window            the window (Graph: 10 minutes)
     */
    public GraphSettings throttling(int maxConcurrent, int requestsPerWindow, Duration window) {
        if (maxConcurrent < 1 || requestsPerWindow < 1 || window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("Graph throttling needs maxConcurrent >= 1, requestsPerWindow >= 1 and a"
                    + " positive window; got " + maxConcurrent + ", " + requestsPerWindow + ", " + window);
        }
        this.maxConcurrent = maxConcurrent;
        this.requestsPerWindow = requestsPerWindow;
        this.window = window;
        return this;
    }

    /** The Retry-After of a concurrency 429 (default 1 s). */
    public GraphSettings concurrencyRetryAfter(Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("concurrencyRetryAfter must be positive, got " + d);
        }
        this.concurrencyRetryAfter = d;
        return this;
    }

    /** Whether Retry-After may carry a fraction of a second (e.g. {@code 0.25}); default whole seconds, rounded up. */
    public GraphSettings fractionalRetryAfter(boolean on) {
        this.fractionalRetryAfter = on;
        return this;
    }

    /** How long a delta token stays usable (default 7 days); older ones answer 410 Gone. */
    public GraphSettings deltaTokenLifetime(Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("deltaTokenLifetime must be positive, got " + d);
        }
        this.deltaTokenLifetime = d;
        return this;
    }

    public int maxConcurrent() {
        return maxConcurrent;
    }

    public int requestsPerWindow() {
        return requestsPerWindow;
    }

    public Duration window() {
        return window;
    }

    public Duration concurrencyRetryAfter() {
        return concurrencyRetryAfter;
    }

    public boolean fractionalRetryAfter() {
        return fractionalRetryAfter;
    }

    public Duration deltaTokenLifetime() {
        return deltaTokenLifetime;
    }

    /** Formats a Retry-After value as these settings say: whole seconds rounded up, or seconds with up to 3 decimals. */
    public String retryAfterHeader(Duration d) {
        long millis = Math.max(1, d.toMillis());
        if (fractionalRetryAfter) {
            return java.math.BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
        }
        return Long.toString(Math.max(1, (millis + 999) / 1000));
    }

    private static String key(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
