package io.roomrelease.bundle.policy;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The abandoned-meeting policy of DESIGN §2: a pure function of (meeting, check-ins, now, settings) that returns
 * a {@link Decision} with a reason. No I/O, no clock: {@code now} is passed in.
 *
 * <p>Rules, in the order they apply: already declined, already ended, all-day, too long, room without display,
 * exempt organizer, late booking, checked in (within the check-in window), not started, in grace period. A meeting
 * that passes all of them is abandoned: the room declines it, or cancels it when the room is the organizer.
 */
public final class AbandonedMeetingPolicy {

    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    private final PolicySettings settings;

    /** Creates the policy with its settings. */
    public AbandonedMeetingPolicy(PolicySettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** The settings in force. */
    public PolicySettings settings() {
        return settings;
    }

    /**
     * Decides what to do with one meeting.
     *
     * @param meeting  the meeting (one occurrence) in the room's calendar
     * @param checkIns check-ins known for the room (those of other meetings are ignored)
     * @param now      the current time
     * @return the decision, never null
     */
    public Decision decide(Meeting meeting, Collection<CheckIn> checkIns, Instant now) {
        return decide(meeting, () -> checkIns, now);
    }

    /**
     * Decides what to do with one meeting, asking for the check-ins only when a rule needs them: a meeting that has
     * ended, is all-day, too long, exempt, ... is decided without them (a sweep reads them only for the few rooms
     * that hold a meeting about to start or in progress).
     *
     * @param meeting  the meeting (one occurrence) in the room's calendar
     * @param checkIns supplies the check-ins known for the room; called at most once, and only when needed
     * @param now      the current time
     * @return the decision, never null
     */
    public Decision decide(Meeting meeting, Supplier<? extends Collection<CheckIn>> checkIns, Instant now) {
        Objects.requireNonNull(meeting, "meeting");
        Objects.requireNonNull(now, "now");
        if (meeting.roomDeclined()) {
            return keep(meeting, Reason.ALREADY_DECLINED, "the room has already declined it");
        }
        if (meeting.cancelled()) {
            return keep(meeting, Reason.CANCELLED_BY_ORGANIZER, "the organizer has cancelled it");
        }
        if (!now.isBefore(meeting.end())) {
            return keep(meeting, Reason.ALREADY_ENDED, "it already ended at " + time(meeting.end()));
        }
        if (meeting.allDay()) {
            return keep(meeting, Reason.ALL_DAY, "all-day meetings are never released");
        }
        if (meeting.duration().compareTo(settings.maxDuration()) >= 0) {
            return keep(meeting, Reason.TOO_LONG, "it lasts " + hours(meeting.duration()) + ", and meetings of "
                    + hours(settings.maxDuration()) + " or more are never released");
        }
        if (settings.hasNoDisplay(meeting.room())) {
            return keep(meeting, Reason.ROOM_WITHOUT_DISPLAY, "the room has no display, so nobody can check in");
        }
        if (settings.isExempt(meeting.organizer())) {
            return keep(meeting, Reason.EXEMPT_ORGANIZER, "the organizer " + meeting.organizer() + " is exempt");
        }
        if (meeting.created() != null
                && Duration.between(meeting.created(), meeting.start()).compareTo(settings.lateBooking()) < 0) {
            return keep(meeting, Reason.LATE_BOOKING, "it was booked less than "
                    + settings.lateBooking().toMinutes() + " minutes before it started");
        }
        Optional<CheckIn> checkIn = validCheckIn(meeting, checkIns.get());
        if (checkIn.isPresent()) {
            return keep(meeting, Reason.CHECKED_IN, "someone checked in at " + time(checkIn.get().at())
                    + sourceWords(checkIn.get()));
        }
        if (now.isBefore(meeting.start())) {
            return keep(meeting, Reason.NOT_STARTED, "it starts at " + time(meeting.start()));
        }
        Instant deadline = meeting.start().plus(settings.grace());
        if (now.isBefore(deadline)) {
            return keep(meeting, Reason.IN_GRACE_PERIOD, "nobody has checked in yet, but there is time until "
                    + time(deadline));
        }
        String text = "nobody checked in by " + time(deadline) + " (start " + time(meeting.start()) + " + "
                + settings.grace().toMinutes() + " minutes grace)";
        return new Decision(meeting, meeting.roomIsOrganizer() ? Action.CANCEL : Action.DECLINE,
                Reason.NO_CHECK_IN, text);
    }

    /**
     * Whether a check-in counts for the meeting: it must be for that meeting and within the check-in window,
     * from {@code checkInOpensBefore} before the start to {@code checkInClosesAfter} after it.
     */
    public Optional<CheckIn> validCheckIn(Meeting meeting, Collection<CheckIn> checkIns) {
        if (checkIns == null) {
            return Optional.empty();
        }
        return checkIns.stream()
                .filter(c -> c.isFor(meeting))
                .filter(c -> isWithinCheckInWindow(meeting, c.at()))
                .findFirst();
    }

    /** Whether a check-in at the given time falls in the meeting's check-in window. */
    public boolean isWithinCheckInWindow(Meeting meeting, Instant at) {
        Instant opens = meeting.start().minus(settings.checkInOpensBefore());
        Instant closes = meeting.start().plus(settings.checkInClosesAfter());
        return !at.isBefore(opens) && !at.isAfter(closes) && at.isBefore(meeting.end());
    }

    private static Decision keep(Meeting meeting, Reason reason, String text) {
        return new Decision(meeting, Action.KEEP, reason, text);
    }

    private String time(Instant instant) {
        return HH_MM.format(instant.atZone(settings.zone()));
    }

    private static String hours(Duration d) {
        long minutes = d.toMinutes();
        return minutes % 60 == 0 ? (minutes / 60) + " h" : (minutes / 60) + " h " + (minutes % 60) + " min";
    }

    private static String sourceWords(CheckIn c) {
        return c.source() == null || c.source().isBlank() ? "" : " (" + c.source() + ")";
    }
}
