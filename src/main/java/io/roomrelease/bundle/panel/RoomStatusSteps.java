package io.roomrelease.bundle.panel;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.Body;
import org.apache.camel.Header;

import io.roomrelease.bundle.policy.AbandonedMeetingPolicy;
import io.roomrelease.bundle.policy.Action;
import io.roomrelease.bundle.policy.CheckIn;
import io.roomrelease.bundle.policy.CheckInMatcher;
import io.roomrelease.bundle.policy.Decision;
import io.roomrelease.bundle.policy.Meeting;
import io.roomrelease.bundle.policy.PolicySettings;
import io.roomrelease.bundle.policy.Reason;
import io.roomrelease.bundle.store.CheckInStore;
import io.roomrelease.bundle.sweep.Meetings;
import io.roomrelease.camel.ews.model.EwsEvent;

/**
 * {@code GET /api/rooms/{room}/status}: what the display by the door shows, decided by the same policy the sweep
 * applies (with the room's grace from {@link RoomPolicyLookup}) over the room's calendar and the stored check-ins.
 *
 * <p>Status, for the meeting in progress (or, with none, the next one):
 * <ul>
 * <li>{@code checked-in}: someone checked in to the meeting in progress;</li>
 * <li>{@code about-to-be-released}: a meeting in progress nobody checked in to, which the sweep releases at
 *     {@code releaseAt} (start + the room's grace) unless someone checks in;</li>
 * <li>{@code busy}: a meeting in progress the policy never releases (exempt organizer, long meeting, room without a
 *     display, booked late);</li>
 * <li>{@code starting-soon}: no meeting in progress, and the next one's check-in window is open;</li>
 * <li>{@code free}: none of these.</li>
 * </ul>
 */
public final class RoomStatusSteps {

    /** How far ahead the display reads the calendar (the "next meeting"). */
    static final Duration LOOK_AHEAD = Duration.ofHours(24);

    private final PolicySettings defaults;
    private final RoomPolicyLookup policyLookup;
    private final CheckInStore checkIns;
    private final Clock clock;

    public RoomStatusSteps(PolicySettings defaults, RoomPolicyLookup policyLookup, CheckInStore checkIns, Clock clock) {
        this.defaults = defaults;
        this.policyLookup = policyLookup;
        this.checkIns = checkIns;
        this.clock = clock;
    }

    /** Start of the calendar window read (now: the calendar view includes the meeting in progress). */
    public Instant windowStart() {
        return clock.instant();
    }

    /** End of the calendar window read. */
    public Instant windowEnd() {
        return clock.instant().plus(LOOK_AHEAD);
    }

    /** The room's status from its calendar (the events of {@code [now, now + 24 h)}). */
    public Map<String, Object> status(@Header("CamelEwsMailbox") String room, @Body List<EwsEvent> events) {
        Instant now = clock.instant();
        String mailbox = room.toLowerCase(Locale.ROOT);
        PolicySettings settings = forRoom(mailbox);
        AbandonedMeetingPolicy policy = new AbandonedMeetingPolicy(settings);
        List<Meeting> meetings = Meetings.of(mailbox, events).stream()
                .filter(m -> !m.cancelled() && !m.roomDeclined() && m.end().isAfter(now))
                .sorted(Comparator.comparing(Meeting::start))
                .toList();
        List<CheckIn> matched = new CheckInMatcher(policy).match(meetings, checkIns.mayCountFor(mailbox,
                now.minus(Duration.ofDays(1)), now.plus(LOOK_AHEAD), settings.checkInOpensBefore(),
                settings.checkInClosesAfter()));
        Optional<Meeting> current = meetings.stream().filter(m -> m.inProgressAt(now)).findFirst();
        Optional<Meeting> next = meetings.stream().filter(m -> m.start().isAfter(now)).findFirst();

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("room", mailbox);
        out.put("name", displayName(mailbox));
        out.put("now", now);
        out.put("graceMinutes", settings.grace().toMinutes());
        String status = "free";
        if (current.isPresent()) {
            Meeting m = current.get();
            Decision d = policy.decide(m, matched, now);
            boolean checkedIn = d.reason() == Reason.CHECKED_IN;
            if (checkedIn) {
                status = "checked-in";
            } else if (d.reason() == Reason.IN_GRACE_PERIOD || d.action() != Action.KEEP) {
                status = "about-to-be-released";
                Instant releaseAt = m.start().plus(settings.grace());
                out.put("releaseAt", releaseAt);
                out.put("secondsToRelease", Math.max(0, Duration.between(now, releaseAt).toSeconds()));
            } else {
                status = "busy";
            }
            out.put("current", meeting(m, checkedIn));
        } else if (next.isPresent() && !now.isBefore(next.get().start().minus(settings.checkInOpensBefore()))) {
            status = "starting-soon";
        }
        next.ifPresent(m -> out.put("next", meeting(m, policy.validCheckIn(m, matched).isPresent())));
        out.put("status", status);
        out.put("canCheckIn", current.map(m -> policy.isWithinCheckInWindow(m, now)).orElse(false)
                || "starting-soon".equals(status));
        return out;
    }

    private PolicySettings forRoom(String room) {
        return new PolicySettings(policyLookup.graceFor(room), defaults.checkInOpensBefore(),
                defaults.checkInClosesAfter(), defaults.lateBooking(), defaults.maxDuration(),
                defaults.exemptOrganizers(), defaults.roomsWithoutDisplay(), defaults.zone());
    }

    private static Map<String, Object> meeting(Meeting m, boolean checkedIn) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("start", m.start());
        out.put("end", m.end());
        out.put("organizer", m.organizer());
        out.put("bookedAtDisplay", m.roomIsOrganizer());
        out.put("checkedIn", checkedIn);
        return out;
    }

    /** A readable name from the room's address: {@code board-room.4@corp.example} reads "Board Room 4". */
    static String displayName(String mailbox) {
        String local = mailbox.contains("@") ? mailbox.substring(0, mailbox.indexOf('@')) : mailbox;
        StringBuilder out = new StringBuilder();
        for (String word : local.split("[._\\-]+")) {
            if (!word.isEmpty()) {
                out.append(out.length() == 0 ? "" : " ").append(Character.toUpperCase(word.charAt(0)))
                        .append(word.substring(1));
            }
        }
        return out.toString();
    }
}
