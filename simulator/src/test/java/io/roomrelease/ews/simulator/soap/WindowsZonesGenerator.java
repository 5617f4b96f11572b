package io.roomrelease.ews.simulator.soap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import com.ibm.icu.util.TimeZone;
import com.ibm.icu.util.VersionInfo;

/**
 * Writes {@code src/main/resources/windows-zones.tsv}: every Windows time zone id CLDR's windowsZones knows, with the
 * IANA zone of its territory "001" (the mapping Windows, Exchange and ICU use). Run from the simulator folder:
 * {@code java -cp <test classpath> io.roomrelease.ews.simulator.soap.WindowsZonesGenerator}, or let
 * {@code WindowsTimeZonesTest} tell you the committed file is stale.
 */
public final class WindowsZonesGenerator {
    static final Path RESOURCE = Path.of("src/main/resources/windows-zones.tsv");

    private WindowsZonesGenerator() {
    }

    /** The file's text. */
    static String generate() {
        Map<String, String> windowsToIana = new TreeMap<>();
        for (String id : TimeZone.getAvailableIDs()) {
            String windows = TimeZone.getWindowsID(id);
            if (windows != null && !windowsToIana.containsKey(windows)) {
                String iana = TimeZone.getIDForWindowsID(windows, "001");
                if (iana != null) {
                    windowsToIana.put(windows, iana);
                }
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("# Windows time zone id -> IANA zone (CLDR windowsZones, territory 001), generated from ICU4J ")
                .append(VersionInfo.ICU_VERSION).append(" (CLDR ").append(com.ibm.icu.util.LocaleData.getCLDRVersion())
                .append(") by WindowsZonesGenerator; do not edit by hand.\n");
        windowsToIana.forEach((w, i) -> out.append(w).append('\t').append(i).append('\n'));
        return out.toString();
    }

    public static void main(String[] args) throws IOException {
        Files.writeString(RESOURCE, generate(), StandardCharsets.UTF_8);
        System.out.println("wrote " + RESOURCE.toAbsolutePath());
    }
}
