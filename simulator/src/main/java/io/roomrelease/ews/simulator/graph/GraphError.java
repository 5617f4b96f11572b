package io.roomrelease.ews.simulator.graph;

import java.util.Map;

/**
 * A Graph error reply: HTTP status, {@code error.code} and {@code error.message}, plus extra headers (Retry-After).
 * Thrown by the endpoint code and turned into the documented JSON shape by {@link GraphApi}.
 */
final class GraphError extends RuntimeException {
    private final int status;
    private final String code;
    private final Map<String, String> headers;
    private final Runnable onSent;

    GraphError(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    GraphError(int status, String code, String message, Map<String, String> headers) {
        this(status, code, message, headers, null);
    }

    GraphError(int status, String code, String message, Map<String, String> headers, Runnable onSent) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.headers = Map.copyOf(headers);
        this.onSent = onSent;
    }

    /** What to do once the error reply has been written, or null. */
    Runnable onSent() {
        return onSent;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    Map<String, String> headers() {
        return headers;
    }

    static GraphError badRequest(String code, String message) {
        return new GraphError(400, code, message);
    }
}
