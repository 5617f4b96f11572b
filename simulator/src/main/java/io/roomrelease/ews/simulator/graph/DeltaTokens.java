package io.roomrelease.ews.simulator.graph;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Server-side state behind calendarView/delta's opaque tokens. A {@code $deltatoken} names the snapshot a round ended
 * with (item id to change key, for one app, mailbox and window); a {@code $skiptoken} names the pages still to send in
 * a round. Tokens older than {@link GraphSettings#deltaTokenLifetime()}, unknown ones, those evicted because an app
 * and mailbox has {@value #TOKENS_PER_MAILBOX} newer ones, and all of them after {@link #expireAll()} answer 410 Gone
 * ({@code SyncStateNotFound}). Thread-safe.
 */
final class DeltaTokens {
    /** What a finished round saw. */
    record Snapshot(String app, String mailbox, Instant start, Instant end, Map<String, String> changeKeys, Instant issued) {
    }

    /** The rest of a round: items still to send and the snapshot to hand out at its end. */
    record Round(String app, String mailbox, List<JsonNode> remaining, int pageSize, Snapshot next, Instant issued) {
    }

    /** Delta tokens kept per app and mailbox; older ones are evicted, as Outlook's bounded delta-token cache does. */
    static final int TOKENS_PER_MAILBOX = 4;
    private static final int PURGE_EVERY = 10_000;

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();
    private final Map<String, java.util.Deque<String>> perMailbox = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong saves = new java.util.concurrent.atomic.AtomicLong();
    private final Map<String, Round> rounds = new ConcurrentHashMap<>();
    private final GraphSettings settings;
    private final Clock clock;

    DeltaTokens(GraphSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    String saveSnapshot(Snapshot s) {
        if (saves.incrementAndGet() % PURGE_EVERY == 0) {
            purge();
        }
        String token = newToken();
        snapshots.put(token, s);
        java.util.Deque<String> recent = perMailbox.computeIfAbsent(s.app().toLowerCase(java.util.Locale.ROOT) + "|"
                + s.mailbox().toLowerCase(java.util.Locale.ROOT), k -> new java.util.ArrayDeque<>());
        synchronized (recent) {
            recent.addLast(token);
            while (recent.size() > TOKENS_PER_MAILBOX) {
                snapshots.remove(recent.removeFirst());
            }
        }
        return token;
    }

    String saveRound(Round r) {
        String token = newToken();
        rounds.put(token, r);
        return token;
    }

    Snapshot snapshot(String token) {
        Snapshot s = token == null ? null : snapshots.get(token);
        if (s == null || expired(s.issued())) {
            throw gone();
        }
        return s;
    }

    Round round(String token) {
        Round r = token == null ? null : rounds.remove(token);
        if (r == null || expired(r.issued())) {
            throw gone();
        }
        return r;
    }

    /** Expires every token handed out so far (a test hook: the next use of any of them answers 410). */
    void expireAll() {
        snapshots.clear();
        rounds.clear();
        perMailbox.clear();
    }

    private boolean expired(Instant issued) {
        return !clock.instant().isBefore(issued.plus(settings.deltaTokenLifetime()));
    }

    private void purge() {
        snapshots.values().removeIf(s -> expired(s.issued()));
        rounds.values().removeIf(r -> expired(r.issued()));
    }

    private static GraphError gone() {
        return new GraphError(410, "SyncStateNotFound",
                "The sync state generation is not found. The delta token is expired and data must be synchronized again.");
    }

    private String newToken() {
        byte[] b = new byte[24];
        random.nextBytes(b);
        return GraphJson.base64Url(b);
    }
}
