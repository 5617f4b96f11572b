package io.roomrelease.ews.simulator.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Graph reply: status, headers and a JSON body (null for 202/204), and what to do once it has been written to the
 * client (a 429 starts counting impatient requests only then).
 */
record GraphResponse(int status, Map<String, String> headers, JsonNode body, List<Runnable> onSent) {
    GraphResponse {
        headers = new LinkedHashMap<>(headers);
        onSent = new ArrayList<>(onSent);
    }

    GraphResponse(int status, Map<String, String> headers, JsonNode body) {
        this(status, headers, body, List.of());
    }

    /** Not a reply: the connection is closed without one (a fault injected after the request was carried out). */
    static GraphResponse dropConnection() {
        return new GraphResponse(DROP, Map.of(), null);
    }

    /** The status of {@link #dropConnection()}. */
    static final int DROP = -1;

    static GraphResponse of(int status, JsonNode body) {
        return new GraphResponse(status, Map.of(), body);
    }

    static GraphResponse empty(int status) {
        return new GraphResponse(status, Map.of(), null);
    }

    /** Runs the hooks; call once the reply has been written. */
    void sent() {
        onSent.forEach(Runnable::run);
    }
}
