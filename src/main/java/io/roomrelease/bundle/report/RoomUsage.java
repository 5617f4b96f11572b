package io.roomrelease.bundle.report;

/**
 * One room's (or room list's) use over a report window.
 *
 * @param name          the room's SMTP address, or the room list's
 * @param rooms         rooms counted (1 for a room)
 * @param meetings      occurrences that started in the window: those still in the calendar (not cancelled, not
 *                      declined by the room, not all-day) plus those the room released
 * @param noShows       of these, the ones nobody checked in to (released, or kept without a valid check-in)
 * @param releases      occurrences the room released (audit: declineEvent/cancelEvent, result OK)
 * @param bookedMinutes minutes of the window covered by kept meetings (released ones count zero)
 * @param noShowRate    noShows / meetings (0 without meetings)
 * @param utilisation   bookedMinutes / (rooms × days × open-hours-per-day × 60), at most 1
 * @param error         why a room could not be read, or null
 */
public record RoomUsage(String name, int rooms, int meetings, int noShows, int releases, long bookedMinutes,
                        double noShowRate, double utilisation, String error) {
}
