package io.roomrelease.bundle.checkin;

/**
 * A check-in message that can never be stored, whatever is retried: not JSON, no valid room, a bad or impossible
 * {@code at}. The ESB route sends it to the dead-letter endpoint with this message as the reason.
 */
public class MalformedCheckInException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MalformedCheckInException(String reason) {
        super(reason);
    }
}
