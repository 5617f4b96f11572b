package io.roomrelease.camel.ews.graph;

import io.roomrelease.camel.ews.EwsException;

/**
 * The room's role in the meeting does not allow the write: Graph accepts {@code cancel} from the organizer only
 * (an attendee gets 400) and a decline from an attendee only.
 */
public class GraphRoleMismatchException extends EwsException {

    private static final long serialVersionUID = 1L;

    public GraphRoleMismatchException(String problem, String mailbox, String responseCode, String requestId,
                                      String fix, Throwable cause) {
        super(problem, mailbox, responseCode, requestId, fix, cause);
    }
}
