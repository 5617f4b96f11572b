package io.roomrelease.camel.ews.model;

import java.util.Objects;

/** A room or a room list as returned by GetRooms / GetRoomLists: its SMTP address and display name. */
public final class RoomAddress {

    private final String email;
    private final String name;

    public RoomAddress(String email, String name) {
        this.email = Objects.requireNonNull(email, "email");
        this.name = name;
    }

    /** The SMTP address. */
    public String getEmail() {
        return email;
    }

    /** The display name (may be null). */
    public String getName() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RoomAddress r && email.equalsIgnoreCase(r.email) && Objects.equals(name, r.name);
    }

    @Override
    public int hashCode() {
        return email.toLowerCase(java.util.Locale.ROOT).hashCode();
    }

    @Override
    public String toString() {
        return name == null ? email : name + " <" + email + ">";
    }
}
