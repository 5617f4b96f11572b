package io.roomrelease.ews.simulator.soap;

import java.util.List;
import java.util.Map;

import javax.xml.XMLConstants;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Writes SOAP 1.1 envelopes the way Exchange 2019 does: responses carry {@code t:ServerVersionInfo} in
 * {@code soap:Header} (ews-java-api refuses a 200 response without it), faults carry the EWS response
 * code in {@code faultcode} and in {@code detail/e:ResponseCode}.
 */
public final class SoapWriter {

    /** Exchange Server 2019 CU12 as it answers an Exchange2016-level request. */
    public static final String MAJOR_VERSION = "15";
    public static final String MINOR_VERSION = "2";
    public static final String MAJOR_BUILD = "1118";
    public static final String MINOR_BUILD = "7";
    public static final String VERSION = "V2017_07_11";

    private SoapWriter() {
    }

    /** A response envelope under construction: add the body child with {@link #setBody(Element)}. */
    public static final class ResponseEnvelope {
        private final Document document;
        private final Element header;
        private final Element body;

        private ResponseEnvelope() {
            document = SecureXml.newDocument();
            Element envelope = document.createElementNS(Namespaces.SOAP, "s:Envelope");
            declare(envelope, "s", Namespaces.SOAP);
            declare(envelope, "m", Namespaces.MESSAGES);
            declare(envelope, "t", Namespaces.TYPES);
            document.appendChild(envelope);
            header = document.createElementNS(Namespaces.SOAP, "s:Header");
            envelope.appendChild(header);
            Element version = document.createElementNS(Namespaces.TYPES, "t:ServerVersionInfo");
            version.setAttribute("MajorVersion", MAJOR_VERSION);
            version.setAttribute("MinorVersion", MINOR_VERSION);
            version.setAttribute("MajorBuildNumber", MAJOR_BUILD);
            version.setAttribute("MinorBuildNumber", MINOR_BUILD);
            version.setAttribute("Version", VERSION);
            header.appendChild(version);
            body = document.createElementNS(Namespaces.SOAP, "s:Body");
            declare(body, "xsi", XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI);
            declare(body, "xsd", XMLConstants.W3C_XML_SCHEMA_NS_URI);
            envelope.appendChild(body);
        }

        /** The document the body child must be created in. */
        public Document document() {
            return document;
        }

        /** Appends the operation's response element (created in {@link #document()}). */
        public void setBody(Element responseElement) {
            if (responseElement.getOwnerDocument() != document) {
                responseElement = (Element) document.importNode(responseElement, true);
            }
            body.appendChild(responseElement);
        }

        /** The children of soap:Header (ServerVersionInfo). */
        public List<Element> headerChildren() {
            return Dom.childElements(header);
        }

        /** The child of soap:Body, if set. */
        public Element bodyChild() {
            List<Element> children = Dom.childElements(body);
            return children.isEmpty() ? null : children.get(0);
        }

        public byte[] toBytes() {
            return SecureXml.toBytes(document);
        }
    }

    /** Starts a response envelope. */
    public static ResponseEnvelope response() {
        return new ResponseEnvelope();
    }

    /** A SOAP fault envelope for an EWS request-level error (sent with HTTP 500 unless the fault says otherwise). */
    public static byte[] fault(EwsFault fault) {
        return fault(fault, -1, -1);
    }

    /** A SOAP fault with the line and position of a schema or parse error (Exchange's ErrorSchemaValidation shape). */
    public static byte[] fault(EwsFault fault, int line, int position) {
        return SecureXml.toBytes(faultDocument(fault, line, position));
    }

    /** The DOM of {@link #fault(EwsFault, int, int)}. */
    static Document faultDocument(EwsFault fault, int line, int position) {
        Document doc = SecureXml.newDocument();
        Element envelope = doc.createElementNS(Namespaces.SOAP, "s:Envelope");
        declare(envelope, "s", Namespaces.SOAP);
        doc.appendChild(envelope);
        Element body = child(envelope, Namespaces.SOAP, "s:Body");
        Element f = child(body, Namespaces.SOAP, "s:Fault");
        Element code = child(f, null, "faultcode");
        declare(code, "a", Namespaces.TYPES);
        code.setTextContent("a:" + fault.responseCode());
        Element string = child(f, null, "faultstring");
        string.setAttributeNS(XMLConstants.XML_NS_URI, "xml:lang", "en-US");
        string.setTextContent(fault.getMessage());
        Element detail = child(f, null, "detail");
        Element responseCode = child(detail, Namespaces.ERRORS, "e:ResponseCode");
        declare(responseCode, "e", Namespaces.ERRORS);
        responseCode.setTextContent(fault.responseCode());
        Element message = child(detail, Namespaces.ERRORS, "e:Message");
        declare(message, "e", Namespaces.ERRORS);
        message.setTextContent(fault.getMessage());
        if (line > 0) {
            Element l = child(detail, Namespaces.ERRORS, "e:Line");
            declare(l, "e", Namespaces.ERRORS);
            l.setTextContent(Integer.toString(line));
            Element p = child(detail, Namespaces.ERRORS, "e:Position");
            declare(p, "e", Namespaces.ERRORS);
            p.setTextContent(Integer.toString(Math.max(position, 0)));
        }
        if (fault.violation() != null) {
            // Exchange: <t:MessageXml><t:LineNumber/><t:LinePosition/><t:Violation/></t:MessageXml>
            Element messageXml = child(detail, Namespaces.TYPES, "t:MessageXml");
            declare(messageXml, "t", Namespaces.TYPES);
            if (line > 0) {
                child(messageXml, Namespaces.TYPES, "t:LineNumber").setTextContent(Integer.toString(line));
                child(messageXml, Namespaces.TYPES, "t:LinePosition").setTextContent(Integer.toString(Math.max(position, 0)));
            }
            child(messageXml, Namespaces.TYPES, "t:Violation").setTextContent(fault.violation());
        }
        Map<String, String> values = fault.messageXmlValues();
        if (!values.isEmpty()) {
            Element messageXml = child(detail, Namespaces.TYPES, "t:MessageXml");
            declare(messageXml, "t", Namespaces.TYPES);
            values.forEach((name, value) -> {
                Element v = child(messageXml, Namespaces.TYPES, "t:Value");
                v.setAttribute("Name", name);
                v.setTextContent(value);
            });
        }
        return doc;
    }

    private static Element child(Element parent, String ns, String qname) {
        Element e = ns == null ? parent.getOwnerDocument().createElementNS(null, qname)
                : parent.getOwnerDocument().createElementNS(ns, qname);
        parent.appendChild(e);
        return e;
    }

    private static void declare(Element e, String prefix, String ns) {
        e.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:" + prefix, ns);
    }
}
