package io.roomrelease.bundle.panel;

import java.time.Duration;

/**
 * The one question the room display asks of the release policy: how long after a meeting's start the room waits for a
 * check-in before it is released (the "about to be released" countdown). Today's implementation
 * ({@link GlobalRoomPolicy}) answers with the global {@code roomrelease.policy.grace-minutes}; a per-room policy
 * replaces it by binding its own implementation under the registry name {@code roomPolicyLookup}.
 */
@FunctionalInterface
public interface RoomPolicyLookup {

    /** The grace period that applies to meetings in this room (SMTP address, any case). */
    Duration graceFor(String room);
}
