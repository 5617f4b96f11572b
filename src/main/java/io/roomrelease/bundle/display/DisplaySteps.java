package io.roomrelease.bundle.display;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.roomrelease.bundle.security.ApiAuthenticationException;
import io.roomrelease.bundle.security.ApiForbiddenException;
import io.roomrelease.bundle.security.ApiRateLimitedException;
import io.roomrelease.camel.ews.EwsConflictException;
import io.roomrelease.camel.ews.EwsException;
import io.roomrelease.camel.ews.EwsItemNotFoundException;
import io.roomrelease.bundle.settings.RoomReleaseSettings;
import io.roomrelease.camel.ews.model.BusySlot;
import io.roomrelease.camel.ews.model.EwsEvent;
import io.roomrelease.camel.ews.model.MailboxAvailability;

/**
 * The Java steps of the display API routes ({@code routes/display-api.camel.yaml}): input checks that name the bad
 * field, "the meeting in progress", "is the room free", the free-room answer, and JSON errors.
 */
public final class DisplaySteps {

    private static final Logger LOG = LoggerFactory.getLogger(DisplaySteps.class);

    /** Longest availability window accepted (EWS allows 42 days per request; the component splits longer ones). */
    private static final Duration MAX_AVAILABILITY_WINDOW = Duration.ofDays(42);

    /** Times further than this from now are refused (400) before anything talks to Exchange. */
    static final Duration MAX_DATE_DISTANCE = Duration.ofDays(5 * 365);

    /** Header holding the start of the availability window the caller asked for. */
    public static final String REQUESTED_START = "availabilityStart";
    /** Header holding its end. */
    public static final String REQUESTED_END = "availabilityEnd";

    private final RoomReleaseSettings settings;
    private final Clock clock;

