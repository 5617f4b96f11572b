package io.roomrelease.bundle.sweep;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.roomrelease.bundle.store.DeltaCalendarStore;
import io.roomrelease.bundle.store.DeltaCalendarStore.Window;
import io.roomrelease.camel.ews.EwsConstants;
import io.roomrelease.camel.ews.model.EventDelta;
import io.roomrelease.camel.ews.model.EwsEvent;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

/**
 * The {@code delta} detection strategy: each room's calendar is kept with Microsoft Graph {@code calendarView/delta}
 * over a fixed window (from the start of the UTC day the sweep window starts in, two days long, longer if the sweep
 * window is), so that a sweep reads only what changed since the last one. The link and the window's events are stored
 * durably ({@link DeltaCalendarStore}): after a restart, or on another node, the next sweep continues from the link.
 * When the sweep window leaves the stored window, or the stored row cannot be read, the room is read in full again;
 * when the server says the link expired, the backend reads the window in full ({@link EventDelta#restarted()}).
 */
public class DeltaCalendar {

    /** Header holding the window this room's delta is read for, with the stored events it continues from. */
    static final String DELTA_WINDOW = "RoomReleaseDeltaWindow";

    private static final Duration MIN_WINDOW = Duration.ofDays(2);

    private final DeltaCalendarStore store;

    public DeltaCalendar(DeltaCalendarStore store) {
        this.store = store;
    }

    /**
     * Sets the window and delta link headers for the room's {@code deltaEvents} call: the stored link when its window
     * still covers the sweep window, otherwise none (a full read of a new window).
     */
    public void prepare(Exchange exchange, @Header(EwsConstants.MAILBOX) String room,
                        @ExchangeProperty(SweepSteps.WINDOW_START) Instant sweepStart,
                        @ExchangeProperty(SweepSteps.WINDOW_END) Instant sweepEnd) {
        Optional<Window> stored = store.find(room)
                .filter(w -> w.events() != null && !w.windowStart().isAfter(sweepStart)
                             && !w.windowEnd().isBefore(sweepEnd));
        Window window = stored.orElseGet(() -> {
            Instant start = sweepStart.truncatedTo(ChronoUnit.DAYS);
            Duration length = Duration.between(start, sweepEnd).plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.DAYS);
            return new Window(room, start, start.plus(length.compareTo(MIN_WINDOW) < 0 ? MIN_WINDOW : length), null,
                    List.of());
        });
        exchange.getIn().setHeader(EwsConstants.WINDOW_START, window.windowStart());
        exchange.getIn().setHeader(EwsConstants.WINDOW_END, window.windowEnd());
        exchange.getIn().setHeader(EwsConstants.DELTA_LINK, window.deltaLink());
        exchange.getIn().setHeader(DELTA_WINDOW, window);
    }

    /**
     * Applies what changed to the stored window, stores it with the new link, and answers the events that overlap the
     * sweep window (what {@code findEvents} would have answered).
     */
    public List<EwsEvent> apply(@Header(EwsConstants.MAILBOX) String room, @Body EventDelta delta,
                                @Header(DELTA_WINDOW) Window asked,
                                @ExchangeProperty(SweepSteps.WINDOW_START) Instant sweepStart,
                                @ExchangeProperty(SweepSteps.WINDOW_END) Instant sweepEnd) {
        Map<String, EwsEvent> events = new LinkedHashMap<>();
        if (!delta.restarted()) {
            // the events the link continues from, read once by prepare (none for a full read)
            asked.events().forEach(e -> events.put(e.getItemId(), e));
        }
        delta.removedIds().forEach(events::remove);
        delta.changed().forEach(e -> events.put(e.getItemId(), e));
        List<EwsEvent> window = new ArrayList<>(events.values());
        if (delta.deltaLink() != null) {
            store.save(new Window(room, asked.windowStart(), asked.windowEnd(), delta.deltaLink(), window));
        } else {
            // no link to continue from: the next sweep reads the room in full
            store.forget(room);
        }
        return window.stream().filter(e -> overlaps(e, sweepStart, sweepEnd)).toList();
    }

    private static boolean overlaps(EwsEvent e, Instant start, Instant end) {
        return e.getStart() != null && e.getEnd() != null && e.getStart().isBefore(end) && e.getEnd().isAfter(start);
    }
}
