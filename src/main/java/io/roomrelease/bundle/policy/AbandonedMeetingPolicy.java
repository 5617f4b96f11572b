package io.roomrelease.bundle.policy;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import io.roomrelease.bundle.policy.RoomPolicy.Rule;

/**
 * The abandoned-meeting policy of DESIGN §2: a pure function of (meeting, check-ins, now, settings) that returns
 * a {@link Decision} with a reason. No I/O, no clock: {@code now} is passed in.
 *
 * <p>Rules, in the order they apply: already declined, already ended, all-day, too long, room without display,
 * exempt organizer, late booking, checked in (within the check-in window), not started, in grace period. A meeting
 * that passes all of them is abandoned: the room declines it, or cancels it when the room is the organizer. The
 * numbers come from the room's {@link RoomPolicy} (defaults, overridden per room list, overridden per room); the
 * decision's text names the rule that applied and where its value came from.
 */
public final class AbandonedMeetingPolicy {

    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    private final PolicySettings settings;
    private final PolicyResolver rooms;

    /** Creates the policy with the same settings for every room. */
    public AbandonedMeetingPolicy(PolicySettings settings) {
        this(settings, PolicyResolver.uniform(settings));
    }

    /**
     * Creates the policy with per-room settings.
     *
     * @param settings the global settings (their time zone words the decisions)
     * @param rooms    the policy of each room
     */
    public AbandonedMeetingPolicy(PolicySettings settings, PolicyResolver rooms) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.rooms = Objects.requireNonNull(rooms, "rooms");
    }

    /** The global settings (the defaults of every room). */
    public PolicySettings settings() {
        return settings;
    }

    /** The policy of one room. */
    public RoomPolicy forRoom(String room) {
        return rooms.forRoom(room);
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
        RoomPolicy p = rooms.forRoom(meeting.room());
        if (meeting.duration().compareTo(p.maxDuration()) >= 0) {
            return keep(meeting, Reason.TOO_LONG, "it lasts " + hours(meeting.duration()) + ", and meetings of "
                    + hours(p.maxDuration()) + " or more are never released (" + p.describe(Rule.MAX_DURATION) + ")");
        }
        if (!p.hasDisplay()) {
            return keep(meeting, Reason.ROOM_WITHOUT_DISPLAY, "the room has no display, so nobody can check in ("
                    + p.describe(Rule.HAS_DISPLAY) + ")");
        }
        if (p.isExempt(meeting.organizer())) {
            return keep(meeting, Reason.EXEMPT_ORGANIZER, "the organizer " + meeting.organizer() + " is exempt ("
                    + p.describe(Rule.EXEMPT_ORGANIZERS) + ")");
        }
        if (meeting.created() != null
                && Duration.between(meeting.created(), meeting.start()).compareTo(p.lateBooking()) < 0) {
            return keep(meeting, Reason.LATE_BOOKING, "it was booked less than "
                    + p.lateBooking().toMinutes() + " minutes before it started (" + p.describe(Rule.LATE_BOOKING)
                    + ")");
        }
        Optional<CheckIn> checkIn = validCheckIn(meeting, checkIns.get());
        if (checkIn.isPresent()) {
            return keep(meeting, Reason.CHECKED_IN, "someone checked in at " + time(checkIn.get().at())
                    + sourceWords(checkIn.get()));
        }
        if (now.isBefore(meeting.start())) {
            return keep(meeting, Reason.NOT_STARTED, "it starts at " + time(meeting.start()));
        }
        Instant deadline = p.releaseAt(meeting.start());
        if (now.isBefore(deadline)) {
            return keep(meeting, Reason.IN_GRACE_PERIOD, "nobody has checked in yet, but there is time until "
                    + time(deadline) + " (" + p.describe(Rule.GRACE) + ")");
        }
        String text = "nobody checked in by " + time(deadline) + " (start " + time(meeting.start()) + " + "
                + p.describe(Rule.GRACE) + ")";
        return new Decision(meeting, meeting.roomIsOrganizer() ? Action.CANCEL : Action.DECLINE,
                Reason.NO_CHECK_IN, text);
    }

    /**
     * When the organizer is warned before the release of a meeting that nobody has checked in to: release time
     * ({@code start + grace}) minus {@code warnBefore}; empty when warnings are off (zero), or the decision is not
     * one that a missing check-in will turn into a release (only NOT_STARTED and IN_GRACE_PERIOD are).
     */
    public Optional<Instant> warnAt(Decision d, Duration warnBefore) {
        if (warnBefore == null || warnBefore.isZero() || d.meeting().roomIsOrganizer()
                || (d.reason() != Reason.NOT_STARTED && d.reason() != Reason.IN_GRACE_PERIOD)) {
            return Optional.empty();
        }
        return Optional.of(rooms.forRoom(d.meeting().room()).releaseAt(d.meeting().start()).minus(warnBefore));
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
        RoomPolicy p = rooms.forRoom(meeting.room());
        Instant opens = p.checkInOpensAt(meeting.start());
        Instant closes = p.checkInClosesAt(meeting.start());
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
