package io.roomrelease.bundle.panel;

import java.time.Duration;

/**
 * The one question the room display asks of the release policy: how long after a meeting's start the room waits for a
 * check-in before it is released (the "about to be released" countdown). The bundle answers it from the per-room
 * policy ({@code RoomPolicies}: room over room list over the default).
 */
@FunctionalInterface
public interface RoomPolicyLookup {

    /** The grace period that applies to meetings in this room (SMTP address, any case). */
    Duration graceFor(String room);
}
