package io.roomrelease.ews.simulator.model;

import java.time.Instant;
import java.util.Objects;

/**
 * An attendee (or the organizer) of a meeting as one calendar item records it.
 *
 * @param email            SMTP address
 * @param name             display name
 * @param response         the answer this item knows of
 * @param lastResponseTime when that answer arrived, or null
 */
public record Attendee(String email, String name, ResponseType response, Instant lastResponseTime) {
    public Attendee {
        Objects.requireNonNull(email, "attendee email");
        name = name == null ? email : name;
        response = response == null ? ResponseType.Unknown : response;
    }

    Attendee withResponse(ResponseType value, Instant at) {
        return new Attendee(email, name, value, at);
    }
}
