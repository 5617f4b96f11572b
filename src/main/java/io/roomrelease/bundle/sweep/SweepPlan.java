package io.roomrelease.bundle.sweep;

import java.time.Instant;
import java.util.List;

import io.roomrelease.bundle.policy.Decision;
import io.roomrelease.bundle.policy.ReleaseRatioGuard;

/**
 * The sweep's plan after every room was assessed: the meetings to release, unless the safety guard tripped.
 *
 * @param sweepAt  when the sweep started
 * @param rooms    the assessment of each room
 * @param releases the decisions that release a meeting
 * @param verdict  the safety guard's verdict
 * @param releasedEarly release keys already sent before the verdict, as the guard could not trip
 *                      ({@link CandidateRooms.Selection}); counted in {@code releases}, not sent again
 */
public record SweepPlan(Instant sweepAt, List<RoomAssessment> rooms, List<Decision> releases,
                        ReleaseRatioGuard.Verdict verdict, java.util.Set<String> releasedEarly) {

    public SweepPlan(Instant sweepAt, List<RoomAssessment> rooms, List<Decision> releases,
                     ReleaseRatioGuard.Verdict verdict) {
        this(sweepAt, rooms, releases, verdict, java.util.Set.of());
    }

    /** Whether the safety guard stopped the sweep. */
    public boolean isGuardTripped() {
        return verdict.tripped();
    }

    /** The guard's verdict in words. */
    public String getGuardText() {
        return verdict.text();
    }

    /** The releases (all of them, including those sent early). */
    public List<Decision> getReleases() {
        return releases;
    }

    /** The releases still to send (for the route's split): those not sent early. */
    public List<Decision> getRemainingReleases() {
        return releasedEarly.isEmpty() ? releases
                : releases.stream().filter(d -> !releasedEarly.contains(d.meeting().occurrenceKey())).toList();
    }
}
