package io.roomrelease.camel.ews.graph;

/** A Graph reply that is not the JSON its status promises (malformed, wrong shape, hostile). */
final class GraphReplyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    GraphReplyException(int status, String problem, Throwable cause) {
        super(problem, cause, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