    public DisplaySteps(RoomReleaseSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** The current time (the routes' "now"). */
    public Instant now() {
        return clock.instant();
    }

    /** Validates a {@code minutes} query parameter: a whole number from 1 to {@code display.max-minutes}. */
    public int minutes(@Header("minutes") String raw, int fallback) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int m = Integer.parseInt(raw.trim());
            if (m >= 1 && m <= settings.displayMaxMinutes()) {
                return m;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidRequestException("minutes", "minutes must be a whole number from 1 to "
                + settings.displayMaxMinutes() + ", was '" + raw + "'");
    }

    /** Start of the window searched for the meeting in progress. */
    public Instant currentWindowStart() {
        return clock.instant().minus(Duration.ofHours(24));
    }

    /** End of the window searched for the meeting in progress. */
    public Instant currentWindowEnd() {
        return clock.instant().plusSeconds(1);
    }

    /** The meeting in progress in the room. */
    public EwsEvent currentMeeting(@Header("CamelEwsMailbox") String room, @Body List<EwsEvent> events) {
        Instant now = clock.instant();
        return events == null ? noMeeting(room) : events.stream()
                .filter(e -> e.getStart() != null && e.getEnd() != null)
                .filter(e -> !"Decline".equalsIgnoreCase(e.getRoomResponse()) && !e.isCancelled())
                .filter(e -> !now.isBefore(e.getStart()) && now.isBefore(e.getEnd()))
                .findFirst().orElseGet(() -> noMeeting(room));
    }

    private static EwsEvent noMeeting(String room) {
        throw new NotFoundException("There is no meeting in progress in " + room);
    }

    /** The end an extension asks for. */
    public Instant extendedEnd(@ExchangeProperty("meeting") EwsEvent meeting, @Header("minutes") int minutes) {
        return meeting.getEnd().plus(Duration.ofMinutes(minutes));
    }

    /** The end of a meeting booked now for the given minutes. */
    public Instant bookingEnd(@Header("minutes") int minutes) {
        return clock.instant().plus(Duration.ofMinutes(minutes));
    }

    /**
     * Requires the room to be free in [from, to): no other meeting (not declined, not cancelled) overlaps.
     *
     * @throws RoomBusyException naming the meeting in the way
     */
    public void requireFree(@Body List<EwsEvent> events, @Header("CamelEwsWindowStart") Instant from,
                            @Header("CamelEwsWindowEnd") Instant to,
                            @ExchangeProperty("meeting") EwsEvent self) {
        if (events == null) {
            return;
        }
        for (EwsEvent e : events) {
            if (e.getStart() == null || e.getEnd() == null || (self != null && e.getItemId().equals(self.getItemId()))) {
                continue;
            }
            if ("Decline".equalsIgnoreCase(e.getRoomResponse()) || e.isCancelled()) {
                continue;
            }
            if (e.getStart().isBefore(to) && e.getEnd().isAfter(from)) {
                throw new RoomBusyException("The room is not free until " + to + ": another meeting is booked from "
                        + e.getStart() + " to " + e.getEnd());
            }
        }
    }

    /**
     * Verifies a booking just made: another meeting (not declined, not cancelled) overlapping ours in the room's
     * calendar means a race with a booking made elsewhere (Outlook, another system). Of two overlapping bookings the
     * earlier one stays: order by creation time (unknown counts as earliest), then by item id. Both sides apply the
     * same rule to the same calendar, so of two racing bookings exactly one removes itself.
     *
     * @return true when ours must be removed
     */
    public boolean bookingOverlapped(@Body List<EwsEvent> events, @ExchangeProperty("booking") EwsEvent booking) {
        if (events == null || booking == null) {
            return false;
        }
        EwsEvent ours = events.stream().filter(e -> booking.getItemId().equals(e.getItemId())).findFirst()
                .orElse(booking);
        for (EwsEvent e : events) {
            if (e.getItemId() == null || e.getItemId().equals(ours.getItemId()) || e.getStart() == null
                    || e.getEnd() == null || "Decline".equalsIgnoreCase(e.getRoomResponse()) || e.isCancelled()) {
                continue;
            }
            if (e.getStart().isBefore(ours.getEnd()) && e.getEnd().isAfter(ours.getStart()) && precedes(e, ours)) {
                LOG.info("Booking {} in {} overlaps {} booked earlier: removing ours", ours.getItemId(),
                        ours.getMailbox(), e.getItemId());
                return true;
            }
        }
        return false;
    }

    private static boolean precedes(EwsEvent a, EwsEvent b) {
        Instant ca = a.getCreated() == null ? Instant.MIN : a.getCreated();
        Instant cb = b.getCreated() == null ? Instant.MIN : b.getCreated();
        int byTime = ca.compareTo(cb);
        return byTime != 0 ? byTime < 0 : a.getItemId().compareTo(b.getItemId()) < 0;
    }

    /** Answers a booking removed after an overlap was found. */
    public void bookingLost(@Header("CamelEwsMailbox") String room) {
        throw new RoomBusyException("Another meeting was booked in " + room + " at the same time; this booking was"
                + " withdrawn");
    }

    /** Whether an update left the end where it was (nothing changed, nothing to audit). */
    public boolean unchanged(@Body EwsEvent updated, @ExchangeProperty("meeting") EwsEvent before) {
        return updated != null && before != null && updated.getEnd() != null
                && updated.getEnd().equals(before.getEnd());
    }

    /** Checks the availability window ({@code start}, {@code end} ISO-8601) and puts it in the EWS headers. */
    public void availabilityWindow(Exchange exchange) {
        Instant start = instant(exchange.getIn().getHeader("start", String.class), "start");
        Instant end = instant(exchange.getIn().getHeader("end", String.class), "end");
        if (!end.isAfter(start)) {
            throw new InvalidRequestException("end", "end must be after start");
        }
        if (Duration.between(start, end).compareTo(MAX_AVAILABILITY_WINDOW) > 0) {
            throw new InvalidRequestException("end", "the window may span at most 42 days");
        }
        exchange.getIn().setHeader(REQUESTED_START, start);
        exchange.getIn().setHeader(REQUESTED_END, end);
        // ews-java-api sends the GetUserAvailability window as whole dates (midnight to midnight), so a window inside
        // one day would reach Exchange empty: ask for whole UTC days and judge the requested window here.
        Instant dayStart = start.truncatedTo(ChronoUnit.DAYS);
        Instant dayEnd = end.truncatedTo(ChronoUnit.DAYS).equals(end) ? end
                : end.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
        exchange.getIn().setHeader("CamelEwsWindowStart", dayStart);
        exchange.getIn().setHeader("CamelEwsWindowEnd", dayEnd);
    }

    /** Parses a required ISO-8601 time parameter, naming it when it is missing or wrong. */
    public Instant instant(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidRequestException(field, field + " is required, as an ISO-8601 time such as "
                    + "2026-03-02T09:00:00Z");
        }
        Instant parsed;
        try {
            parsed = Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException(field, field + " must be an ISO-8601 time such as 2026-03-02T09:00:00Z,"
                    + " was '" + value + "'");
        }
        Instant now = clock.instant();
        if (parsed.isBefore(now.minus(MAX_DATE_DISTANCE)) || parsed.isAfter(now.plus(MAX_DATE_DISTANCE))) {
            throw new InvalidRequestException(field, field + " must be within " + MAX_DATE_DISTANCE.toDays() / 365
                    + " years of now, was '" + value + "'");
        }
        return parsed;
    }

    /** The free-room answer: rooms with no busy slot in the window, busy rooms, and rooms that could not be read. */
    public Map<String, Object> freeRooms(@Body List<MailboxAvailability> availability,
                                         @Header(REQUESTED_START) Instant start,
                                         @Header(REQUESTED_END) Instant end) {
        List<String> free = new ArrayList<>();
        List<String> busy = new ArrayList<>();
        List<Map<String, String>> errors = new ArrayList<>();
        for (MailboxAvailability a : availability == null ? List.<MailboxAvailability>of() : availability) {
            if (!a.isOk()) {
                errors.add(Map.of("room", a.getMailbox(), "error", a.getErrorCode()));
            } else if (a.getBusySlots().stream().filter(s -> !"Free".equalsIgnoreCase(s.getBusyType()))
                    .anyMatch((BusySlot s) -> s.overlaps(start, end))) {
                busy.add(a.getMailbox());
            } else {
                free.add(a.getMailbox());
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("start", start.toString());
        out.put("end", end.toString());
        out.put("freeRooms", free);
        out.put("busyRooms", busy);
        out.put("unavailable", errors);
        return out;
    }

    /** The answer to an extension. */
    public Map<String, Object> extended(EwsEvent meeting, Instant newEnd) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("room", meeting.getMailbox());
        out.put("itemId", meeting.getItemId());
        out.put("start", meeting.getStart());
        out.put("end", newEnd);
        out.put("previousEnd", meeting.getEnd());
        return out;
    }

    /** The answer to an early end. */
    public Map<String, Object> ended(EwsEvent meeting) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("room", meeting.getMailbox());
        out.put("itemId", meeting.getItemId());
        out.put("start", meeting.getStart());
        out.put("endedAt", clock.instant());
        return out;
    }

    /** The answer to a booking. */
    public Map<String, Object> booked(String room, Instant start, Instant end) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("room", room);
        out.put("start", start);
        out.put("end", end);
        out.put("organizer", room);
        return out;
    }

