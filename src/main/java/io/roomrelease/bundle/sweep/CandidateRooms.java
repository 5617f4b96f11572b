package io.roomrelease.bundle.sweep;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

import io.roomrelease.bundle.policy.Decision;
import io.roomrelease.bundle.policy.ReleaseRatioGuard;
import io.roomrelease.bundle.roompolicy.RoomPolicies;
import io.roomrelease.camel.ews.model.BusySlot;
import io.roomrelease.camel.ews.model.MailboxAvailability;

/**
 * The {@code availability} detection strategy's rule: from the free/busy times of every room (GetUserAvailability,
 * 100 rooms per call), pick the rooms that hold a meeting needing a decision now, so that only those get a FindItem.
 * A room is a candidate when a busy period started at least {@code grace} ago, is still running, and its start +
 * grace fell within the last {@code catchUp}; a room whose free/busy could not be read is a candidate too (the
 * calendar read decides). It needs only free/busy times, never subjects or details. Pure logic, no I/O.
 */
public final class CandidateRooms {

    /** How the sweep finds the meetings to decide on ({@code roomrelease.sweep.strategy}). */
    public enum Strategy {
        /** FindItem on every room's calendar, concurrently up to the cap. */
        CALENDAR,
        /** Free/busy of 100 rooms per call first, then FindItem only on the candidate rooms. */
        AVAILABILITY,
        /** Microsoft Graph calendarView/delta per room: only what changed since the last sweep is read. */
        DELTA;

