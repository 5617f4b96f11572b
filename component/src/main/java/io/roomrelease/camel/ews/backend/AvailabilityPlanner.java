package io.roomrelease.camel.ews.backend;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.roomrelease.camel.ews.model.BusySlot;
import io.roomrelease.camel.ews.model.MailboxAvailability;

/**
 * Splits an availability question into requests Exchange accepts (at most 100 mailboxes and 42 days each) and merges
 * the answers back into one result per mailbox. Pure logic, no I/O.
 * <p>
 * EWS GetUserAvailability is asked the caller's window as it is (its TimeWindow takes any xs:dateTime and includes
 * every appointment that overlaps it; the component writes it, not ews-java-api, which sends dates only). A planner
 * made with {@code wholeDays} widens each window to UTC day boundaries instead. Either way the merged result keeps
 * only the busy slots that overlap the window the caller asked for.
 */
public final class AvailabilityPlanner {

    /** GetUserAvailability limit on mailboxes per request. */
    public static final int MAX_MAILBOXES = 100;
    /** GetUserAvailability limit on the window per request. */
    public static final Duration MAX_WINDOW = Duration.ofDays(42);

    private final Map<String, String> errors = new LinkedHashMap<>();
    private final Map<String, String> errorMessages = new LinkedHashMap<>();
    private final Map<String, Set<BusySlot>> slots = new LinkedHashMap<>();
    private final int maxMailboxes;
    private final Duration maxWindow;
    private final boolean wholeDays;
    private Instant windowStart;
    private Instant windowEnd;

    /**
     * @param mailboxes the mailboxes in the caller's order (duplicates are dropped)
     */
    public AvailabilityPlanner(Collection<String> mailboxes) {
        this(mailboxes, MAX_MAILBOXES, MAX_WINDOW, false);
    }

    /**
     * @param mailboxes    the mailboxes in the caller's order (duplicates are dropped)
     * @param maxMailboxes mailboxes per request (Graph getSchedule: 20)
     * @param maxWindow    window per request (Graph getSchedule: under 62 days)
     */
    public AvailabilityPlanner(Collection<String> mailboxes, int maxMailboxes, Duration maxWindow) {
        this(mailboxes, maxMailboxes, maxWindow, true);
    }

    /**
     * @param mailboxes    the mailboxes in the caller's order (duplicates are dropped)
     * @param maxMailboxes mailboxes per request
     * @param maxWindow    window per request
     * @param wholeDays    widen the requested window to UTC day boundaries (else ask the window as it is)
     */
    public AvailabilityPlanner(Collection<String> mailboxes, int maxMailboxes, Duration maxWindow, boolean wholeDays) {
        this.maxMailboxes = maxMailboxes;
        this.maxWindow = maxWindow;
        this.wholeDays = wholeDays;
        for (String m : mailboxes) {
            slots.putIfAbsent(m, new LinkedHashSet<>());
        }
    }

    /** One request: some mailboxes, one window. */
    public record Batch(List<String> mailboxes, Instant start, Instant end) {
    }

    /** The requests to make, window-major (on whole UTC days when the planner was made so). */
    public List<Batch> batches(Instant start, Instant end) {
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("The availability window end " + end + " must be after its start " + start);
        }
        this.windowStart = start;
        this.windowEnd = end;
        Instant from = wholeDays ? start.truncatedTo(ChronoUnit.DAYS) : start;
        Instant to = wholeDays ? end.truncatedTo(ChronoUnit.DAYS) : end;
        if (to.isBefore(end)) {
            to = to.plus(Duration.ofDays(1));
        }
        List<String> all = new ArrayList<>(slots.keySet());
        List<Batch> out = new ArrayList<>();
        for (Instant s = from; s.isBefore(to); s = s.plus(maxWindow)) {
            Instant e = s.plus(maxWindow).isBefore(to) ? s.plus(maxWindow) : to;
            for (int i = 0; i < all.size(); i += maxMailboxes) {
                out.add(new Batch(List.copyOf(all.subList(i, Math.min(all.size(), i + maxMailboxes))), s, e));
            }
        }
        return out;
    }

    /** Records one mailbox's answer from one batch. */
    public void add(String mailbox, String errorCode, String errorMessage, Collection<BusySlot> busy) {
        Set<BusySlot> set = slots.computeIfAbsent(mailbox, k -> new LinkedHashSet<>());
        if (errorCode != null) {
            errors.putIfAbsent(mailbox, errorCode);
            errorMessages.putIfAbsent(mailbox, errorMessage);
        }
        if (busy != null) {
            set.addAll(busy); // a slot crossing a window boundary comes back from both windows: keep it once
        }
    }

    /** One merged result per mailbox, in the caller's order, slots sorted by start. */
    public List<MailboxAvailability> result() {
        List<MailboxAvailability> out = new ArrayList<>();
        for (Map.Entry<String, Set<BusySlot>> e : slots.entrySet()) {
            List<BusySlot> sorted = new ArrayList<>();
            for (BusySlot b : e.getValue()) {
                if (windowStart == null || b.overlaps(windowStart, windowEnd)) {
                    sorted.add(b);
                }
            }
            sorted.sort(Comparator.comparing(BusySlot::getStart).thenComparing(BusySlot::getEnd));
            out.add(new MailboxAvailability(e.getKey(), errors.get(e.getKey()), errorMessages.get(e.getKey()), sorted));
        }
        return out;
    }
}
