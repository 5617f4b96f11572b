package io.roomrelease.ews.simulator.model;

/** An attendee's answer to a meeting, with EWS's {@code ResponseTypeType} names. */
public enum ResponseType {
    Unknown, Organizer, Tentative, Accept, Decline, NoResponseReceived;

    /** Parses an EWS name, case-insensitively; also accepts {@code Accepted}/{@code Declined}. */
    public static ResponseType parse(String value) {
        for (ResponseType t : values()) {
            if (t.name().equalsIgnoreCase(value)) {
                return t;
            }
        }
        if ("accepted".equalsIgnoreCase(value)) {
            return Accept;
        }
        if ("declined".equalsIgnoreCase(value)) {
            return Decline;
        }
        if ("tentativelyaccepted".equalsIgnoreCase(value)) {
            return Tentative;
        }
        throw new IllegalArgumentException("unknown response type '" + value
                + "'; use one of Accept, Tentative, Decline, NoResponseReceived, Unknown");
    }
}
