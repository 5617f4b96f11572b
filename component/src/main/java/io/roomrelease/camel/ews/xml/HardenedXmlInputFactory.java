package io.roomrelease.camel.ews.xml;

import java.io.InputStream;
import java.io.Reader;

import javax.xml.stream.EventFilter;
import javax.xml.stream.StreamFilter;
import javax.xml.stream.XMLEventReader;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLReporter;
import javax.xml.stream.XMLResolver;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.util.XMLEventAllocator;
import javax.xml.transform.Source;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A StAX {@link XMLInputFactory} that never processes DTDs or external entities, whatever its caller asks for.
 * <p>
 * ews-java-api's normal response reader ({@code EwsXmlReader}) sets {@code SUPPORT_DTD=false}, but its streaming
 * notification reader ({@code EwsServiceMultiResponseXmlReader}) calls {@link XMLInputFactory#newInstance()} with no
 * settings: there a hostile server could make the client read local files (XXE) or expand entities without bound.
 * {@link #install()} makes this class the JVM's default StAX input factory, so every {@code newInstance()} returns a
 * hardened factory. It delegates to the JDK's built-in implementation.
 */
public final class HardenedXmlInputFactory extends XMLInputFactory {

    /** The system property {@link XMLInputFactory#newInstance()} consults first. */
    public static final String FACTORY_PROPERTY = "javax.xml.stream.XMLInputFactory";

    private static final Logger LOG = LoggerFactory.getLogger(HardenedXmlInputFactory.class);

    private final XMLInputFactory delegate;

    /** Public no-arg constructor, as the StAX factory lookup requires. */
    public HardenedXmlInputFactory() {
        this.delegate = XMLInputFactory.newDefaultFactory();
        delegate.setProperty(SUPPORT_DTD, Boolean.FALSE);
        delegate.setProperty(IS_SUPPORTING_EXTERNAL_ENTITIES, Boolean.FALSE);
        delegate.setXMLResolver((publicId, systemId, baseUri, ns) -> {
            throw new XMLStreamException("External entity " + systemId + " refused (hardened XML parsing)");
        });
    }

    /**
     * Makes this factory the JVM default for {@link XMLInputFactory#newInstance()} unless another factory was
     * configured explicitly (then a warning says so).
     *
     * @return whether the hardened factory is now the default
     */
    public static synchronized boolean install() {
        String current = System.getProperty(FACTORY_PROPERTY);
        if (current == null || current.isBlank()) {
            System.setProperty(FACTORY_PROPERTY, HardenedXmlInputFactory.class.getName());
            LOG.info("Installed {} as the StAX XMLInputFactory (no DTDs, no external entities)",
                    HardenedXmlInputFactory.class.getSimpleName());
            return true;
        }
        if (current.equals(HardenedXmlInputFactory.class.getName())) {
            return true;
        }
        LOG.warn("{} is set to {}: the hardened EWS XML factory was not installed. Make sure that factory refuses DTDs"
                 + " and external entities before using EWS streaming or pull notifications.",
                FACTORY_PROPERTY, current);
        return false;
    }

    @Override
    public void setProperty(String name, Object value) {
        if ((SUPPORT_DTD.equals(name) || IS_SUPPORTING_EXTERNAL_ENTITIES.equals(name))
                && Boolean.TRUE.equals(value)) {
            return; // refused: this factory stays hardened
        }
        delegate.setProperty(name, value);
    }

    @Override
    public Object getProperty(String name) {
        return delegate.getProperty(name);
    }

    @Override
    public boolean isPropertySupported(String name) {
        return delegate.isPropertySupported(name);
    }

    @Override
    public void setXMLResolver(XMLResolver resolver) {
        // refused: no resolver may fetch external entities
    }

    @Override
    public XMLResolver getXMLResolver() {
        return delegate.getXMLResolver();
    }

    @Override
    public XMLStreamReader createXMLStreamReader(Reader reader) throws XMLStreamException {
        return delegate.createXMLStreamReader(reader);
    }

    @Override
    public XMLStreamReader createXMLStreamReader(Source source) throws XMLStreamException {
        return delegate.createXMLStreamReader(source);
    }

    @Override
    public XMLStreamReader createXMLStreamReader(InputStream stream) throws XMLStreamException {
        return delegate.createXMLStreamReader(stream);
    }

    @Override
    public XMLStreamReader createXMLStreamReader(InputStream stream, String encoding) throws XMLStreamException {
        return delegate.createXMLStreamReader(stream, encoding);
    }

    @Override
    public XMLStreamReader createXMLStreamReader(String systemId, InputStream stream) throws XMLStreamException {
        return delegate.createXMLStreamReader(systemId, stream);
    }

    @Override
    public XMLStreamReader createXMLStreamReader(String systemId, Reader reader) throws XMLStreamException {
        return delegate.createXMLStreamReader(systemId, reader);
    }

    @Override
    public XMLEventReader createXMLEventReader(Reader reader) throws XMLStreamException {
        return delegate.createXMLEventReader(reader);
    }

    @Override
    public XMLEventReader createXMLEventReader(String systemId, Reader reader) throws XMLStreamException {
        return delegate.createXMLEventReader(systemId, reader);
    }

    @Override
    public XMLEventReader createXMLEventReader(XMLStreamReader reader) throws XMLStreamException {
        return delegate.createXMLEventReader(reader);
    }

    @Override
    public XMLEventReader createXMLEventReader(Source source) throws XMLStreamException {
        return delegate.createXMLEventReader(source);
    }

    @Override
    public XMLEventReader createXMLEventReader(InputStream stream) throws XMLStreamException {
        return delegate.createXMLEventReader(stream);
    }

    @Override
    public XMLEventReader createXMLEventReader(InputStream stream, String encoding) throws XMLStreamException {
        return delegate.createXMLEventReader(stream, encoding);
    }

    @Override
    public XMLEventReader createXMLEventReader(String systemId, InputStream stream) throws XMLStreamException {
        return delegate.createXMLEventReader(systemId, stream);
    }

    @Override
    public XMLStreamReader createFilteredReader(XMLStreamReader reader, StreamFilter filter) throws XMLStreamException {
        return delegate.createFilteredReader(reader, filter);
    }

    @Override
    public XMLEventReader createFilteredReader(XMLEventReader reader, EventFilter filter) throws XMLStreamException {
        return delegate.createFilteredReader(reader, filter);
    }

    @Override
    public XMLReporter getXMLReporter() {
        return delegate.getXMLReporter();
    }

    @Override
    public void setXMLReporter(XMLReporter reporter) {
        delegate.setXMLReporter(reporter);
    }

    @Override
    public void setEventAllocator(XMLEventAllocator allocator) {
        delegate.setEventAllocator(allocator);
    }

    @Override
    public XMLEventAllocator getEventAllocator() {
        return delegate.getEventAllocator();
    }
}
