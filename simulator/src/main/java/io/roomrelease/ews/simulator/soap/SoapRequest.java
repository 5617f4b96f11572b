package io.roomrelease.ews.simulator.soap;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A parsed SOAP 1.1 request envelope: its header children, its single body child (the operation) and
 * the EWS headers the server acts on ({@code ExchangeImpersonation}, {@code TimeZoneContext}).
 */
public final class SoapRequest {
    private final List<Element> headerChildren;
    private final Element body;

    private SoapRequest(List<Element> headerChildren, Element body) {
        this.headerChildren = headerChildren;
        this.body = body;
    }

    /** Reads the envelope structure; a document that is not a SOAP 1.1 envelope with one body child is an {@code ErrorInvalidRequest}. */
    public static SoapRequest of(Document document) {
        Element envelope = document.getDocumentElement();
        if (!"Envelope".equals(envelope.getLocalName()) || !Namespaces.SOAP.equals(envelope.getNamespaceURI())) {
            throw new EwsFault("ErrorInvalidRequest", "The request is not a SOAP 1.1 envelope: expected {"
                    + Namespaces.SOAP + "}Envelope but found {" + envelope.getNamespaceURI() + "}" + envelope.getLocalName()
                    + ". EWS accepts SOAP 1.1 only.");
        }
        List<Element> headers = Dom.child(envelope, Namespaces.SOAP, "Header").map(Dom::childElements).orElse(List.of());
        Element bodyElement = Dom.child(envelope, Namespaces.SOAP, "Body").orElseThrow(() ->
                new EwsFault("ErrorInvalidRequest", "The SOAP envelope has no soap:Body."));
        List<Element> bodyChildren = Dom.childElements(bodyElement);
        if (bodyChildren.size() != 1) {
            throw new EwsFault("ErrorInvalidRequest", "The soap:Body must hold exactly one operation element, found "
                    + bodyChildren.size() + ".");
        }
        return new SoapRequest(List.copyOf(headers), bodyChildren.get(0));
    }

    /** The children of soap:Header. */
    public List<Element> headerChildren() {
        return headerChildren;
    }

    /** The child of soap:Body. */
    public Element body() {
        return body;
    }

    /** The operation: the body child's local name, e.g. {@code FindItem}. */
    public String operation() {
        return body.getLocalName();
    }

    /** The {@code t:ExchangeImpersonation/t:ConnectingSID} target, if the request impersonates. */
    public Optional<ConnectingSid> impersonation() {
        return header("ExchangeImpersonation")
                .flatMap(h -> Dom.child(h, Namespaces.TYPES, "ConnectingSID"))
                .map(sid -> {
                    List<Element> ids = Dom.childElements(sid);
                    if (ids.size() != 1 || !Namespaces.TYPES.equals(ids.get(0).getNamespaceURI())) {
                        throw new EwsFault("ErrorInvalidExchangeImpersonationHeaderData",
                                "ExchangeImpersonation/ConnectingSID must hold one of PrincipalName, SID, PrimarySmtpAddress or SmtpAddress.");
                    }
                    Element id = ids.get(0);
                    ConnectingSid.Kind kind = switch (id.getLocalName()) {
                        case "PrimarySmtpAddress" -> ConnectingSid.Kind.PRIMARY_SMTP_ADDRESS;
                        case "SmtpAddress" -> ConnectingSid.Kind.SMTP_ADDRESS;
                        case "PrincipalName" -> ConnectingSid.Kind.PRINCIPAL_NAME;
                        case "SID" -> ConnectingSid.Kind.SID;
                        default -> throw new EwsFault("ErrorInvalidExchangeImpersonationHeaderData",
                                "Unknown ConnectingSID element " + id.getLocalName()
                                        + "; use PrincipalName, SID, PrimarySmtpAddress or SmtpAddress.");
                    };
                    String value = id.getTextContent().trim();
                    if (value.isEmpty()) {
                        throw new EwsFault("ErrorInvalidExchangeImpersonationHeaderData",
                                "ExchangeImpersonation/ConnectingSID/" + id.getLocalName() + " is empty.");
                    }
                    return new ConnectingSid(kind, value);
                });
    }

    /** The time zone of {@code t:TimeZoneContext/t:TimeZoneDefinition/@Id}, UTC when absent. */
    public ZoneId timeZone() {
        return header("TimeZoneContext")
                .flatMap(h -> Dom.child(h, Namespaces.TYPES, "TimeZoneDefinition"))
                .map(d -> d.getAttribute("Id"))
                .filter(id -> !id.isBlank())
                .map(WindowsTimeZones::toZoneId)
                .orElse(ZoneOffset.UTC);
    }

    /** A header child in the types namespace by local name. */
    public Optional<Element> header(String localName) {
        return headerChildren.stream()
                .filter(e -> localName.equals(e.getLocalName()) && Namespaces.TYPES.equals(e.getNamespaceURI()))
                .findFirst();
    }

    /**
     * The mailbox named by {@code ExchangeImpersonation/ConnectingSID}.
     *
     * @param kind  which identifier the client used
     * @param value the address, principal name or SID
     */
    public record ConnectingSid(Kind kind, String value) {
        /** The ConnectingSID choices of types.xsd. */
        public enum Kind { PRIMARY_SMTP_ADDRESS, SMTP_ADDRESS, PRINCIPAL_NAME, SID }
    }
}
