package io.roomrelease.ews.simulator.model;

import java.util.Objects;

/**
 * A user mailbox in the directory.
 *
 * @param email primary SMTP address
 * @param name  display name
 */
public record User(String email, String name) {
    public User {
        Objects.requireNonNull(email, "user email");
        name = name == null ? email : name;
    }
}
