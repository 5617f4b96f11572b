package io.roomrelease.camel.ews.graph;

import java.io.IOException;

/**
 * A Graph answer with an error status, read off the wire: status, {@code error.code}, {@code error.message}, the
 * request id and Retry-After. Internal: {@link GraphFailures} turns it into the component's exceptions.
 */
final class GraphHttpException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String graphMessage;
    private final String requestId;
    private final String retryAfter;
    private String serverRequestId;

    GraphHttpException(int status, String code, String graphMessage, String requestId, String retryAfter) {
        super("HTTP " + status + (code == null ? "" : " " + code));
        this.status = status;
        this.code = code;
        this.graphMessage = graphMessage;
        this.requestId = requestId;
        this.retryAfter = retryAfter;
    }

    int status() {
        return status;
    }

    /** {@code error.code}, or null when the body had none. */
    String code() {
        return code;
    }

    String graphMessage() {
        return graphMessage;
    }

    String requestId() {
        return requestId;
    }

    String retryAfter() {
        return retryAfter;
    }

    /** Graph's own request-id (response header or error.innerError), for Microsoft support; may be null. */
    String serverRequestId() {
        return serverRequestId;
    }

    GraphHttpException serverRequestId(String id) {
        this.serverRequestId = id;
        return this;
    }

    /** The code, or "HTTP status" when the body named none. */
    String codeOrStatus() {
        return code != null ? code : "HTTP " + status;
    }
}
