package io.roomrelease.ews.simulator.model;

import java.util.Objects;

/**
 * A room mailbox in the directory.
 *
 * @param email      primary SMTP address
 * @param name       display name
 * @param capacity   seats
 * @param building   building name (free text; room lists group rooms by building)
 * @param hasDisplay whether a check-in display is mounted at the door (read by the bundle, not by EWS)
 */
public record Room(String email, String name, int capacity, String building, boolean hasDisplay) {
    public Room {
        Objects.requireNonNull(email, "room email");
        name = name == null ? email : name;
    }
}