    /** A JSON error body: {@code {"status":400,"error":"...","field":"minutes"}}. */
    public Map<String, Object> error(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception caught, Exchange exchange) {
        Throwable e = caught;
        // a bean called from an expression wraps what it throws: answer for the cause the caller can act on
        for (Throwable t = caught; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (statusOf(t) != 500) {
                e = t;
                break;
            }
        }
        int status = statusOf(e);
        exchange.getIn().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", status);
        if (e instanceof EwsException ews) {
            // the component's message is for operators (it may name hosts and fixes): log it, answer in user terms
            LOG.warn("Display call on {} failed at Exchange: {}", exchange.getIn().getHeader("room"), ews.getMessage(),
                    ews);
            out.put("error", status == 409 ? "The meeting changed while the request was handled; read it again and"
                    + " retry" : "Exchange could not complete the request; try again later");
            if (ews.responseCode() != null && !ews.responseCode().isBlank()) {
                out.put("exchangeResponse", ews.responseCode());
            }
            if (ews.requestId() != null && !ews.requestId().isBlank()) {
                out.put("requestId", ews.requestId());
            }
        } else if (status == 500) {
            LOG.error("Display call on {} failed", exchange.getIn().getHeader("room"), e);
            out.put("error", "Internal error; see the server log");
        } else {
            out.put("error", e == null ? "unknown error" : e.getMessage());
        }
        if (e instanceof InvalidRequestException ire) {
            out.put("field", ire.field());
        }
        if (e instanceof ApiRateLimitedException limited) {
            exchange.getIn().setHeader("Retry-After", String.valueOf(limited.retryAfterSeconds()));
        }
        return out;
    }

    /** The HTTP status for an exception. */
    public static int statusOf(Throwable e) {
        if (e instanceof InvalidRequestException) {
            return 400;
        }
        if (e instanceof ApiAuthenticationException) {
            return 401;
        }
        if (e instanceof ApiForbiddenException) {
            return 403;
        }
        if (e instanceof NotFoundException) {
            return 404;
        }
        if (e instanceof ApiRateLimitedException) {
            return 429;
        }
        // a ChangeKey conflict or an item gone meanwhile: another action won the race
        if (e instanceof RoomBusyException || e instanceof EwsConflictException
                || e instanceof EwsItemNotFoundException) {
            return 409;
        }
        if (e instanceof EwsException) {
            return 502;
        }
        return 500;
    }
}
