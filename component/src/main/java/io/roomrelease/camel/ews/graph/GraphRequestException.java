package io.roomrelease.camel.ews.graph;

import io.roomrelease.camel.ews.EwsException;

/** Microsoft Graph refused a request; {@link #responseCode()} is its {@code error.code} (or "HTTP status"). */
public class GraphRequestException extends EwsException {

    private static final long serialVersionUID = 1L;

    private final int httpStatus;

    public GraphRequestException(String problem, String mailbox, String responseCode, String requestId, int httpStatus,
                                 String fix, Throwable cause) {
        super(problem, mailbox, responseCode, requestId, fix, cause);
        this.httpStatus = httpStatus;
    }

    /** The HTTP status of Graph's answer. */
    public int httpStatus() {
        return httpStatus;
    }
}
