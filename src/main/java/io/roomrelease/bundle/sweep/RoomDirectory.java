package io.roomrelease.bundle.sweep;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.apache.camel.Body;

import io.roomrelease.bundle.settings.RoomReleaseSettings;
import io.roomrelease.camel.ews.model.RoomAddress;

/** The rooms to work on: the configured rooms plus the rooms of the configured room lists. */
public final class RoomDirectory {

    private final RoomReleaseSettings settings;

    public RoomDirectory(RoomReleaseSettings settings) {
        this.settings = settings;
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
        return new ArrayList<>(all);
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
