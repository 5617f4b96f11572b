package io.roomrelease.bench.baseline;

import java.util.Map;

/**
 * What a baseline achieved, as the client saw it.
 *
 * @param rooms        rooms attempted
 * @param roomsRead    rooms whose calendar was read
 * @param elapsedNanos wall time of the whole pass
 * @param errors       failed reads by exception class and EWS error code
 */
public record BaselineResult(int rooms, int roomsRead, long elapsedNanos, Map<String, Integer> errors) {

    /** Rooms read per second. */
    public double roomsPerSecond() {
        return roomsRead / (elapsedNanos / 1e9);
    }

    /** Failed reads. */
    public int errorCount() {
        return errors.values().stream().mapToInt(Integer::intValue).sum();
    }
}
