package io.roomrelease.bundle.policy;

/**
 * The safety guard of DESIGN §2: a sweep must not release more than {@code maxReleaseRatio} of the meetings in
 * progress, because a silent check-in feed must never empty every room. With fewer than
 * {@code minInProgress} meetings in progress the sample is too small to judge and the guard lets the sweep go on.
 */
public final class ReleaseRatioGuard {

    private final double maxReleaseRatio;
    private final int minInProgress;

    /**
     * @param maxReleaseRatio largest share of in-progress meetings a sweep may release, in (0, 1]
     * @param minInProgress   the guard only judges sweeps with at least this many meetings in progress
     */
    public ReleaseRatioGuard(double maxReleaseRatio, int minInProgress) {
        if (!(maxReleaseRatio > 0 && maxReleaseRatio <= 1)) {
            throw new IllegalArgumentException("roomrelease.max-release-ratio must be above 0 and at most 1, was "
                    + maxReleaseRatio);
        }
        if (minInProgress < 1) {
            throw new IllegalArgumentException("roomrelease.guard-min-in-progress must be 1 or more, was "
                    + minInProgress);
        }
        this.maxReleaseRatio = maxReleaseRatio;
        this.minInProgress = minInProgress;
    }

    /** The verdict of the guard for one sweep. */
    public record Verdict(boolean tripped, int inProgress, int toRelease, double ratio, String text) {
    }

    /**
     * Whether the guard cannot trip for a sweep with at least {@code inProgressAtLeast} meetings in progress and at
     * most {@code releasesAtMost} releases, whatever the exact figures turn out to be (the small-sample exemption is
     * not counted on: it may no longer hold once more meetings are seen).
     */
    public boolean cannotTrip(int inProgressAtLeast, int releasesAtMost) {
        return releasesAtMost <= maxReleaseRatio * inProgressAtLeast;
    }

    /**
     * Judges a sweep.
     *
     * @param inProgress meetings in progress across all swept rooms
     * @param toRelease  meetings the sweep would release
     */
    public Verdict judge(int inProgress, int toRelease) {
        double ratio = inProgress == 0 ? 0 : (double) toRelease / inProgress;
        if (inProgress >= minInProgress && ratio > maxReleaseRatio) {
            return new Verdict(true, inProgress, toRelease, ratio, String.format(java.util.Locale.ROOT,
                    "Sweep stopped by the safety guard: it would release %d of %d meetings in progress (%.0f%%), more "
                            + "than the allowed %.0f%%. Check that check-ins still arrive from the room displays "
                            + "and badge readers, then raise roomrelease.max-release-ratio if this is expected.",
                    toRelease, inProgress, ratio * 100, maxReleaseRatio * 100));
        }
        return new Verdict(false, inProgress, toRelease, ratio, String.format(java.util.Locale.ROOT,
                "releasing %d of %d meetings in progress (limit %.0f%%)", toRelease, inProgress,
                maxReleaseRatio * 100));
    }
}
