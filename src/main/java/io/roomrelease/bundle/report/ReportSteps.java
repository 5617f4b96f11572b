package io.roomrelease.bundle.report;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import io.roomrelease.bundle.audit.AuditRecord;
import io.roomrelease.bundle.display.InvalidRequestException;
import io.roomrelease.bundle.policy.AbandonedMeetingPolicy;
import io.roomrelease.bundle.policy.CheckIn;
import io.roomrelease.bundle.policy.CheckInMatcher;
import io.roomrelease.bundle.policy.Meeting;
import io.roomrelease.bundle.policy.PolicySettings;
import io.roomrelease.bundle.store.AuditStore;
import io.roomrelease.bundle.store.CheckInStore;
import io.roomrelease.bundle.store.ReleasedSlotStore;
import io.roomrelease.bundle.sweep.Meetings;
import io.roomrelease.camel.ews.model.EwsEvent;
import io.roomrelease.camel.ews.model.RoomAddress;

/**
 * The Java steps of the report API ({@code /api/reports/...} in routes/display-api.camel.yaml): today's releases
 * and room-hours given back (audit store + released slots), no-show rate and utilisation per room and per room list
 * (room calendars + audit store + check-in store), and the audit as CSV.
 */
public final class ReportSteps {

    /** Audit operations that release a meeting. */
    static final Set<String> RELEASES = Set.of("declineEvent", "cancelEvent");
    private static final int AUDIT_LIMIT = 100_000;

    private final AuditStore audit;
    private final CheckInStore checkIns;
    /** The longest report window, in days: released slots are kept at least this long (the nightly cleanup). */
    public static final int MAX_DAYS = 90;
    private final ReleasedSlotStore slots;
    private final PolicySettings policy;
    private final int openHoursPerDay;
    private final Clock clock;

    public ReportSteps(AuditStore audit, CheckInStore checkIns, ReleasedSlotStore slots, PolicySettings policy,
                       int openHoursPerDay, Clock clock) {
        this.audit = audit;
        this.checkIns = checkIns;
        this.slots = slots;
        this.policy = policy;
        this.openHoursPerDay = openHoursPerDay;
        this.clock = clock;
    }

    private ZoneId zone() {
        return policy.zone();
    }

    /** Whether an audit record is a release that went through. */
    static boolean isRelease(AuditRecord r) {
        return AuditRecord.OK.equals(r.result()) && !r.dryRun() && RELEASES.contains(r.operation());
    }

