package io.roomrelease.bundle.policy;

/** Why the policy decided what it decided; each value maps to one rule of DESIGN §2. */
public enum Reason {
    /** Nobody checked in by start + grace. */
    NO_CHECK_IN,
    /** Someone checked in within the check-in window. */
    CHECKED_IN,
    /** The meeting has not started yet. */
    NOT_STARTED,
    /** The meeting started, but the grace period is not over. */
    IN_GRACE_PERIOD,
    /** All-day meetings are never released. */
    ALL_DAY,
    /** Meetings of {@code maxDurationHours} or more are never released. */
    TOO_LONG,
    /** Booked less than {@code lateBookingMinutes} before its start. */
    LATE_BOOKING,
    /** The organizer is on the exempt list. */
    EXEMPT_ORGANIZER,
    /** The room has no display, so nobody can check in. */
    ROOM_WITHOUT_DISPLAY,
    /** The meeting has already ended. */
    ALREADY_ENDED,
    /** The room has already declined the meeting. */
    ALREADY_DECLINED,
    /** The organizer has cancelled the meeting. */
    CANCELLED_BY_ORGANIZER
}
