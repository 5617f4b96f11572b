package io.roomrelease.bundle.security;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.roomrelease.bundle.settings.InvalidSettingsException;

/**
 * Checks the {@code X-Api-Key} of display API calls. Each display key is bound to one room
 * ({@code roomrelease.display.api-keys=room@corp.example=sha256:<hex>,...}); admin keys
 * ({@code roomrelease.display.admin-keys=sha256:<hex>}) read the audit. Only hashes are configured; keys never appear
 * in logs or messages.
 *
 * <p><b>One hash per request.</b> The presented key is hashed once (SHA-256) and looked up in a table of the
 * configured hashes. Entries in the deprecated salted format ({@code sha256:<salt>:<hash>}) still work but cost one
 * hash each for a key the table does not know; start-up warns about them, and an entry that matched once is moved into
 * the table (in memory), so its display pays one hash from then on.
 *
 * <p><b>Failed authentications are rate-limited per client</b> (remote address, see {@link AuthFailureLimiter}): a
 * client over its limit gets 429 with {@code Retry-After} before its key is even looked at.
 */
public final class ApiKeyAuthenticator {

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyAuthenticator.class);

    /** The header a display sends its key in. */
    public static final String HEADER = "X-Api-Key";
    /** The header camel-platform-http (Vert.x) puts the caller's socket address in. */
    public static final String REMOTE_ADDRESS = "CamelVertxPlatformHttpRemoteAddress";

    /** Who a key is: a room (display key) or the admin. */
    private record Identity(String room) {
        boolean isAdmin() {
            return room == null;
        }
    }

    private static final Identity ADMIN = new Identity(null);

    private record Legacy(Identity identity, String hash) {
    }

    private final Map<String, Identity> byHash = new ConcurrentHashMap<>();
    private final List<Legacy> legacy = new CopyOnWriteArrayList<>();
    private final UnaryOperator<String> hasher;
    private final AuthFailureLimiter limiter;

    /** With the default rate limit (10 failures per minute per client, 10,000 clients tracked). */
    public ApiKeyAuthenticator(Collection<String> displayEntries, Collection<String> adminHashes) {
        this(displayEntries, adminHashes, new AuthFailureLimiter(10, Duration.ofMinutes(1), 10_000,
                Clock.systemUTC()), ApiKeyHasher::sha256Hex);
    }

    public ApiKeyAuthenticator(Collection<String> displayEntries, Collection<String> adminHashes,
                               AuthFailureLimiter limiter) {
        this(displayEntries, adminHashes, limiter, ApiKeyHasher::sha256Hex);
    }

    /**
     * @param displayEntries {@code room=hash} entries
     * @param adminHashes    hashes of admin keys
     * @param limiter        the per-client limit of failed authentications
     * @param hasher         the one hash a request costs (hex SHA-256; a parameter so tests can count calls)
     * @throws InvalidSettingsException naming each malformed entry (by position, never by content)
     */
    ApiKeyAuthenticator(Collection<String> displayEntries, Collection<String> adminHashes,
                        AuthFailureLimiter limiter, UnaryOperator<String> hasher) {
        this.limiter = limiter;
        this.hasher = hasher;
        List<String> problems = new ArrayList<>();
        Map<String, Identity> table = new HashMap<>();
        int i = 0;
        for (String entry : displayEntries) {
            i++;
            int eq = entry.indexOf('=');
            String room = eq > 0 ? entry.substring(0, eq).trim().toLowerCase(Locale.ROOT) : "";
            String hash = eq > 0 ? entry.substring(eq + 1).trim() : "";
            if (room.isEmpty() || !ApiKeyHasher.isWellFormed(hash)) {
                problems.add("roomrelease.display.api-keys entry " + i + " must look like room@domain=sha256:<hex>"
                        + " (make one with: java -jar room-release.jar --hash-key <key>)");
            } else {
                add(table, new Identity(room), hash, "roomrelease.display.api-keys entry " + i, problems);
            }
        }
        int j = 0;
        for (String hash : adminHashes) {
            j++;
            String h = hash.trim();
            if (!ApiKeyHasher.isWellFormed(h)) {
                problems.add("roomrelease.display.admin-keys entry " + j + " must look like sha256:<hex>"
                        + " (make one with: java -jar room-release.jar --hash-key <key>)");
            } else {
                add(table, ADMIN, h, "roomrelease.display.admin-keys entry " + j, problems);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException("The display API keys are malformed", problems);
        }
        byHash.putAll(table);
        if (!legacy.isEmpty()) {
            LOG.warn("{} display/admin API key hash(es) use the deprecated salted format sha256:<salt>:<hash>: each"
                    + " costs one extra SHA-256 for every unknown key presented. Re-hash those keys with"
                    + " `java -jar room-release.jar --hash-key <key>` (format sha256:<hex>); the salted format will be"
                    + " removed in a later release.", legacy.size());
        }
    }

    private void add(Map<String, Identity> table, Identity who, String hash, String where, List<String> problems) {
        if (ApiKeyHasher.isUnsalted(hash)) {
            Identity before = table.putIfAbsent(hash.substring("sha256:".length()).toLowerCase(Locale.ROOT), who);
            if (before != null && !before.equals(who)) {
                problems.add(where + " has the same key as another entry: give every display its own key");
            }
        } else {
            legacy.add(new Legacy(who, hash));
        }
    }

    /**
     * Allows a display call on a room: 401 without a key or with an unknown key, 403 with another room's key, 429
     * when the client failed too often.
     *
     * @return the room, lower case
     */
    public String requireRoom(@Header(HEADER) String key, @Header("room") String room,
                              @Header(REMOTE_ADDRESS) Object remote) {
        String wanted = room == null ? "" : room.trim().toLowerCase(Locale.ROOT);
        Identity who = identify(key, remote, "the room display's key");
        if (who.isAdmin()) {
            throw new ApiForbiddenException("The admin key reads the audit only; use the room's display key");
        }
        if (!who.room().equals(wanted)) {
            throw new ApiForbiddenException("This API key belongs to another room and cannot act on " + wanted);
        }
        return wanted;
    }

    /** Allows a call any valid display or admin key may make (availability search). */
    public void requireAnyKey(@Header(HEADER) String key, @Header(REMOTE_ADDRESS) Object remote) {
        identify(key, remote, "a display or admin key");
    }

    /** Allows an admin call (audit): 401 without a key or with an unknown key, 403 with a display key. */
    public void requireAdmin(@Header(HEADER) String key, @Header(REMOTE_ADDRESS) Object remote) {
        if (!identify(key, remote, "an admin key").isAdmin()) {
            throw new ApiForbiddenException("A display key cannot read the audit; use an admin key");
        }
    }

    /** The identity of a key: one hash, one look-up (plus the deprecated salted entries, if any). */
    private Identity identify(String key, Object remote, String what) {
        String client = client(remote);
        limiter.check(client);
        if (key == null || key.isBlank()) {
            limiter.failed(client);
            throw new ApiAuthenticationException("Missing API key: send it in the " + HEADER + " header");
        }
        String hex = hasher.apply(key);
        Identity who = byHash.get(hex);
        if (who == null && !legacy.isEmpty()) {
            for (Legacy l : legacy) {
                if (ApiKeyHasher.matches(key, l.hash())) {
                    who = l.identity();
                    byHash.put(hex, who);
                    legacy.remove(l);
                    break;
                }
            }
        }
        if (who == null) {
            limiter.failed(client);
            throw new ApiAuthenticationException("Unknown API key: send " + what + " in the " + HEADER + " header");
        }
        return who;
    }

    /** The client a request comes from: the host part of the remote socket address. */
    static String client(Object remote) {
        if (remote == null) {
            return "unknown";
        }
        if (remote instanceof io.vertx.core.net.SocketAddress sa) {
            return sa.hostAddress() != null ? sa.hostAddress() : String.valueOf(sa.host());
        }
        String s = remote.toString();
        int colon = s.lastIndexOf(':');
        return colon > 0 && s.indexOf(':') == colon ? s.substring(0, colon) : s;
    }
}
