package io.roomrelease.bundle.roompolicy;

import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.apache.camel.Body;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.roomrelease.bundle.policy.PolicyResolver;
import io.roomrelease.bundle.policy.PolicySettings;
import io.roomrelease.bundle.policy.RoomPolicy;
import io.roomrelease.bundle.policy.RoomPolicy.Rule;
import io.roomrelease.camel.ews.model.RoomAddress;

/**
 * Which policy applies to a room (bean {@code roomPolicies}): the defaults of {@code config/application.properties},
 * overridden per room list, overridden per room, from the rooms file ({@link RoomsFile}). Room wins over list, list
 * over default, rule by rule. A room's room list is learned when the sweep reads the room lists
 * ({@link #learnRoomList}); a room in several configured lists takes the first of them in the rooms file. Until its
 * list is known, a room gets the defaults plus its own overrides.
 *
 * <p>For other parts of the bundle (display, reports): {@link #forRoom(String)} answers a {@link RoomPolicy} with
 * every number (grace, check-in window, late booking, max duration), the exemptions, "has a display", and where each
 * value came from; {@link #warnBefore()} is how long before the release the organizer is warned (zero: off).
 */
public final class RoomPolicies implements PolicyResolver {

    private static final Logger LOG = LoggerFactory.getLogger("roomrelease.policy");

    private final PolicySettings defaults;
    private final RoomsFile.Content file;
    private final Duration warnBefore;
    /** room -> the room lists (of the rooms file) it was last seen in. */
    private final Map<String, Set<String>> listsOfRoom = new ConcurrentHashMap<>();
    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    /** Resolved policies; replaced (not cleared) when a room list is read, so a resolution in flight cannot linger. */
    private volatile Map<String, RoomPolicy> resolved = new ConcurrentHashMap<>();

    /**
     * @param defaults   the global policy settings
     * @param file       the overrides read from the rooms file
     * @param warnBefore how long before the release the organizer is warned (zero: off)
     */
    public RoomPolicies(PolicySettings defaults, RoomsFile.Content file, Duration warnBefore) {
        this.defaults = defaults;
        this.file = file;
        this.warnBefore = warnBefore;
    }

    /** The policy of a room: defaults, overridden by its room list, overridden by the room itself. */
    @Override
    public RoomPolicy forRoom(String room) {
        return resolved.computeIfAbsent(room.toLowerCase(Locale.ROOT), this::resolve);
    }

    private RoomPolicy resolve(String key) {
        RoomPolicy base = RoomPolicy.of(key, defaults);
        Optional<RoomsFile.Override> list = roomListOf(key).map(l -> file.roomLists().get(l));
        RoomsFile.Override own = file.rooms().get(key);
        if (list.isEmpty() && own == null) {
            return base;
        }
        Map<Rule, Object> values = new EnumMap<>(Rule.class);
        Map<Rule, String> origins = new EnumMap<>(Rule.class);
        for (RoomsFile.Override o : Stream.concat(list.stream(), Stream.ofNullable(own)).toList()) {
            String from = (o == own ? "room " : "room list ") + o.address();
            o.values().forEach((rule, value) -> {
                values.put(rule, value);
                origins.put(rule, from);
            });
        }
        base.origins().forEach(origins::putIfAbsent);
        return new RoomPolicy(key,
                (Duration) values.getOrDefault(Rule.GRACE, base.grace()),
                (Duration) values.getOrDefault(Rule.CHECK_IN_OPENS, base.checkInOpensBefore()),
                (Duration) values.getOrDefault(Rule.CHECK_IN_CLOSES, base.checkInClosesAfter()),
                (Duration) values.getOrDefault(Rule.LATE_BOOKING, base.lateBooking()),
                (Duration) values.getOrDefault(Rule.MAX_DURATION, base.maxDuration()),
                castSet(values.getOrDefault(Rule.EXEMPT_ORGANIZERS, base.exemptOrganizers())),
                (Boolean) values.getOrDefault(Rule.HAS_DISPLAY, base.hasDisplay()),
                origins);
    }

    /** The room list (of the rooms file) whose overrides apply to the room, if any is known. */
    public Optional<String> roomListOf(String room) {
        Set<String> lists = listsOfRoom.get(room.toLowerCase(Locale.ROOT));
        if (lists == null) {
            return Optional.empty();
        }
        return file.roomLists().keySet().stream().filter(lists::contains).findFirst();
    }

