package io.roomrelease.ews.simulator.graph;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One Graph request, from HTTP or from a {@code $batch}: method, path below {@code /v1.0} (still percent-encoded
 * segment by segment), decoded query parameters, headers (case-insensitive) and the JSON body (or null).
 */
record GraphRequest(String method, String path, Map<String, String> query, Map<String, String> headers, JsonNode body,
        boolean bodyIsJson) {

    GraphRequest {
        TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        headers = h;
    }

    String header(String name) {
        return headers.get(name);
    }

    /** The method in upper case. */
    String verb() {
        return method.toUpperCase(Locale.ROOT);
    }

    /** Splits a relative URL ({@code /users/x/calendarView?startDateTime=...}) into path and decoded query. */
    static Map.Entry<String, Map<String, String>> splitUrl(String url) {
        int q = url.indexOf('?');
        String path = q < 0 ? url : url.substring(0, q);
        return Map.entry(path, parseQuery(q < 0 ? null : url.substring(q + 1)));
    }

    static Map<String, String> parseQuery(String raw) {
        return io.roomrelease.ews.simulator.server.UrlEncoded.parse(raw);
    }
}
