package io.roomrelease.bundle.sweep;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import io.roomrelease.bundle.policy.CheckIn;
import io.roomrelease.bundle.store.CheckInStore;

/**
 * The check-ins a sweep judges by: read with one query the first time a room needs them, then shared by the sweep's
 * threads. Thousands of rooms cost one query instead of one each. A check-in recorded after the snapshot was taken is
 * still honoured: the sweep checks again, room by room, right before it releases anything.
 */
public final class CheckInSnapshot {

    private final CheckInStore store;
    private final Instant from;
    private final Instant to;
    private volatile Map<String, List<CheckIn>> byRoom;

    /**
     * @param store the check-in store
     * @param from  earliest occurrence start that can still matter
     * @param to    latest occurrence start (exclusive)
     */
    public CheckInSnapshot(CheckInStore store, Instant from, Instant to) {
        this.store = store;
        this.from = from;
        this.to = to;
    }

    /** The room's check-ins for occurrences starting in the snapshot's range. */
    public List<CheckIn> forRoom(String room) {
        Map<String, List<CheckIn>> m = byRoom;
        if (m == null) {
            m = load();
        }
        return m.getOrDefault(room.toLowerCase(Locale.ROOT), List.of());
    }

    private synchronized Map<String, List<CheckIn>> load() {
        if (byRoom == null) {
            byRoom = store.between(from, to).stream()
                    .collect(Collectors.groupingBy(c -> c.room().toLowerCase(Locale.ROOT)));
        }
        return byRoom;
    }
}
