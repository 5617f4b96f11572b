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
 * a round. Tokens older than {@link GraphSettings#deltaTokenLifetime()}, unknown ones, and all of them after
 * {@link #expireAll()} answer 410 Gone ({@code SyncStateNotFound}). Thread-safe.
 */
final class DeltaTokens {
    /** What a finished round saw. */
    record Snapshot(String app, String mailbox, Instant start, Instant end, Map<String, String> changeKeys, Instant issued) {
    }

    /** The rest of a round: items still to send and the snapshot to hand out at its end. */
    record Round(String app, String mailbox, List<JsonNode> remaining, int pageSize, Snapshot next, Instant issued) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();
    private final Map<String, Round> rounds = new ConcurrentHashMap<>();
    private final GraphSettings settings;
    private final Clock clock;

    DeltaTokens(GraphSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    String saveSnapshot(Snapshot s) {
        purge();
        String token = newToken();
        snapshots.put(token, s);
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
