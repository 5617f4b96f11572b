package io.roomrelease.ews.simulator.model;

import java.util.List;
import java.util.Objects;

/**
 * A room list (a distribution group of rooms, usually one per building), as GetRoomLists returns.
 *
 * @param email primary SMTP address of the list
 * @param name  display name
 * @param rooms SMTP addresses of the member rooms, in directory order
 */
public record RoomList(String email, String name, List<String> rooms) {
    public RoomList {
        Objects.requireNonNull(email, "room list email");
        name = name == null ? email : name;
        rooms = List.copyOf(rooms == null ? List.of() : rooms);
    }
}
