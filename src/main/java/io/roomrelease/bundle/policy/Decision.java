package io.roomrelease.bundle.policy;

import java.util.Objects;

/**
 * The outcome of the abandoned-meeting policy for one meeting.
 *
 * @param meeting the meeting decided on
 * @param action  keep, decline or cancel
 * @param reason  the rule that decided
 * @param text    the decision in words a facilities administrator understands
 */
public record Decision(Meeting meeting, Action action, Reason reason, String text) {

    public Decision {
        Objects.requireNonNull(meeting, "meeting");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(text, "text");
    }

    /** Whether the meeting is to be released (declined or cancelled). */
    public boolean releases() {
        return action.releases();
    }
}
