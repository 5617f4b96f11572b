package io.roomrelease.camel.ews.model;

import java.util.List;

/**
 * What changed in a mailbox's calendar window since a delta link was issued (Microsoft Graph
 * {@code calendarView/delta}).
 *
 * @param changed    events added or changed since the link (all events of the window when {@code restarted} or on the
 *                   first round)
 * @param removedIds ids of events that left the window or were deleted
 * @param deltaLink  the link to read the next changes with
 * @param restarted  the old link had expired: {@code changed} is the whole window and replaces what the caller held
 */
public record EventDelta(List<EwsEvent> changed, List<String> removedIds, String deltaLink, boolean restarted) {

    public EventDelta {
        changed = changed == null ? List.of() : List.copyOf(changed);
        removedIds = removedIds == null ? List.of() : List.copyOf(removedIds);
    }
}
