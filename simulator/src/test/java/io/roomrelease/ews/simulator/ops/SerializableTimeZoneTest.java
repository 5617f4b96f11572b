package io.roomrelease.ews.simulator.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;

import io.roomrelease.ews.simulator.soap.Namespaces;

class SerializableTimeZoneTest {

    static SerializableTimeZone parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return SerializableTimeZone.parse(f.newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.replace("T:", "t:").getBytes(StandardCharsets.UTF_8))).getDocumentElement());
    }

    static final String PACIFIC = "<t:TimeZone xmlns:t=\"" + Namespaces.TYPES + "\"><t:Bias>480</t:Bias>"
            + "<t:StandardTime><t:Bias>0</t:Bias><t:Time>02:00:00</t:Time><t:DayOrder>1</t:DayOrder><t:Month>11</t:Month><t:DayOfWeek>Sunday</t:DayOfWeek></t:StandardTime>"
            + "<t:DaylightTime><t:Bias>-60</t:Bias><t:Time>02:00:00</t:Time><t:DayOrder>2</t:DayOrder><t:Month>3</t:Month><t:DayOfWeek>Sunday</t:DayOfWeek></t:DaylightTime>"
            + "</t:TimeZone>";

    @Test
    void localTimesFollowDaylightSavingAndCarryNoOffset() throws Exception {
        SerializableTimeZone tz = parse(PACIFIC);
        assertThat(tz.local(Instant.parse("2025-01-15T17:00:00Z"))).isEqualTo("2025-01-15T09:00:00");
        assertThat(tz.local(Instant.parse("2025-07-01T17:00:00Z"))).isEqualTo("2025-07-01T10:00:00");
        // 2025-03-09 02:00 PST is the switch: 09:59Z is still standard, 10:00Z daylight
        assertThat(tz.local(Instant.parse("2025-03-09T09:59:00Z"))).isEqualTo("2025-03-09T01:59:00");
        assertThat(tz.local(Instant.parse("2025-03-09T10:00:00Z"))).isEqualTo("2025-03-09T03:00:00");
        assertThat(tz.instant("2025-07-01T10:00:00")).isEqualTo(Instant.parse("2025-07-01T17:00:00Z"));
        assertThat(tz.instant("2025-07-01T10:00:00Z")).isEqualTo(Instant.parse("2025-07-01T10:00:00Z"));
    }

    @Test
    void utcIsTheDefault() {
        assertThat(SerializableTimeZone.utc().local(Instant.parse("2025-07-01T17:00:00Z"))).isEqualTo("2025-07-01T17:00:00");
    }
}
