package io.roomrelease.bundle.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Hashes API keys for the settings: {@code sha256:<hex>}, the plain SHA-256 of the key in lower-case hex. Keys are
 * 256-bit random tokens, so neither a salt nor a slow hash adds anything (they matter for guessable passwords), and an
 * unsalted digest lets the authenticator find a presented key with ONE hash and a table look-up, however many rooms
 * there are.
 *
 * <p>The earlier salted format {@code sha256:<base64 salt>:<base64 hash>} is still accepted (deprecated): it needs one
 * hash per configured entry, so the authenticator warns about it at start-up.
 */
public final class ApiKeyHasher {

    private static final String PREFIX = "sha256:";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeyHasher() {
    }

    /** Hashes a key for the settings: {@code sha256:<hex>}. */
    public static String hash(String key) {
        return PREFIX + sha256Hex(key);
    }

    /** The deprecated salted format {@code sha256:<salt>:<hash>} (kept for tests of old settings). */
    public static String legacySaltedHash(String key) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return PREFIX + b64(salt) + ":" + b64(digest(salt, key));
    }

    /** The lower-case hex SHA-256 of the key: the one hash an authentication costs. */
    public static String sha256Hex(String key) {
        return java.util.HexFormat.of().formatHex(digest(new byte[0], key));
    }

    /** Whether the stored hash is the current unsalted format. */
    public static boolean isUnsalted(String storedHash) {
        return storedHash != null && storedHash.matches("sha256:[0-9a-fA-F]{64}");
    }

    /** Whether the stored hash is the deprecated salted format. */
    public static boolean isLegacySalted(String storedHash) {
        return storedHash != null && storedHash.matches("sha256:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+");
    }

    /** A new random key (32 bytes, URL-safe). */
    public static String newKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether the key matches the stored hash (either format); malformed hashes never match. */
    public static boolean matches(String key, String storedHash) {
        if (key == null || storedHash == null || !storedHash.startsWith(PREFIX)) {
            return false;
        }
        if (isUnsalted(storedHash)) {
            return MessageDigest.isEqual(sha256Hex(key).getBytes(StandardCharsets.US_ASCII),
                    storedHash.substring(PREFIX.length()).toLowerCase(java.util.Locale.ROOT)
                            .getBytes(StandardCharsets.US_ASCII));
        }
        String[] parts = storedHash.substring(PREFIX.length()).split(":");
        if (parts.length != 2) {
            return false;
        }
        try {
            byte[] salt = Base64.getDecoder().decode(parts[0]);
            byte[] expected = Base64.getDecoder().decode(parts[1]);
            return MessageDigest.isEqual(expected, digest(salt, key));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether the text has the shape of a hash this class makes. */
    public static boolean isWellFormed(String storedHash) {
        return isUnsalted(storedHash) || isLegacySalted(storedHash);
    }

    private static byte[] digest(byte[] salt, String key) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(salt);
            return md.digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
