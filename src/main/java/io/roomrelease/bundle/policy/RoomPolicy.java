package io.roomrelease.bundle.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The abandoned-meeting policy that applies to one room (DESIGN §2, "Per-room policy"): the defaults of
 * {@code config/application.properties}, overridden per room list, overridden per room. Each rule remembers where
 * its value came from, so that a decision can name it ("grace 5 min from room list floor2@corp.example").
 *
 * @param room               the room's SMTP address (lower case)
 * @param grace              no check-in by start + grace: abandoned
 * @param checkInOpensBefore a check-in counts from this long before the start
 * @param checkInClosesAfter a check-in counts until this long after the start
 * @param lateBooking        meetings booked less than this before their start are never released
 * @param maxDuration        meetings this long or longer are never released
 * @param exemptOrganizers   organizers whose meetings are never released (lower case)
 * @param hasDisplay         whether the room has a display (without one nothing is released)
 * @param origins            where each rule's value came from: {@code default}, {@code room list <address>} or
 *                           {@code room <address>}
 */
public record RoomPolicy(String room, Duration grace, Duration checkInOpensBefore, Duration checkInClosesAfter,
                         Duration lateBooking, Duration maxDuration, Set<String> exemptOrganizers, boolean hasDisplay,
                         Map<Rule, String> origins) {

    /** The rules that can be set per room list and per room; the names are the keys of {@code rooms.yaml}. */
    public enum Rule {
        GRACE("grace-minutes"),
        CHECK_IN_OPENS("checkin-opens-minutes"),
        CHECK_IN_CLOSES("checkin-closes-minutes"),
        LATE_BOOKING("late-booking-minutes"),
        MAX_DURATION("max-duration-hours"),
        EXEMPT_ORGANIZERS("exempt-organizers"),
        HAS_DISPLAY("has-display");

        private final String key;

        Rule(String key) {
            this.key = key;
        }

        /** The rule's key in {@code rooms.yaml} (and, after {@code roomrelease.policy.}, in the properties). */
        public String key() {
            return key;
        }
    }

    /** The origin of a value taken from the global settings. */
    public static final String DEFAULT = "default";

    public RoomPolicy {
        Objects.requireNonNull(room, "room");
        room = room.toLowerCase(Locale.ROOT);
        exemptOrganizers = exemptOrganizers == null ? Set.of() : Set.copyOf(exemptOrganizers);
        EnumMap<Rule, String> o = new EnumMap<>(Rule.class);
        for (Rule r : Rule.values()) {
            o.put(r, origins == null ? DEFAULT : origins.getOrDefault(r, DEFAULT));
        }
        origins = Map.copyOf(o);
    }

    /** The global settings applied to one room (no overrides). */
    public static RoomPolicy of(String room, PolicySettings defaults) {
        return new RoomPolicy(room, defaults.grace(), defaults.checkInOpensBefore(), defaults.checkInClosesAfter(),
                defaults.lateBooking(), defaults.maxDuration(), defaults.exemptOrganizers(),
                !defaults.hasNoDisplay(room), defaults.hasNoDisplay(room)
                        ? Map.of(Rule.HAS_DISPLAY, "roomrelease.rooms-without-display") : Map.of());
    }

    /** Where the rule's value came from: {@code default}, {@code room list <address>} or {@code room <address>}. */
    public String origin(Rule rule) {
        return origins.get(rule);
    }

    /** The rule with its value and origin in words, e.g. {@code grace 5 min from room list floor2@corp.example}. */
    public String describe(Rule rule) {
        String value = switch (rule) {
            case GRACE -> "grace " + grace.toMinutes() + " min";
            case CHECK_IN_OPENS -> "check-in opens " + checkInOpensBefore.toMinutes() + " min before the start";
            case CHECK_IN_CLOSES -> "check-in closes " + checkInClosesAfter.toMinutes() + " min after the start";
            case LATE_BOOKING -> "late booking " + lateBooking.toMinutes() + " min";
            case MAX_DURATION -> "max duration " + maxDuration.toHours() + " h";
            case EXEMPT_ORGANIZERS -> "exempt organizers";
            case HAS_DISPLAY -> hasDisplay ? "has a display" : "no display";
        };
        String from = origin(rule);
        return value + (DEFAULT.equals(from) ? " by default" : " from " + from);
    }

    /** Whether the organizer is exempt in this room. */
    public boolean isExempt(String organizer) {
        return organizer != null && exemptOrganizers.contains(organizer.toLowerCase(Locale.ROOT));
    }

    /** When a meeting starting at {@code start} is released without a check-in: start + grace. */
    public Instant releaseAt(Instant start) {
        return start.plus(grace);
    }

    /** When the check-in window of a meeting starting at {@code start} opens. */
    public Instant checkInOpensAt(Instant start) {
        return start.minus(checkInOpensBefore);
    }

    /** When the check-in window of a meeting starting at {@code start} closes. */
    public Instant checkInClosesAt(Instant start) {
        return start.plus(checkInClosesAfter);
    }
}
