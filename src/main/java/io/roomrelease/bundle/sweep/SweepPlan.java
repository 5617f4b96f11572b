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
 */
public record SweepPlan(Instant sweepAt, List<RoomAssessment> rooms, List<Decision> releases,
                        ReleaseRatioGuard.Verdict verdict) {

    /** Whether the safety guard stopped the sweep. */
    public boolean isGuardTripped() {
        return verdict.tripped();
    }

    /** The guard's verdict in words. */
    public String getGuardText() {
        return verdict.text();
    }

    /** The releases (for the route's split). */
    public List<Decision> getReleases() {
        return releases;
    }
}
