package io.roomrelease.bundle.display;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.camel.Header;

import io.roomrelease.bundle.audit.AuditRecord;
import io.roomrelease.bundle.store.AuditStore;

/** {@code GET /api/audit?room=&from=&to=}: reads the audit store (default: the last 24 hours, all rooms). */
public final class AuditQuery {

    private static final int LIMIT = 10_000;

    private final AuditStore store;
    private final DisplaySteps display;
    private final Clock clock;

    public AuditQuery(AuditStore store, DisplaySteps display, Clock clock) {
        this.store = store;
        this.display = display;
        this.clock = clock;
    }

    /** The records of a room (or all rooms) in [from, to). */
    public List<AuditRecord> find(@Header("room") String room, @Header("from") String from, @Header("to") String to) {
        Instant end = to == null || to.isBlank() ? clock.instant().plusSeconds(1) : display.instant(to, "to");
        Instant start = from == null || from.isBlank() ? end.minus(Duration.ofHours(24)) : display.instant(from, "from");
        if (!end.isAfter(start)) {
            throw new InvalidRequestException("to", "to must be after from");
        }
        if (room != null && !room.isBlank() && !room.contains("@")) {
            throw new InvalidRequestException("room", "room must be a room's SMTP address, was '" + room + "'");
        }
        return store.find(room == null || room.isBlank() ? null : room.trim(), start, end, LIMIT);
    }
}
