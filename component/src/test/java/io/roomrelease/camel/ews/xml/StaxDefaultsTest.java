package io.roomrelease.camel.ews.xml;

import javax.xml.stream.XMLEventFactory;
import javax.xml.stream.XMLOutputFactory;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StaxDefaultsTest {

    @Test
    void namesTheJdkFactoriesSoNoLookupScansTheClassPath() {
        StaxDefaults.pinJdkOutputAndEventFactories();

        assertThat(System.getProperty("javax.xml.stream.XMLOutputFactory"))
                .isEqualTo(XMLOutputFactory.newDefaultFactory().getClass().getName());
        assertThat(System.getProperty("javax.xml.stream.XMLEventFactory"))
                .isEqualTo(XMLEventFactory.newDefaultFactory().getClass().getName());
        assertThat(XMLOutputFactory.newInstance()).isInstanceOf(XMLOutputFactory.newDefaultFactory().getClass());
    }
}