    /** How long before the release the organizer is warned ({@code roomrelease.policy.warn-minutes}; zero: off). */
    public Duration warnBefore() {
        return warnBefore;
    }

    /**
     * When the organizer of a meeting in {@code room} starting at {@code start} is warned if nobody has checked in
     * (release time - {@code warn-minutes}); empty when warnings are off.
     */
    public Optional<java.time.Instant> warnAt(String room, java.time.Instant start) {
        return warnBefore.isZero() ? Optional.empty() : Optional.of(forRoom(room).releaseAt(start).minus(warnBefore));
    }

    /** The global settings. */
    public PolicySettings defaults() {
        return defaults;
    }

    /** The longest check-in opening before a start of any room (bounds the check-ins a sweep reads). */
    public Duration widestCheckInOpens() {
        return widest(Rule.CHECK_IN_OPENS, defaults.checkInOpensBefore());
    }

    /** The longest check-in closing after a start of any room. */
    public Duration widestCheckInCloses() {
        return widest(Rule.CHECK_IN_CLOSES, defaults.checkInClosesAfter());
    }

    /** The longest grace of any room. */
    public Duration longestGrace() {
        return widest(Rule.GRACE, defaults.grace());
    }

    /** The longest max duration of any room. */
    public Duration longestMaxDuration() {
        return widest(Rule.MAX_DURATION, defaults.maxDuration());
    }

    private Duration widest(Rule rule, Duration dflt) {
        return Stream.concat(file.roomLists().values().stream(), file.rooms().values().stream())
                .map(o -> (Duration) o.values().get(rule)).filter(java.util.Objects::nonNull)
                .reduce(dflt, (a, b) -> a.compareTo(b) >= 0 ? a : b);
    }

    /**
     * Learns the rooms of a room list from a {@code listRooms} answer (the route calls it after each GetRooms);
     * returns the answer unchanged.
     */
    public Object learnRoomList(@Header("CamelEwsRoomList") String roomList, @Body Object rooms) {
        if (roomList == null || !file.roomLists().containsKey(roomList.trim().toLowerCase(Locale.ROOT))) {
            return rooms;
        }
        String list = roomList.trim().toLowerCase(Locale.ROOT);
        Set<String> members = new java.util.HashSet<>();
        if (rooms instanceof Collection<?> c) {
            for (Object o : c) {
                String email = o instanceof RoomAddress r ? r.getEmail() : o == null ? null : o.toString();
                if (email != null) {
                    members.add(email.toLowerCase(Locale.ROOT));
                }
            }
        }
        // add before removing, so that a room staying in the list never appears without it
        members.forEach(room -> listsOfRoom.computeIfAbsent(room, k -> ConcurrentHashMap.newKeySet()).add(list));
        listsOfRoom.forEach((room, lists) -> {
            if (!members.contains(room)) {
                lists.remove(list);
            }
        });
        resolved = new ConcurrentHashMap<>();
        return rooms;
    }

    /**
     * Checks, once the room lists were read, that every room of the rooms file is swept; logs each one that is not
     * (file and line; once per room). Returns the rooms unchanged.
     */
    public List<?> checkSwept(@Body List<?> rooms) {
        Set<String> swept = new java.util.HashSet<>();
        if (rooms != null) {
            rooms.forEach(r -> swept.add(String.valueOf(r).toLowerCase(Locale.ROOT)));
        }
        for (RoomsFile.Override o : file.rooms().values()) {
            if (!swept.contains(o.address()) && reported.add(o.address())) {
                LOG.error("{}: room {} is in no swept room list and not in roomrelease.rooms: its overrides are "
                        + "never used. Fix the address, or add the room to roomrelease.rooms", o.where(), o.address());
            }
        }
        return rooms;
    }

    @SuppressWarnings("unchecked")
    private static Set<String> castSet(Object o) {
        return (Set<String>) o;
    }

    @Override
    public String toString() {
        return "RoomPolicies[" + file.file() + ": " + file.roomLists().size() + " room list(s), " + file.rooms().size()
                + " room(s), warn " + warnBefore.toMinutes() + " min before release]";
    }
}
