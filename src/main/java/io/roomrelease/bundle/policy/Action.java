package io.roomrelease.bundle.policy;

/** What the sweep does with a meeting. */
public enum Action {
    /** Leave the meeting alone. */
    KEEP,
    /** The room declines the meeting on its own behalf (the room is an attendee). */
    DECLINE,
    /** The room cancels the meeting it organizes (booked on a display). */
    CANCEL;

    /** Whether the action frees the room. */
    public boolean releases() {
        return this != KEEP;
    }
}
