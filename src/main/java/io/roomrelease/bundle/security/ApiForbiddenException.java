package io.roomrelease.bundle.security;

/** The API key is valid but not for this room or operation: HTTP 403. */
public class ApiForbiddenException extends RuntimeException {

    public ApiForbiddenException(String message) {
        super(message);
    }
}
