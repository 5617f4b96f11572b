package io.roomrelease.bundle.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Hashes API keys for the settings: {@code sha256:<salt>:<hash>} with a random 16-byte salt. Keys are long random
 * tokens, so a salted SHA-256 is enough (a slow password hash matters for guessable passwords, not for tokens) and
 * checking a key against every configured room stays cheap. Comparison is constant-time.
 */
public final class ApiKeyHasher {

    private static final String PREFIX = "sha256:";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeyHasher() {
    }

    /** Hashes a key with a fresh salt. */
    public static String hash(String key) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return PREFIX + b64(salt) + ":" + b64(digest(salt, key));
    }

    /** A new random key (32 bytes, URL-safe). */
    public static String newKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether the key matches the stored hash; malformed hashes never match. */
    public static boolean matches(String key, String storedHash) {
        if (key == null || storedHash == null || !storedHash.startsWith(PREFIX)) {
            return false;
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
        return storedHash != null && storedHash.matches("sha256:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+");
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
