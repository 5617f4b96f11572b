package io.roomrelease.ews.simulator.soap;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps the Windows time zone ids that EWS clients send in {@code TimeZoneDefinition/@Id} to Java zones
 * (the common entries of CLDR's windowsZones.xml, territory "001"). IANA ids are accepted as well.
 */
public final class WindowsTimeZones {
    private static final Logger LOG = LoggerFactory.getLogger(WindowsTimeZones.class);

    private static final Map<String, String> WINDOWS_TO_IANA = Map.ofEntries(
            Map.entry("UTC", "UTC"),
            Map.entry("Coordinated Universal Time", "UTC"),
            Map.entry("GMT Standard Time", "Europe/London"),
            Map.entry("Greenwich Standard Time", "Atlantic/Reykjavik"),
            Map.entry("W. Europe Standard Time", "Europe/Berlin"),
            Map.entry("Central Europe Standard Time", "Europe/Budapest"),
            Map.entry("Central European Standard Time", "Europe/Warsaw"),
            Map.entry("Romance Standard Time", "Europe/Paris"),
            Map.entry("E. Europe Standard Time", "Europe/Chisinau"),
            Map.entry("FLE Standard Time", "Europe/Kiev"),
            Map.entry("GTB Standard Time", "Europe/Bucharest"),
            Map.entry("Russian Standard Time", "Europe/Moscow"),
            Map.entry("Israel Standard Time", "Asia/Jerusalem"),
            Map.entry("Arabian Standard Time", "Asia/Dubai"),
            Map.entry("India Standard Time", "Asia/Calcutta"),
            Map.entry("China Standard Time", "Asia/Shanghai"),
            Map.entry("Singapore Standard Time", "Asia/Singapore"),
            Map.entry("Tokyo Standard Time", "Asia/Tokyo"),
            Map.entry("Korea Standard Time", "Asia/Seoul"),
            Map.entry("AUS Eastern Standard Time", "Australia/Sydney"),
            Map.entry("New Zealand Standard Time", "Pacific/Auckland"),
            Map.entry("Eastern Standard Time", "America/New_York"),
            Map.entry("Central Standard Time", "America/Chicago"),
            Map.entry("Mountain Standard Time", "America/Denver"),
            Map.entry("US Mountain Standard Time", "America/Phoenix"),
            Map.entry("Pacific Standard Time", "America/Los_Angeles"),
            Map.entry("Alaskan Standard Time", "America/Anchorage"),
            Map.entry("Hawaiian Standard Time", "Pacific/Honolulu"),
            Map.entry("Atlantic Standard Time", "America/Halifax"),
            Map.entry("E. South America Standard Time", "America/Sao_Paulo"),
            Map.entry("South Africa Standard Time", "Africa/Johannesburg"));

    private WindowsTimeZones() {
    }

    /** The zone for a Windows or IANA id; an unknown id falls back to UTC with a warning. */
    public static ZoneId toZoneId(String id) {
        String iana = WINDOWS_TO_IANA.get(id);
        if (iana != null) {
            return ZoneId.of(iana);
        }
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            LOG.warn("Unknown time zone id '{}' in TimeZoneContext; the simulator uses UTC. Add it to WindowsTimeZones.", id);
            return ZoneOffset.UTC;
        }
    }
}
