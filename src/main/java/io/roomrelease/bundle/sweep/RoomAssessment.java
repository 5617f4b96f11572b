package io.roomrelease.bundle.sweep;

import java.util.List;

import io.roomrelease.bundle.policy.Decision;

/**
 * What a sweep found in one room: the policy's decision for each meeting, the number of meetings in progress, or
 * the reason the room could not be read.
 *
 * @param room       the room mailbox
 * @param decisions  one decision per meeting in the window
 * @param inProgress meetings in progress at sweep time (the guard's denominator)
 * @param error      why the room was skipped, or null
 */
public record RoomAssessment(String room, List<Decision> decisions, int inProgress, String error) {

    public RoomAssessment {
        decisions = decisions == null ? List.of() : List.copyOf(decisions);
    }

    /** A room that could not be read. */
    public static RoomAssessment failed(String room, String error) {
        return new RoomAssessment(room, List.of(), 0, error);
    }

    /** Whether the room was read. */
    public boolean ok() {
        return error == null;
    }
}
