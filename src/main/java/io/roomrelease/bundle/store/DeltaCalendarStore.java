package io.roomrelease.bundle.store;

import static io.roomrelease.bundle.store.Database.fromDb;
import static io.roomrelease.bundle.store.Database.toDb;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomrelease.bundle.app.JsonMapper;
import io.roomrelease.camel.ews.model.EwsEvent;
import io.roomrelease.camel.ews.model.OccurrenceType;

/**
 * The delta strategy's durable view of each room's calendar window ({@code delta_calendar}): the window a delta link
 * was issued for, the link, and the window's events. One row per room, replaced as a whole, so the link and the
 * events it continues from never disagree.
 */
public final class DeltaCalendarStore {

    /**
     * A room's window.
     *
     * @param room        the room mailbox (lower case)
     * @param windowStart start of the window the link covers
     * @param windowEnd   end of that window
     * @param deltaLink   the link that reads the next changes
     * @param events      the window's events as of that link
     */
    public record Window(String room, Instant windowStart, Instant windowEnd, String deltaLink, List<EwsEvent> events) {
    }

    /** The JSON form of one event: every field of {@link EwsEvent}, nothing else. */
    record StoredEvent(String itemId, String changeKey, String mailbox, String subject, String organizer,
                       List<String> requiredAttendees, List<String> optionalAttendees, boolean attendeesLoaded,
                       Instant start, Instant end, boolean allDay, boolean recurring, OccurrenceType occurrence,
                       String seriesMasterId, String iCalUid, boolean roomIsOrganizer, String roomResponse,
                       Instant created, String freeBusyStatus, boolean cancelled) {

        static StoredEvent of(EwsEvent e) {
            return new StoredEvent(e.getItemId(), e.getChangeKey(), e.getMailbox(), e.getSubject(), e.getOrganizer(),
                    e.getRequiredAttendees(), e.getOptionalAttendees(), e.isAttendeesLoaded(), e.getStart(),
                    e.getEnd(), e.isAllDay(), e.isRecurring(), e.getOccurrence(), e.getSeriesMasterId(),
                    e.getICalUid(), e.isRoomIsOrganizer(), e.getRoomResponse(), e.getCreated(),
                    e.getFreeBusyStatus(), e.isCancelled());
        }

        EwsEvent toEvent() {
            return EwsEvent.builder().itemId(itemId).changeKey(changeKey).mailbox(mailbox).subject(subject)
                    .organizer(organizer).requiredAttendees(requiredAttendees).optionalAttendees(optionalAttendees)
                    .attendeesLoaded(attendeesLoaded).start(start).end(end).allDay(allDay).recurring(recurring)
                    .occurrence(occurrence).seriesMasterId(seriesMasterId).iCalUid(iCalUid)
                    .roomIsOrganizer(roomIsOrganizer).roomResponse(roomResponse).created(created)
                    .freeBusyStatus(freeBusyStatus).cancelled(cancelled).build();
        }
    }

    private static final TypeReference<List<StoredEvent>> EVENTS = new TypeReference<>() {
    };

    private final Jdbc jdbc;
    private final Clock clock;
    private final ObjectMapper json = JsonMapper.create();

    public DeltaCalendarStore(DataSource dataSource, Clock clock) {
        this.jdbc = new Jdbc(dataSource);
        this.clock = clock;
    }

    /** The room's stored window, if any. */
    public Optional<Window> find(String room) {
        return jdbc.query("SELECT room, window_start, window_end, delta_link, events FROM delta_calendar WHERE room = ?",
                rs -> new Window(rs.getString(1), fromDb(rs.getObject(2)), fromDb(rs.getObject(3)), rs.getString(4),
                        read(rs.getString(5))), key(room)).stream().findFirst();
    }

    /** Stores the room's window, replacing the one before. */
    public void save(Window window) {
        String events = write(window.events());
        Instant now = clock.instant();
        String room = key(window.room());
        int updated = jdbc.update("UPDATE delta_calendar SET window_start = ?, window_end = ?, delta_link = ?, "
                + "events = ?, updated_at = ? WHERE room = ?", toDb(window.windowStart()), toDb(window.windowEnd()),
                window.deltaLink(), events, toDb(now), room);
        if (updated == 0) {
            try {
                jdbc.update("INSERT INTO delta_calendar (room, window_start, window_end, delta_link, events, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)", room, toDb(window.windowStart()), toDb(window.windowEnd()),
                        window.deltaLink(), events, toDb(now));
            } catch (StoreException e) {
                if (!Jdbc.isDuplicateKey(e)) {
                    throw e;
                }
                // another node stored the room between our update and insert: the later write wins, as updates do
                save(window);
            }
        }
    }

    /** Forgets a room's window (the next sweep reads it in full). */
    public void forget(String room) {
        jdbc.update("DELETE FROM delta_calendar WHERE room = ?", key(room));
    }

    private static String key(String room) {
        return room.toLowerCase(Locale.ROOT);
    }

    private String write(List<EwsEvent> events) {
        try {
            return json.writeValueAsString(events.stream().map(StoredEvent::of).toList());
        } catch (JsonProcessingException e) {
            throw new StoreException("Could not store a room's delta window as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private List<EwsEvent> read(String text) {
        try {
            return json.readValue(text, EVENTS).stream().map(StoredEvent::toEvent).toList();
        } catch (JsonProcessingException e) {
            // a row we cannot read is not an outage: the room is read in full again
            return null;
        }
    }
}
