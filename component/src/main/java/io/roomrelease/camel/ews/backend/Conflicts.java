package io.roomrelease.camel.ews.backend;

import io.roomrelease.camel.ews.EwsConflictException;
import io.roomrelease.camel.ews.EwsException;
import io.roomrelease.camel.ews.EwsItemNotFoundException;
import io.roomrelease.camel.ews.model.EwsEvent;

/** A stale version refused by the server, turned into a conflict that carries a fresh read (null when gone). */
public final class Conflicts {

    private Conflicts() {
    }

    public static EwsConflictException afterFreshRead(CalendarBackend backend, String mailbox, String itemId,
                                                      String changeKey, EwsException refused) {
        EwsEvent current;
        try {
            current = backend.getEvent(mailbox, itemId).value();
        } catch (EwsItemNotFoundException gone) {
            current = null;
        }
        return new EwsConflictException(mailbox, itemId, changeKey, current, refused.responseCode(),
                refused.requestId(), refused);
    }
}
