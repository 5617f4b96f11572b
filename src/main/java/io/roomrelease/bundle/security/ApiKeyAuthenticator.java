package io.roomrelease.bundle.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.apache.camel.Header;

import io.roomrelease.bundle.settings.InvalidSettingsException;

/**
 * Checks the {@code X-Api-Key} of display API calls. Each display key is bound to one room
 * ({@code roomrelease.display.api-keys=room@corp.example=sha256:...,...}); admin keys
 * ({@code roomrelease.display.admin-keys=sha256:...}) read the audit. Only hashes are configured; keys never appear
 * in logs or messages.
 */
public final class ApiKeyAuthenticator {

    /** The header a display sends its key in. */
    public static final String HEADER = "X-Api-Key";

    private record Binding(String room, String hash) {
    }

    private final List<Binding> displayKeys;
    private final List<String> adminHashes;

    /**
     * @param displayEntries {@code room=hash} entries
     * @param adminHashes    hashes of admin keys
     * @throws InvalidSettingsException naming each malformed entry (by position, never by content)
     */
    public ApiKeyAuthenticator(Collection<String> displayEntries, Collection<String> adminHashes) {
        List<String> problems = new ArrayList<>();
        List<Binding> bindings = new ArrayList<>();
        int i = 0;
        for (String entry : displayEntries) {
            i++;
            int eq = entry.indexOf('=');
            String room = eq > 0 ? entry.substring(0, eq).trim().toLowerCase(Locale.ROOT) : "";
            String hash = eq > 0 ? entry.substring(eq + 1).trim() : "";
            if (room.isEmpty() || !ApiKeyHasher.isWellFormed(hash)) {
                problems.add("roomrelease.display.api-keys entry " + i + " must look like room@domain=sha256:<salt>:<hash>"
                        + " (make one with: java -jar room-release.jar --hash-key <key>)");
            } else {
                bindings.add(new Binding(room, hash));
            }
        }
        int j = 0;
        for (String hash : adminHashes) {
            j++;
            if (!ApiKeyHasher.isWellFormed(hash)) {
                problems.add("roomrelease.display.admin-keys entry " + j + " must look like sha256:<salt>:<hash>");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException("The display API keys are malformed", problems);
        }
        this.displayKeys = List.copyOf(bindings);
        this.adminHashes = List.copyOf(adminHashes);
    }

    /**
     * Allows a display call on a room: 401 without a key or with an unknown key, 403 with another room's key.
     *
     * @return the room, lower case
     */
    public String requireRoom(@Header(HEADER) String key, @Header("room") String room) {
        requirePresent(key);
        String wanted = room == null ? "" : room.trim().toLowerCase(Locale.ROOT);
        Optional<Binding> match = displayKeys.stream().filter(b -> ApiKeyHasher.matches(key, b.hash())).findFirst();
        if (match.isEmpty()) {
            if (isAdmin(key)) {
                throw new ApiForbiddenException("The admin key reads the audit only; use the room's display key");
            }
            throw new ApiAuthenticationException("Unknown API key: send the room display's key in the "
                    + HEADER + " header");
        }
        if (!match.get().room().equals(wanted)) {
            throw new ApiForbiddenException("This API key belongs to another room and cannot act on " + wanted);
        }
        return wanted;
    }

    /** Allows a call any valid display or admin key may make (availability search). */
    public void requireAnyKey(@Header(HEADER) String key) {
        requirePresent(key);
        boolean known = isAdmin(key) || displayKeys.stream().anyMatch(b -> ApiKeyHasher.matches(key, b.hash()));
        if (!known) {
            throw new ApiAuthenticationException("Unknown API key: send a display or admin key in the " + HEADER
                    + " header");
        }
    }

    /** Allows an admin call (audit): 401 without a key or with an unknown key, 403 with a display key. */
    public void requireAdmin(@Header(HEADER) String key) {
        requirePresent(key);
        if (isAdmin(key)) {
            return;
        }
        if (displayKeys.stream().anyMatch(b -> ApiKeyHasher.matches(key, b.hash()))) {
            throw new ApiForbiddenException("A display key cannot read the audit; use an admin key");
        }
        throw new ApiAuthenticationException("Unknown API key: send an admin key in the " + HEADER + " header");
    }

    private boolean isAdmin(String key) {
        return adminHashes.stream().anyMatch(h -> ApiKeyHasher.matches(key, h));
    }

    private static void requirePresent(String key) {
        if (key == null || key.isBlank()) {
            throw new ApiAuthenticationException("Missing API key: send it in the " + HEADER + " header");
        }
    }
}
