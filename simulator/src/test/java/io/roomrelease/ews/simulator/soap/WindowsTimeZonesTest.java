package io.roomrelease.ews.simulator.soap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

/** The committed Windows zone table is CLDR's, as ICU4J carries it, and every zone in it resolves in java.time. */
class WindowsTimeZonesTest {

    @Test
    void theCommittedTableIsWhatTheGeneratorProduces() throws Exception {
        String committed = Files.readString(WindowsZonesGenerator.RESOURCE, StandardCharsets.UTF_8);
        assertThat(committed).as("src/main/resources/windows-zones.tsv is stale: run WindowsZonesGenerator (see its javadoc)")
                .isEqualTo(WindowsZonesGenerator.generate());
    }

    @Test
    void everyWindowsIdMapsToAZoneJavaKnows() {
        assertThat(WindowsTimeZones.windowsToIana()).hasSizeGreaterThan(130);
        WindowsTimeZones.windowsToIana().forEach((windows, iana) ->
                assertThat(WindowsTimeZones.toZoneId(windows)).as(windows).isEqualTo(ZoneId.of(iana)));
        assertThat(WindowsTimeZones.toZoneId("Pacific Standard Time")).isEqualTo(ZoneId.of("America/Los_Angeles"));
        assertThat(WindowsTimeZones.toZoneId("Europe/Berlin")).isEqualTo(ZoneId.of("Europe/Berlin"));
    }

    @Test
    void anUnknownIdIsErrorTimeZone() {
        assertThatThrownBy(() -> WindowsTimeZones.toZoneId("Mars Standard Time")).isInstanceOf(EwsFault.class)
                .satisfies(e -> assertThat(((EwsFault) e).responseCode()).isEqualTo("ErrorTimeZone"))
                .hasMessageContaining("Mars Standard Time");
    }
}