    /**
     * Today (midnight in {@code roomrelease.time-zone} to now): releases, and room-hours given back = the sum over
     * those releases of (booked end - release time).
     */
    public Map<String, Object> today() {
        Instant now = clock.instant();
        LocalDate date = LocalDate.ofInstant(now, zone());
        Instant from = date.atStartOfDay(zone()).toInstant();
        Instant to = now.plusSeconds(1);
        List<AuditRecord> released = audit.find(null, from, to, AUDIT_LIMIT).stream().filter(ReportSteps::isRelease)
                .toList();
        Map<String, ReleasedSlotStore.Slot> slotByKey = new HashMap<>();
        // a slot is recorded in the transaction of its audit record, with the same time: a little wider is safe
        for (ReleasedSlotStore.Slot s : slots.releasedBetween(from.minusSeconds(60), to.plusSeconds(60))) {
            slotByKey.put(s.itemId() + "|" + s.start(), s);
        }
        Map<String, long[]> byRoom = new TreeMap<>();
        long seconds = 0;
        int withoutSlot = 0;
        for (AuditRecord r : released) {
            ReleasedSlotStore.Slot s = slotByKey.get(r.itemId() + "|" + r.occurrenceStart());
            long given = 0;
            if (s == null) {
                withoutSlot++;
            } else {
                Instant freedFrom = r.recordedAt().isAfter(s.start()) ? r.recordedAt() : s.start();
                given = Math.max(0, Duration.between(freedFrom, s.end()).toSeconds());
            }
            seconds += given;
            long[] room = byRoom.computeIfAbsent(r.mailbox(), k -> new long[2]);
            room[0]++;
            room[1] += given;
        }
        List<Map<String, Object>> rooms = new ArrayList<>();
        byRoom.forEach((room, v) -> {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("room", room);
            line.put("releases", v[0]);
            line.put("roomHoursGivenBack", hours(v[1]));
            rooms.add(line);
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("date", date.toString());
        out.put("from", from);
        out.put("to", now);
        out.put("releases", released.size());
        out.put("roomHoursGivenBack", hours(seconds));
        out.put("releasesWithoutSlot", withoutSlot);
        out.put("rooms", rooms);
        return out;
    }

    private static double hours(long seconds) {
        return Math.round(seconds / 36.0) / 100.0;
    }

    /** Validates {@code days} (1-90, default 7) and sets the report window [now - days, now] in the EWS headers. */
    public void usageWindow(Exchange exchange) {
        String raw = exchange.getIn().getHeader("days", String.class);
        int days;
        try {
            days = raw == null || raw.isBlank() ? 7 : Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            days = -1;
        }
        if (days < 1 || days > MAX_DAYS) {
            throw new InvalidRequestException("days", "days must be a whole number from 1 to 90, was '" + raw + "'");
        }
        Instant now = clock.instant();
        exchange.getIn().setHeader("days", days);
        exchange.getIn().setHeader("reportFrom", now.minus(Duration.ofDays(days)));
        exchange.getIn().setHeader("reportTo", now);
    }

    /** One room's use over [reportFrom, reportTo) from its calendar, the audit and the check-ins. */
    public RoomUsage roomUsage(@Header("CamelEwsMailbox") String room, @Body List<EwsEvent> events,
                               @Header("reportFrom") Instant from, @Header("reportTo") Instant to,
                               @Header("days") int days) {
        String mailbox = room.toLowerCase(Locale.ROOT);
        AbandonedMeetingPolicy rules = new AbandonedMeetingPolicy(policy);
        List<Meeting> meetings = Meetings.of(mailbox, events).stream()
                .filter(m -> !m.cancelled() && !m.roomDeclined() && !m.allDay())
                .toList();
        List<Meeting> started = meetings.stream()
                .filter(m -> !m.start().isBefore(from) && m.start().isBefore(to)).toList();
        Set<String> releasedKeys = new HashSet<>();
        audit.find(mailbox, from.minus(Duration.ofDays(1)), to.plusSeconds(1), AUDIT_LIMIT).stream()
                .filter(ReportSteps::isRelease)
                .filter(r -> r.occurrenceStart() != null && !r.occurrenceStart().isBefore(from)
                        && r.occurrenceStart().isBefore(to))
                .forEach(r -> releasedKeys.add(r.itemId() + "|" + r.occurrenceStart()));
        List<CheckIn> known = new CheckInMatcher(rules).match(started, checkIns.mayCountFor(mailbox, from, to,
                policy.checkInOpensBefore(), policy.checkInClosesAfter()));
        Set<String> all = new HashSet<>(releasedKeys);
        int noShows = releasedKeys.size();
        for (Meeting m : started) {
            if (all.add(m.occurrenceKey()) && rules.validCheckIn(m, known).isEmpty()) {
                noShows++;
            }
        }
        long booked = 0;
        for (Meeting m : meetings) {
            Instant s = m.start().isBefore(from) ? from : m.start();
            Instant e = m.end().isAfter(to) ? to : m.end();
            if (e.isAfter(s)) {
                booked += Duration.between(s, e).toMinutes();
            }
        }
        return usage(mailbox, 1, all.size(), noShows, releasedKeys.size(), booked, days, null);
    }

    /** The line of a room whose calendar could not be read. */
    public RoomUsage roomFailed(@Header("CamelEwsMailbox") String room,
                                @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception e) {
        return new RoomUsage(room.toLowerCase(Locale.ROOT), 1, 0, 0, 0, 0, 0, 0,
                e == null ? "unknown error" : e.getMessage());
    }

    private RoomUsage usage(String name, int rooms, int meetings, int noShows, int releases, long booked, int days,
                            String error) {
        double open = (double) rooms * days * openHoursPerDay * 60;
        return new RoomUsage(name, rooms, meetings, noShows, releases, booked,
                meetings == 0 ? 0 : round((double) noShows / meetings), open == 0 ? 0 : round(Math.min(1, booked / open)),
                error);
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    /** The rooms of one room list, as a list-to-rooms entry (after {@code listRooms}). */
    public Map<String, List<String>> listMembers(@Header("CamelEwsRoomList") String list, @Body Collection<?> rooms) {
        List<String> emails = new ArrayList<>();
        for (Object r : rooms == null ? List.of() : rooms) {
            emails.add((r instanceof RoomAddress a ? a.getEmail() : String.valueOf(r)).toLowerCase(Locale.ROOT));
        }
        return Map.of(list.toLowerCase(Locale.ROOT), emails);
    }

    /** The usage answer: one line per room and per room list, plus the whole estate. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> usage(@Body List<Object> lines, @ExchangeProperty("roomLists") Object lists,
                                     @Header("days") int days, @Header("reportFrom") Instant from,
                                     @Header("reportTo") Instant to) {
        Map<String, RoomUsage> rooms = new TreeMap<>();
        for (Object o : lines == null ? List.of() : lines) {
            if (o instanceof RoomUsage u) {
                rooms.put(u.name(), u);
            }
        }
        Map<String, List<String>> members = new TreeMap<>();
        // one list-to-rooms entry per room list read (nothing when no room list is configured)
        for (Object o : lists instanceof Collection<?> c ? c : List.of()) {
            if (o instanceof Map<?, ?> m) {
                members.putAll((Map<String, List<String>>) m);
            }
        }
        List<RoomUsage> listLines = new ArrayList<>();
        members.forEach((list, of) -> listLines.add(sum(list, of.stream().map(rooms::get).filter(u -> u != null)
                .toList(), days)));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("days", days);
        out.put("from", from);
        out.put("to", to);
        out.put("openHoursPerDay", openHoursPerDay);
        out.put("total", sum("all rooms", rooms.values(), days));
        out.put("rooms", rooms.values());
        out.put("roomLists", listLines);
        return out;
    }

    private RoomUsage sum(String name, Collection<RoomUsage> of, int days) {
        int meetings = 0;
        int noShows = 0;
        int releases = 0;
        long booked = 0;
        int read = 0;
        for (RoomUsage u : of) {
            if (u.error() == null) {
                read++;
                meetings += u.meetings();
                noShows += u.noShows();
                releases += u.releases();
                booked += u.bookedMinutes();
            }
        }
        return usage(name, read, meetings, noShows, releases, booked, days,
                read < of.size() ? (of.size() - read) + " room(s) could not be read" : null);
    }

    /** Audit records as CSV (RFC 4180, header line first). */
    public String csv(@Body List<AuditRecord> records) throws java.io.IOException {
        StringBuilder out = new StringBuilder();
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader("recorded_at",
                "service_account", "mailbox", "operation", "item_id", "occurrence_start", "organizer", "reason",
                "detail", "result", "dry_run", "ews_request_id", "subject").get())) {
            for (AuditRecord r : records) {
                csv.printRecord(r.recordedAt(), r.serviceAccount(), r.mailbox(), r.operation(), r.itemId(),
                        r.occurrenceStart(), r.organizer(), r.reason(), r.detail(), r.result(), r.dryRun(),
                        r.ewsRequestId(), r.subject());
            }
        }
        return out.toString();
    }
}
