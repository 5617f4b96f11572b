package io.roomrelease.bundle.display;

/** There is nothing to act on, for example no meeting in progress: HTTP 404. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}
