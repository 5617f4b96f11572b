package io.roomrelease.camel.ews.model;

import java.time.Instant;
import java.util.Objects;

/** One busy period of a mailbox as reported by GetUserAvailability. */
public final class BusySlot {

    private final Instant start;
    private final Instant end;
    private final String busyType;
    private final String subject;

    /**
     * @param start    start (UTC)
     * @param end      end (UTC)
     * @param busyType Free, Tentative, Busy, OOF, WorkingElsewhere or NoData
     * @param subject  the subject when details were asked (EWS: freeBusyView=Detailed) and the caller may see them,
     *                 otherwise null
     */
    public BusySlot(Instant start, Instant end, String busyType, String subject) {
        this.start = Objects.requireNonNull(start, "start");
        this.end = Objects.requireNonNull(end, "end");
        this.busyType = busyType;
        this.subject = subject;
    }

    public Instant getStart() {
        return start;
    }

    public Instant getEnd() {
        return end;
    }

    /** Free, Tentative, Busy, OOF, WorkingElsewhere or NoData. */
    public String getBusyType() {
        return busyType;
    }

    /**
     * The subject when details were asked (EWS: freeBusyView=Detailed, the default) and the caller is allowed to see
     * them, otherwise null.
     */
    public String getSubject() {
        return subject;
    }

    /** Whether this slot overlaps the half-open interval [from, to). */
    public boolean overlaps(Instant from, Instant to) {
        return start.isBefore(to) && end.isAfter(from);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BusySlot b && start.equals(b.start) && end.equals(b.end)
                && Objects.equals(busyType, b.busyType) && Objects.equals(subject, b.subject);
    }

    @Override
    public int hashCode() {
        return Objects.hash(start, end, busyType, subject);
    }

    @Override
    public String toString() {
        return "BusySlot[" + start + " - " + end + " " + busyType + "]";
    }
}
