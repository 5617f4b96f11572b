package io.roomrelease.bundle.security;

/** Too many failed authentications from this client: HTTP 429 with {@code Retry-After}. */
public class ApiRateLimitedException extends RuntimeException {

    private final long retryAfterSeconds;

    public ApiRateLimitedException(String message, long retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Seconds until the client may try again (the {@code Retry-After} header). */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