        /** Parses the setting's value, naming the allowed ones when it is wrong. */
        public static Strategy of(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("roomrelease.sweep.strategy must be calendar, availability or delta, was '"
                        + value + "'");
            }
        }
    }

    /** Exchange property: busy periods in progress across all rooms, for the safety guard. */
    public static final String IN_PROGRESS = "availabilityInProgress";
    /** Exchange property: the {@link Selection} of the sweep in progress (set by {@link #open}). */
    public static final String SELECTION = "availabilitySelection";
    /** Exchange property: the rooms of unsettled releases, read before the sweep's selection opens. */
    public static final String UNSETTLED_ROOMS = "unsettledRooms";
    /** Exchange property: the assessments of the candidate rooms, read while the free/busy batches were answered. */
    public static final String CANDIDATE_ASSESSMENTS = "candidateAssessments";
    /** Rooms per GetUserAvailability request (Exchange's limit). */
    public static final int BATCH = 100;

    private final Duration grace;
    private final Duration catchUp;
    /** Per-room policy (rooms file) and the warning before release; null: the global grace for every room. */
    private volatile RoomPolicies rooms;
    /** The release guard; null: releases always wait for the verdict on the whole sweep. */
    private volatile ReleaseRatioGuard guard;

    /**
     * @param grace   the policy's grace period after a meeting's start
     * @param catchUp how far back a decision time may lie and still be picked up (covers a failed or late sweep)
     */
    public CandidateRooms(Duration grace, Duration catchUp) {
        if (grace.isNegative() || catchUp.isNegative() || catchUp.isZero()) {
            throw new IllegalArgumentException("grace must not be negative and the catch-up must be positive; got grace "
                    + grace + ", catch-up " + catchUp + " (roomrelease.sweep.availability-catch-up-minutes)");
        }
        this.grace = grace;
        this.catchUp = catchUp;
    }

    /**
     * Uses each room's own grace (rooms file), and also picks the rooms holding a meeting whose warning time
     * (start + grace - warn-minutes) has just passed, so that the organizer is warned before the release.
     */
    public CandidateRooms withRoomPolicies(RoomPolicies roomPolicies) {
        this.rooms = roomPolicies;
        return this;
    }

    /** Lets a candidate room's releases go as soon as it is read when the guard cannot trip (see {@link Selection}). */
    public CandidateRooms withGuard(ReleaseRatioGuard releaseGuard) {
        this.guard = releaseGuard;
        return this;
    }

    private Duration longestGrace() {
        RoomPolicies r = rooms;
        return r == null ? grace : r.longestGrace();
    }

    /**
     * What one sweep has picked so far, shared by the free/busy batches answered in parallel: the rooms whose calendar
     * is read (each once), the busy periods in progress counted over every room, and - once every batch has answered -
     * whether the release guard can trip at all. It cannot when the meetings that could be released (every busy
     * period past its grace in a candidate room) are within the guard's ratio of the meetings in progress in every
     * room; a candidate room's releases are then sent as soon as the room is read, without waiting for the other
     * rooms. Otherwise (or with a room whose free/busy failed, or an unsettled release) they wait for the guard's
     * verdict on the whole sweep.
     */
    public static final class Selection {
        private final Set<String> picked = ConcurrentHashMap.newKeySet();
        private final AtomicInteger inProgress = new AtomicInteger();
        private final AtomicInteger releasable = new AtomicInteger();
        private final AtomicInteger answered = new AtomicInteger();
        private final Set<String> releasedEarly = ConcurrentHashMap.newKeySet();
        /** Releases of rooms read before the verdict (guarded by this). */
        private final List<Decision> waiting = new ArrayList<>();
        private final boolean unsettled;
        private volatile int batches = -1;
        private volatile boolean unbounded;
        /** null until every batch has answered. */
        private volatile Boolean guardCannotTrip;

        Selection(boolean unsettled) {
            this.unsettled = unsettled;
        }

        /** Whether the room was not picked before (and is now). */
        boolean pick(String room) {
            return picked.add(room.toLowerCase(Locale.ROOT));
        }

        /** Busy periods in progress counted so far. */
        public int inProgress() {
            return inProgress.get();
        }

        /** The release keys sent before the guard's verdict on the whole sweep (it could not trip). */
        public Set<String> releasedEarly() {
            return Set.copyOf(releasedEarly);
        }

        /** Whether the guard was found unable to trip (null: not every batch has answered yet). */
        public Boolean guardCannotTrip() {
            return guardCannotTrip;
        }
    }

    /**
     * Opens the sweep's selection (exchange property {@value #SELECTION}); the batches add to it.
     *
     * @param unsettledRooms rooms with an unsettled release (read too, their releases always wait for the guard)
     */
    public void open(@ExchangeProperty(UNSETTLED_ROOMS) Collection<?> unsettledRooms, Exchange exchange) {
        exchange.setProperty(SELECTION, new Selection(unsettledRooms != null && !unsettledRooms.isEmpty()));
    }

    /** The rooms in requests of at most {@value #BATCH}; the sweep's selection (if any) learns how many will answer. */
    public List<List<String>> batches(@Body Collection<String> rooms,
                                      @ExchangeProperty(SELECTION) Selection selection) {
        List<String> all = new ArrayList<>(rooms);
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += BATCH) {
            out.add(List.copyOf(all.subList(i, Math.min(all.size(), i + BATCH))));
        }
        if (selection != null) {
            selection.batches = out.size();
            if (out.isEmpty()) {
                selection.guardCannotTrip = false;
            }
        }
        return out;
    }

    /** Start of the free/busy window: early enough to see every meeting whose decision time is in the catch-up. */
    public Instant windowStart(@ExchangeProperty(SweepSteps.SWEEP_AT) Instant sweepAt) {
        return sweepAt.minus(longestGrace()).minus(catchUp);
    }

    /** End of the free/busy window: just after now. */
    public Instant windowEnd(@ExchangeProperty(SweepSteps.SWEEP_AT) Instant sweepAt) {
        return sweepAt.plus(Duration.ofMinutes(1));
    }

    /**
     * The candidate rooms of one or more free/busy answers, in the order of the answers, and the busy periods in
     * progress among them, so that the release guard judges against every room, not only the candidates. Inside a
     * sweep ({@link #open} called) the count is added to the sweep's {@link Selection} and a room already picked is
     * left out; otherwise the count is set as property {@value #IN_PROGRESS}.
     *
     * @param answers the getAvailability answers: one list per batch, or one flat list
     */
    public List<String> select(@Body List<?> answers, @ExchangeProperty(SweepSteps.SWEEP_AT) Instant sweepAt,
                               Exchange exchange) {
        List<String> candidates = new ArrayList<>();
        int inProgress = 0;
        int releasable = 0;
        boolean failed = false;
        for (MailboxAvailability room : flatten(answers, MailboxAvailability.class)) {
            if (!room.isOk()) {
                candidates.add(room.getMailbox());
                failed = true;
                continue;
            }
            boolean candidate = false;
            int pastGrace = 0;
            for (BusySlot slot : room.getBusySlots()) {
                if (!slot.getEnd().isAfter(sweepAt) || slot.getStart().isAfter(sweepAt)) {
                    continue;
                }
                if (!slot.getStart().plus(grace(room.getMailbox())).isAfter(sweepAt)) {
                    pastGrace++; // shown as free or not: the room's calendar read decides on every meeting
                }
                if (isFree(slot)) {
                    continue;
                }
                inProgress++;
                candidate |= needsDecision(room.getMailbox(), slot, sweepAt);
            }
            if (candidate) {
                candidates.add(room.getMailbox());
                releasable += pastGrace; // only a read room's meetings can be released, and only past their grace
            }
        }
        Selection selection = exchange == null ? null : exchange.getProperty(SELECTION, Selection.class);
        if (selection != null) {
            selection.inProgress.addAndGet(inProgress);
            selection.releasable.addAndGet(releasable);
            if (failed) {
                selection.unbounded = true;
            }
            candidates.removeIf(room -> !selection.pick(room));
            if (selection.answered.incrementAndGet() == selection.batches) {
                ReleaseRatioGuard g = guard;
                synchronized (selection) {
                    selection.guardCannotTrip = g != null && !selection.unbounded && !selection.unsettled
                            && g.cannotTrip(selection.inProgress.get(), selection.releasable.get());
                }
            }
        } else if (exchange != null) {
            exchange.setProperty(IN_PROGRESS, inProgress);
        }
        return candidates;
    }

    /**
     * The releases of a room just read that can be sent now, without waiting for the other rooms: those of a
     * candidate room once every batch has answered and the guard cannot trip ({@link Selection}). Empty otherwise;
     * the releases then wait for the guard's verdict on the whole sweep.
     */
    public List<Decision> releasesNow(@Body RoomAssessment room, @ExchangeProperty(SELECTION) Selection selection) {
        if (room == null || selection == null || !room.ok()) {
            return List.of();
        }
        List<Decision> releases = room.decisions().stream().filter(Decision::releases).toList();
        synchronized (selection) {
            if (selection.guardCannotTrip == null) {
                selection.waiting.addAll(releases); // read before the verdict: sent when it comes (releasesWaiting)
                return List.of();
            }
            if (!selection.guardCannotTrip) {
                return List.of();
            }
            releases.forEach(d -> selection.releasedEarly.add(d.meeting().occurrenceKey()));
            return releases;
        }
    }

    /**
     * The releases of rooms read before the verdict, once it says the guard cannot trip: taken by the free/busy
     * batch whose answer completed the verdict (each once). Empty before the verdict, or when the guard could trip
     * (they then wait for its verdict on the whole sweep).
     */
    public List<Decision> releasesWaiting(@ExchangeProperty(SELECTION) Selection selection) {
        if (selection == null) {
            return List.of();
        }
        synchronized (selection) {
            if (!Boolean.TRUE.equals(selection.guardCannotTrip) || selection.waiting.isEmpty()) {
                return List.of();
            }
            List<Decision> now = List.copyOf(selection.waiting);
            selection.waiting.clear();
            now.forEach(d -> selection.releasedEarly.add(d.meeting().occurrenceKey()));
            return now;
        }
    }

    /** The rooms of unsettled releases (property {@value #UNSETTLED_ROOMS}) whose calendar this sweep has not read yet. */
    public List<String> notYetRead(@ExchangeProperty(UNSETTLED_ROOMS) Collection<String> rooms,
                                   @ExchangeProperty(SELECTION) Selection selection) {
        List<String> out = new ArrayList<>();
        if (rooms != null) {
            for (String room : rooms) {
                if (room != null && (selection == null || selection.pick(room))) {
                    out.add(room);
                }
            }
        }
        return out;
    }

    /**
     * Every room read by the availability strategy: the candidates' assessments (property
     * {@value #CANDIDATE_ASSESSMENTS}, one list per batch) and those in the body, as one list; sets property
     * {@value #IN_PROGRESS} to the busy periods in progress counted over every room.
     */
    public List<RoomAssessment> assessments(@ExchangeProperty(CANDIDATE_ASSESSMENTS) List<?> candidates,
                                            @Body List<?> more, Exchange exchange) {
        List<RoomAssessment> out = new ArrayList<>(flatten(candidates, RoomAssessment.class));
        out.addAll(flatten(more, RoomAssessment.class));
        Selection selection = exchange.getProperty(SELECTION, Selection.class);
        if (selection != null) {
            exchange.setProperty(IN_PROGRESS, selection.inProgress());
        }
        return out;
    }

    /** A running busy period whose start + grace lies in (now - catchUp, now]. */
    boolean needsDecision(BusySlot slot, Instant now) {
        return needsDecision(null, slot, now);
    }

    /**
     * A running busy period whose start + the room's grace lies in (now - catchUp, now], or (warnings on) whose
     * warning time, start + grace - warn-minutes, does.
     */
    boolean needsDecision(String room, BusySlot slot, Instant now) {
        RoomPolicies r = rooms;
        Duration g = grace(room);
        Instant decision = slot.getStart().plus(g);
        boolean due = !decision.isAfter(now) && decision.isAfter(now.minus(catchUp)) && slot.getEnd().isAfter(now);
        if (!due && r != null && !r.warnBefore().isZero()) {
            Instant warning = decision.minus(r.warnBefore());
            due = !warning.isAfter(now) && warning.isAfter(now.minus(catchUp)) && slot.getEnd().isAfter(now);
        }
        return due;
    }

    private Duration grace(String room) {
        RoomPolicies r = rooms;
        return r == null || room == null ? grace : r.forRoom(room).grace();
    }

    private static boolean isFree(BusySlot slot) {
        return "Free".equalsIgnoreCase(slot.getBusyType()) || "WorkingElsewhere".equalsIgnoreCase(slot.getBusyType());
    }

    /** The {@code type} elements of a list, one level of nested lists (a split's grouped bodies) flattened. */
    private static <T> List<T> flatten(List<?> list, Class<T> type) {
        List<T> out = new ArrayList<>();
        if (list != null) {
            for (Object o : list) {
                if (type.isInstance(o)) {
                    out.add(type.cast(o));
                } else if (o instanceof Collection<?> c) {
                    c.stream().filter(type::isInstance).map(type::cast).forEach(out::add);
                }
            }
        }
        return out;
    }
}
