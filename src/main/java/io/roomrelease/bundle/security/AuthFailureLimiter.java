package io.roomrelease.bundle.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts failed authentications per client (remote address) in a fixed window: after {@code maxFailures} failures
 * within {@code window} of the first one, the client is refused (429) until that window ends. Successful requests are
 * neither counted nor slowed down. At most {@code maxClients} clients are tracked (least recently failing dropped
 * first), so many addresses cannot grow memory without bound; the price is that an attacker rotating through more
 * than {@code maxClients} addresses may see an entry of his forgotten early.
 */
public final class AuthFailureLimiter {

    private static final class Window {
        Instant start;
        int failures;
    }

    private final int maxFailures;
    private final Duration window;
    private final int maxClients;
    private final Clock clock;
    private final LinkedHashMap<String, Window> clients;

    public AuthFailureLimiter(int maxFailures, Duration window, int maxClients, Clock clock) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.maxClients = maxClients;
        this.clock = clock;
        this.clients = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
                return size() > AuthFailureLimiter.this.maxClients;
            }
        };
    }

    /** Refuses a client that used up its failures in the current window. */
    public synchronized void check(String client) {
        Window w = clients.get(client);
        if (w == null) {
            return;
        }
        Instant now = clock.instant();
        Instant end = w.start.plus(window);
        if (!now.isBefore(end)) {
            clients.remove(client);
            return;
        }
        if (w.failures >= maxFailures) {
            long seconds = Math.max(1, (Duration.between(now, end).toMillis() + 999) / 1000);
            throw new ApiRateLimitedException("Too many failed authentications from this client; retry after "
                    + seconds + " s", seconds);
        }
    }

    /** Counts a failed authentication. */
    public synchronized void failed(String client) {
        Instant now = clock.instant();
        Window w = clients.get(client);
        if (w == null || !now.isBefore(w.start.plus(window))) {
            w = new Window();
            w.start = now;
            clients.put(client, w);
        }
        w.failures++;
    }

    /** Clients currently tracked. */
    public synchronized int trackedClients() {
        return clients.size();
    }
}
