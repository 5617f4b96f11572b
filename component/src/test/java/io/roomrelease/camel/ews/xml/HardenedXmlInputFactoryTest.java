package io.roomrelease.camel.ews.xml;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.xml.stream.XMLEventReader;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.events.XMLEvent;

import microsoft.exchange.webservices.data.core.EwsServiceMultiResponseXmlReader;
import microsoft.exchange.webservices.data.core.ExchangeService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ews-java-api's streaming-notification reader configures nothing; with the hardened factory installed it refuses
 * external entities (no local file is read) and entity expansion.
 */
class HardenedXmlInputFactoryTest {

    static final String SECRET = "TOP-SECRET-LOCAL-CONTENT-4711";

    @TempDir
    static Path dir;
    static Path secretFile;

    @BeforeAll
    static void setUp() throws Exception {
        secretFile = dir.resolve("secret.txt");
        Files.writeString(secretFile, SECRET);
        assertThat(HardenedXmlInputFactory.install()).isTrue();
    }

    static String xxe() {
        return "<?xml version=\"1.0\"?><!DOCTYPE e [<!ENTITY xxe SYSTEM \"" + secretFile.toUri() + "\">]>"
               + "<e>&xxe;</e>";
    }

    static String laughs() {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE e [<!ENTITY l0 \"lol\">");
        for (int i = 1; i < 12; i++) {
            sb.append("<!ENTITY l").append(i).append(" \"");
            for (int j = 0; j < 10; j++) {
                sb.append("&l").append(i - 1).append(';');
            }
            sb.append("\">");
        }
        return sb.append("]><e>&l11;</e>").toString();
    }

    static String readAll(XMLInputFactory f, String xml) throws Exception {
        XMLEventReader r = f.createXMLEventReader(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        StringBuilder text = new StringBuilder();
        while (r.hasNext()) {
            XMLEvent e = r.nextEvent();
            if (e.isCharacters()) {
                text.append(e.asCharacters().getData());
            }
        }
        return text.toString();
    }

    @Test
    void theUnconfiguredJdkFactoryReallyIsVulnerable() throws Exception {
        // the baseline the hardening protects against: without it, the local file ends up in the parsed text
        assertThat(readAll(XMLInputFactory.newDefaultFactory(), xxe())).contains(SECRET);
    }

    @Test
    void newInstanceReturnsTheHardenedFactoryEvenWhenAskedForDtds() throws Exception {
        XMLInputFactory f = XMLInputFactory.newInstance();
        assertThat(f).isInstanceOf(HardenedXmlInputFactory.class);
        f.setProperty(XMLInputFactory.SUPPORT_DTD, true);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, true);
        assertThat(f.getProperty(XMLInputFactory.SUPPORT_DTD)).isEqualTo(Boolean.FALSE);
        assertThatThrownBy(() -> readAll(f, xxe())).satisfies(t -> assertThat(String.valueOf(t)).doesNotContain(SECRET));
        assertThatThrownBy(() -> readAll(f, laughs())).isNotNull();
        assertThat(readAll(f, "<e>a &amp; b</e>")).isEqualTo("a & b");
    }

    @Test
    void streamingNotificationReaderRefusesExternalEntitiesAndExpansion() throws Exception {
        try (ExchangeService service = new ExchangeService()) {
            for (String hostile : new String[] { xxe(), laughs() }) {
                StringBuilder seen = new StringBuilder();
                assertThatThrownBy(() -> {
                    EwsServiceMultiResponseXmlReader r = EwsServiceMultiResponseXmlReader
                            .create(new ByteArrayInputStream(hostile.getBytes(StandardCharsets.UTF_8)), service);
                    for (int i = 0; i < 10; i++) {
                        r.read();
                        if (r.isStartElement()) {
                            seen.append(r.readElementValue());
                        }
                    }
                }).satisfies(t -> assertThat(stack(t)).doesNotContain(SECRET));
                assertThat(seen.toString()).doesNotContain(SECRET).doesNotContain("lollollol");
            }
        }
    }

    static String stack(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c).append('\n');
        }
        return sb.toString();
    }
}
