package io.roomrelease.camel.ews.model;

import java.util.List;

/**
 * What changed in a mailbox's calendar window since the last delta read (Microsoft Graph
 * {@code calendarView/delta}).
 *
 * @param changed    events added or changed (an occurrence is an event of its own)
 * @param removedIds ids of events removed from the window (deleted, or moved out of it)
 * @param deltaLink  the link to pass to the next call (store it durably)
 * @param restarted  whether the stored link had expired (or was invalid) and this is a full read of the window: the
 *                   caller replaces everything it kept for the window with {@code changed}
 */
public record EventDelta(List<EwsEvent> changed, List<String> removedIds, String deltaLink, boolean restarted) {

    public EventDelta {
        changed = changed == null ? List.of() : List.copyOf(changed);
        removedIds = removedIds == null ? List.of() : List.copyOf(removedIds);
    }
}
