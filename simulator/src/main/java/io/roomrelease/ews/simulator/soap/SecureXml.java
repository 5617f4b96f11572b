package io.roomrelease.ews.simulator.soap;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.xml.sax.EntityResolver;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Hardened XML parsing and serialisation for everything the simulator reads from the network.
 *
 * <p>The parser refuses any DOCTYPE ({@code disallow-doctype-decl}), so neither external entities (XXE)
 * nor internal entity expansion ("billion laughs") can be declared; external general and parameter
 * entities, external DTD loading and XInclude are off as a second line of defence, and JAXP's secure
 * processing limits apply. Request size is limited by the caller before parsing.
 *
 * <p>Each thread reuses one {@link DocumentBuilder}, reset before every parse; responses are written by
 * {@link Utf8XmlWriter} straight to UTF-8 bytes.
 */
public final class SecureXml {

    private static final DocumentBuilderFactory FACTORY = hardenedFactory();
    /** DocumentBuilders are not thread-safe, and making one costs more than parsing a typical request. */
    private static final ThreadLocal<DocumentBuilder> BUILDERS = ThreadLocal.withInitial(SecureXml::newBuilder);

    private SecureXml() {
    }

    /**
     * Parses a document. Throws {@link XmlRejectedException} for anything that is not well-formed
     * namespace-aware XML without a DOCTYPE.
     */
    public static Document parse(InputStream in) throws IOException {
        DocumentBuilder builder = BUILDERS.get();
        // reset() restores the factory's configuration (the hardening included) and drops the handlers
        builder.reset();
        builder.setErrorHandler(RETHROW);
        builder.setEntityResolver(REFUSE_ENTITIES);
        try {
            return builder.parse(in);
        } catch (SAXParseException e) {
            throw new XmlRejectedException(e.getMessage(), e.getLineNumber(), e.getColumnNumber(), e);
        } catch (SAXException e) {
            throw new XmlRejectedException(e.getMessage(), -1, -1, e);
        }
    }

    /** A new empty namespace-aware document, e.g. for a response. */
    public static Document newDocument() {
        return BUILDERS.get().newDocument();
    }

    /** Serialises a DOM node as UTF-8 with an XML declaration. */
    public static byte[] toBytes(Node node) {
        return Utf8XmlWriter.write(node, true);
    }

    /** Serialises a DOM node, with or without XML declaration. */
    public static String toString(Node node, boolean declaration) {
        return new String(Utf8XmlWriter.write(node, declaration), StandardCharsets.UTF_8);
    }

    private static DocumentBuilder newBuilder() {
        try {
            return FACTORY.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("The JDK's XML parser rejects the hardening settings", e);
        }
    }

    private static DocumentBuilderFactory hardenedFactory() {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setValidating(false);
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        try {
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("The JDK's XML parser does not support a required hardening feature", e);
        }
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return f;
    }

    private static final EntityResolver REFUSE_ENTITIES = (publicId, systemId) -> {
        throw new SAXException("External entity '" + systemId + "' refused");
    };

    private static final ErrorHandler RETHROW = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    /** The request is not XML the simulator accepts (not well-formed, or carries a DOCTYPE). */
    public static final class XmlRejectedException extends RuntimeException {
        private final int line;
        private final int column;

        XmlRejectedException(String message, int line, int column, Throwable cause) {
            super(message, cause);
            this.line = line;
            this.column = column;
        }

        /** Line of the error, or -1. */
        public int line() {
            return line;
        }

        /** Column of the error, or -1. */
        public int column() {
            return column;
        }
    }
}
