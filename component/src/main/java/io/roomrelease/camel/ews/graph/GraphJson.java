package io.roomrelease.camel.ews.graph;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Jackson set up for Graph's JSON: strict and bounded (a hostile reply cannot nest deeply or repeat keys). */
final class GraphJson {

    static final ObjectMapper MAPPER;

    static {
        JsonMapper m = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .build();
        m.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64)
                .maxNumberLength(64).maxStringLength(8_000_000).maxDocumentLength(64_000_000L).build());
        MAPPER = m;
    }

    /** Graph's dateTimeTimeZone format (seven fractional digits, no offset). */
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSS",
            Locale.ROOT);
    private static final Set<String> UTC_NAMES = Set.of("utc", "etc/utc", "etc/gmt", "gmt", "z",
            "coordinated universal time", "tzone://microsoft/utc");

    private GraphJson() {
    }

    static JsonNode parse(byte[] body) throws IOException {
        return MAPPER.readTree(body);
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** {"dateTime": "...", "timeZone": "UTC"}. */
    static ObjectNode dateTimeTimeZone(Instant i) {
        ObjectNode n = object();
        n.put("dateTime", DATE_TIME.format(LocalDateTime.ofInstant(i, ZoneOffset.UTC)));
        n.put("timeZone", "UTC");
        return n;
    }

    /**
     * Reads a dateTimeTimeZone. The component asks for UTC ({@code Prefer: outlook.timezone="UTC"}); an IANA zone is
     * honoured, anything else is refused with a clear message rather than guessed.
     */
    static Instant instant(JsonNode dtz) {
        if (dtz == null || dtz.isNull() || dtz.isMissingNode()) {
            return null;
        }
        String dt = text(dtz, "dateTime");
        if (dt == null) {
            throw new IllegalArgumentException("a dateTimeTimeZone without dateTime: " + abbreviate(dtz.toString()));
        }
        String tz = text(dtz, "timeZone");
        try {
            if (dt.endsWith("Z") || dt.matches(".*[+-]\\d\\d:\\d\\d$")) {
                return OffsetDateTime.parse(dt).toInstant();
            }
            LocalDateTime local = LocalDateTime.parse(dt);
            if (tz == null || UTC_NAMES.contains(tz.toLowerCase(Locale.ROOT))) {
                return local.toInstant(ZoneOffset.UTC);
            }
            return local.atZone(ZoneId.of(tz)).toInstant();
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("unreadable date/time '" + abbreviate(dt) + "' in time zone '" + tz
                                               + "' (the component asks for UTC with Prefer: outlook.timezone)", e);
        }
    }

    /** An ISO-8601 instant such as {@code 2026-01-01T08:00:00Z}, null when absent. */
    static Instant isoInstant(JsonNode n, String field) {
        String v = text(n, field);
        if (v == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("unreadable " + field + " '" + abbreviate(v) + "'", e);
        }
    }

    /** A text field, null when absent or JSON null; a non-text value is an error. */
    static String text(JsonNode n, String field) {
        if (n == null) {
            return null;
        }
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' must be a string, was " + v.getNodeType());
        }
        return v.asText();
    }

    static boolean bool(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw new IllegalArgumentException("field '" + field + "' must be a boolean, was " + v.getNodeType());
        }
        return v.booleanValue();
    }

    /** The array field, empty when absent; a non-array is an error. */
    static Iterable<JsonNode> array(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        if (v == null || v.isNull()) {
            return java.util.List.of();
        }
        if (!v.isArray()) {
            throw new IllegalArgumentException("field '" + field + "' must be an array, was " + v.getNodeType());
        }
        return v;
    }

    static String abbreviate(String s) {
        return s == null || s.length() <= 120 ? s : s.substring(0, 120) + "...";
    }
}
