package io.roomrelease.bundle.policy;

/** Which policy applies to a room: defaults, overridden per room list, overridden per room. */
@FunctionalInterface
public interface PolicyResolver {

    /**
     * The policy of a room.
     *
     * @param room the room's SMTP address (any case)
     * @return the room's policy, never null
     */
    RoomPolicy forRoom(String room);

    /** The same global settings for every room. */
    static PolicyResolver uniform(PolicySettings defaults) {
        return room -> RoomPolicy.of(room, defaults);
    }
}
