package io.roomrelease.bundle.cleanup;

/**
 * One room's line in the nightly report.
 *
 * @param room        the room mailbox
 * @param meetings    meetings that took place (or were released) in the period
 * @param noShows     meetings nobody checked in to
 * @param releases    meetings the room released
 * @param noShowRate  noShows / meetings, 0 when there were no meetings
 * @param error       why the room could not be read, or null
 */
public record RoomReport(String room, int meetings, int noShows, int releases, double noShowRate, String error) {
}
