package io.roomrelease.bundle.sweep;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.apache.camel.Body;

import io.roomrelease.bundle.settings.RoomReleaseSettings;
import io.roomrelease.camel.ews.model.RoomAddress;

/**
 * The rooms to work on: the configured rooms plus the rooms of the configured room lists. Room lists change rarely,
 * so their expansion (one GetRooms call per list) is reused for {@code roomrelease.room-lists.refresh-minutes}.
 */
public final class RoomDirectory {

    private final RoomReleaseSettings settings;
    private final Clock clock;
    private volatile Expansion last;

    private record Expansion(List<String> rooms, Instant readAt) {
    }

    public RoomDirectory(RoomReleaseSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * The rooms of the last expansion while it is younger than the refresh period, else null (read the lists again).
     * Without room lists there is nothing to read: the configured rooms are returned.
     */
    public List<String> reusable() {
        if (settings.roomLists().isEmpty()) {
            return merge(List.of());
        }
        Expansion e = last;
        if (e == null || settings.roomListRefresh().isZero()
                || !clock.instant().isBefore(e.readAt().plus(settings.roomListRefresh()))) {
            return null;
        }
        return e.rooms();
    }

    /** The room lists to expand ({@code roomrelease.room-lists}). */
    public List<String> configuredRoomLists() {
        return List.copyOf(settings.roomLists());
    }

    /**
     * The configured rooms plus the rooms found in the room lists, each once (case-insensitive), in a stable order.
     *
     * @param roomsOfLists the answers of {@code listRooms}, one list of {@link RoomAddress} per room list
     */
    public List<String> merge(@Body Collection<?> roomsOfLists) {
        Set<String> all = new LinkedHashSet<>();
        settings.rooms().forEach(r -> all.add(r.toLowerCase(Locale.ROOT)));
        if (roomsOfLists != null) {
            for (Object o : roomsOfLists) {
                all.addAll(emails(o));
            }
        }
        List<String> rooms = List.copyOf(all);
        if (!settings.roomLists().isEmpty()) {
            last = new Expansion(rooms, clock.instant());
        }
        return new ArrayList<>(rooms);
    }

    /** The SMTP addresses of a {@code listRooms} answer, lower case. */
    public List<String> emails(@Body Object rooms) {
        List<String> out = new ArrayList<>();
        if (rooms instanceof Collection<?> c) {
            for (Object o : c) {
                if (o instanceof RoomAddress r) {
                    out.add(r.getEmail().toLowerCase(Locale.ROOT));
                } else if (o instanceof String s) {
                    out.add(s.toLowerCase(Locale.ROOT));
                }
            }
        }
        return out;
    }
}
