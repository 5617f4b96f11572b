package io.roomrelease.bundle.policy;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The settings of the abandoned-meeting policy (DESIGN §2). Addresses are compared case-insensitively.
 *
 * @param grace               no check-in by start + grace: abandoned (default 15 min)
 * @param checkInOpensBefore  a check-in counts from this long before the start (default 15 min)
 * @param checkInClosesAfter  a check-in counts until this long after the start (default 15 min)
 * @param lateBooking         meetings booked less than this before their start are never released
 * @param maxDuration         meetings this long or longer are never released (default 8 h)
 * @param exemptOrganizers    organizers whose meetings are never released
 * @param roomsWithoutDisplay rooms where nobody can check in, so nothing is released
 * @param zone                time zone used to word decisions
 */
public record PolicySettings(
        Duration grace,
        Duration checkInOpensBefore,
        Duration checkInClosesAfter,
        Duration lateBooking,
        Duration maxDuration,
        Set<String> exemptOrganizers,
        Set<String> roomsWithoutDisplay,
        ZoneId zone) {

    public PolicySettings {
        requireNotNegative(grace, "grace");
        requireNotNegative(checkInOpensBefore, "checkInOpensBefore");
        requireNotNegative(checkInClosesAfter, "checkInClosesAfter");
        requireNotNegative(lateBooking, "lateBooking");
        requireNotNegative(maxDuration, "maxDuration");
        exemptOrganizers = lower(exemptOrganizers);
        roomsWithoutDisplay = lower(roomsWithoutDisplay);
        zone = zone == null ? ZoneId.of("UTC") : zone;
    }

    /** The defaults of DESIGN §2 (15 min grace and window, 10 min late booking, 8 h), in UTC. */
    public static PolicySettings defaults() {
        return new PolicySettings(Duration.ofMinutes(15), Duration.ofMinutes(15), Duration.ofMinutes(15),
                Duration.ofMinutes(10), Duration.ofHours(8), Set.of(), Set.of(), ZoneId.of("UTC"));
    }

    /** Whether the organizer is exempt. */
    public boolean isExempt(String organizer) {
        return organizer != null && exemptOrganizers.contains(organizer.toLowerCase(Locale.ROOT));
    }

    /** Whether the room has no display. */
    public boolean hasNoDisplay(String room) {
        return room != null && roomsWithoutDisplay.contains(room.toLowerCase(Locale.ROOT));
    }

    private static Set<String> lower(Set<String> in) {
        return in == null ? Set.of() : in.stream().map(s -> s.trim().toLowerCase(Locale.ROOT))
                .filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    private static void requireNotNegative(Duration d, String name) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException("Policy setting " + name + " must be zero or more, was " + d);
        }
    }
}
