package io.roomrelease.ews.simulator.graph;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** A Graph reply: status, headers and a JSON body (null for 202/204). */
record GraphResponse(int status, Map<String, String> headers, JsonNode body) {
    GraphResponse {
        headers = new LinkedHashMap<>(headers);
    }

    static GraphResponse of(int status, JsonNode body) {
        return new GraphResponse(status, Map.of(), body);
    }

    static GraphResponse empty(int status) {
        return new GraphResponse(status, Map.of(), null);
    }
}
