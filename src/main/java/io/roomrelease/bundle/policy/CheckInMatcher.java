package io.roomrelease.bundle.policy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Matches check-ins stored as received to the meetings of their room, when the sweep decides. A check-in counts for
 * the meeting whose check-in window ({@code checkin-opens} before the start to {@code checkin-closes} after it, and
 * before its end) holds the check-in time. When the windows of two meetings hold it, the meeting whose start is
 * closest to the check-in wins; on a tie, the earlier meeting. Declined and cancelled meetings take no check-ins.
 * Pure: no I/O, no clock.
 */
public final class CheckInMatcher {

    private final AbandonedMeetingPolicy policy;

    public CheckInMatcher(AbandonedMeetingPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** The meeting a check-in at this time counts for, among one room's meetings. */
    public Optional<Meeting> meetingFor(Collection<Meeting> roomMeetings, java.time.Instant at) {
        return roomMeetings.stream()
                .filter(m -> !m.roomDeclined() && !m.cancelled())
                .filter(m -> policy.isWithinCheckInWindow(m, at))
                .min(Comparator.comparingLong((Meeting m) -> Math.abs(m.start().getEpochSecond() - at.getEpochSecond()))
                        .thenComparing(Meeting::start));
    }

    /**
     * One room's check-ins, each naming the occurrence it counts for: matched check-ins as they are, received ones
     * matched to a meeting of {@code roomMeetings}; a received check-in that fits no meeting is left out.
     */
    public List<CheckIn> match(Collection<Meeting> roomMeetings, Collection<CheckIn> checkIns) {
        List<CheckIn> out = new ArrayList<>();
        if (checkIns == null) {
            return out;
        }
        for (CheckIn c : checkIns) {
            if (c.isMatched()) {
                out.add(c);
            } else {
                meetingFor(roomMeetings, c.at()).ifPresent(m -> out.add(c.matchedTo(m)));
            }
        }
        return out;
    }
}
