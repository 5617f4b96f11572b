package io.roomrelease.bundle.sweep;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.roomrelease.bundle.policy.CheckIn;
import io.roomrelease.bundle.policy.CheckInMatcher;
import io.roomrelease.bundle.policy.Meeting;
import io.roomrelease.bundle.store.CheckInStore;

/**
 * The check-ins a sweep judges by: read with one query the first time a room needs them, then shared by the sweep's
 * threads. Thousands of rooms cost one query instead of one each. Check-ins are stored as received; the snapshot
 * matches them to the meetings of their room that the sweep read ({@link CheckInMatcher}), and remembers those
 * meetings so that the re-check right before a release matches a newer check-in the same way. A check-in recorded
 * after the snapshot was taken is still honoured: the sweep checks again, room by room, right before it releases.
 */
public final class CheckInSnapshot {

    private final CheckInStore store;
    private final CheckInMatcher matcher;
    private final Instant from;
    private final Instant to;
    private final Duration opensBefore;
    private final Duration closesAfter;
    private final Map<String, List<Meeting>> meetingsByRoom = new ConcurrentHashMap<>();
    private volatile Map<String, List<CheckIn>> byRoom;

    /**
     * @param store       the check-in store
     * @param matcher     matches received check-ins to meetings
     * @param from        earliest occurrence start that can still matter
     * @param to          latest occurrence start (exclusive)
     * @param opensBefore how long before a start a check-in counts
     * @param closesAfter how long after a start a check-in counts
     */
    public CheckInSnapshot(CheckInStore store, CheckInMatcher matcher, Instant from, Instant to, Duration opensBefore,
                           Duration closesAfter) {
        this.store = store;
        this.matcher = matcher;
        this.from = from;
        this.to = to;
        this.opensBefore = opensBefore;
        this.closesAfter = closesAfter;
    }

    /**
     * The room's check-ins, each matched to the meeting of {@code roomMeetings} it counts for; the meetings are
     * remembered for {@link #meetingsOf(String)}.
     */
    public List<CheckIn> forRoom(String room, List<Meeting> roomMeetings) {
        remember(room, roomMeetings);
        return matcher.match(roomMeetings, stored(room));
    }

    /** Remembers the meetings the sweep read for a room. */
    public void remember(String room, List<Meeting> roomMeetings) {
        meetingsByRoom.put(room.toLowerCase(Locale.ROOT), List.copyOf(roomMeetings));
    }

    /** The meetings the sweep read for the room, if it assessed the room. */
    public Optional<List<Meeting>> meetingsOf(String room) {
        return Optional.ofNullable(meetingsByRoom.get(room.toLowerCase(Locale.ROOT)));
    }

    /** The room's stored check-ins that may count for an occurrence in the snapshot's range, not matched. */
    List<CheckIn> stored(String room) {
        Map<String, List<CheckIn>> m = byRoom;
        if (m == null) {
            m = load();
        }
        return m.getOrDefault(room.toLowerCase(Locale.ROOT), List.of());
    }

    private synchronized Map<String, List<CheckIn>> load() {
        if (byRoom == null) {
            byRoom = store.mayCountFor(from, to, opensBefore, closesAfter).stream()
                    .collect(Collectors.groupingBy(c -> c.room().toLowerCase(Locale.ROOT)));
        }
        return byRoom;
    }
}
