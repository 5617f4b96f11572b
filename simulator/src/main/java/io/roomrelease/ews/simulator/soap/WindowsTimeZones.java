package io.roomrelease.ews.simulator.soap;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Windows time zone ids EWS clients send ({@code TimeZoneDefinition/@Id}, {@code GetServerTimeZones/Ids}) and
 * their Java zones: CLDR's full windowsZones mapping (territory "001"), read from {@code windows-zones.tsv}, which a
 * test regenerates from ICU4J and compares with the committed file. IANA ids are accepted as well. An id that is
 * neither is Exchange's {@code ErrorTimeZone}, never a guess.
 */
public final class WindowsTimeZones {
    private static final Map<String, String> WINDOWS_TO_IANA = load();

    private WindowsTimeZones() {
    }

    private static Map<String, String> load() {
        Map<String, String> map = new LinkedHashMap<>();
        try (InputStream in = WindowsTimeZones.class.getResourceAsStream("/windows-zones.tsv")) {
            if (in == null) {
                throw new IllegalStateException("windows-zones.tsv is missing from the simulator's class path");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                map.put(line.substring(0, tab), line.substring(tab + 1).trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Collections.unmodifiableMap(map);
    }

    /** Every Windows id with its IANA zone, in the file's order. */
    public static Map<String, String> windowsToIana() {
        return WINDOWS_TO_IANA;
    }

    /** The Windows id of a zone: the one CLDR maps to it (UTC for UTC), else the zone's own id. */
    public static String windowsId(ZoneId zone) {
        if (zone.normalized().equals(java.time.ZoneOffset.UTC)) {
            return "UTC";
        }
        for (Map.Entry<String, String> e : WINDOWS_TO_IANA.entrySet()) {
            if (e.getValue().equals(zone.getId())) {
                return e.getKey();
            }
        }
        return zone.getId();
    }

    /** The zone of a Windows id, if it is one. */
    public static Optional<ZoneId> windows(String id) {
        String iana = WINDOWS_TO_IANA.get(id);
        return iana == null ? Optional.empty() : Optional.of(ZoneId.of(iana));
    }

    /**
     * The zone for a Windows or IANA id.
     *
     * @throws EwsFault ErrorTimeZone for an id that is neither
     */
    public static ZoneId toZoneId(String id) {
        return find(id).orElseThrow(() -> new EwsFault("ErrorTimeZone", "The time zone id '" + id
                + "' is not a Windows time zone id Exchange knows (e.g. 'Pacific Standard Time'; GetServerTimeZones lists"
                + " them all)."));
    }

    /** The zone for a Windows or IANA id, if it is either (each protocol decides what an unknown id means). */
    public static Optional<ZoneId> find(String id) {
        Optional<ZoneId> windows = windows(id);
        if (windows.isPresent()) {
            return windows;
        }
        try {
            return Optional.of(ZoneId.of(id));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
