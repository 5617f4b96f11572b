package io.roomrelease.bundle.panel;

import java.time.Duration;
import java.util.Objects;

/** {@link RoomPolicyLookup} over the global settings: every room has {@code roomrelease.policy.grace-minutes}. */
public final class GlobalRoomPolicy implements RoomPolicyLookup {

    private final Duration grace;

    public GlobalRoomPolicy(Duration grace) {
        this.grace = Objects.requireNonNull(grace, "grace");
    }

    @Override
    public Duration graceFor(String room) {
        return grace;
    }
}
