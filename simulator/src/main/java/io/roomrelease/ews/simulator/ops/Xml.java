package io.roomrelease.ews.simulator.ops;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import io.roomrelease.ews.simulator.soap.EwsFault;
import io.roomrelease.ews.simulator.soap.Namespaces;

/** Small DOM helpers for reading EWS requests and writing responses with the {@code m:} and {@code t:} prefixes. */
final class Xml {
    private Xml() {
    }

    /** The first child element with this namespace and local name. */
    static Optional<Element> child(Element parent, String ns, String local) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && local.equals(e.getLocalName()) && ns.equals(e.getNamespaceURI())) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** The first child in the types namespace. */
    static Optional<Element> t(Element parent, String local) {
        return child(parent, Namespaces.TYPES, local);
    }

    /** The first child in the messages namespace. */
    static Optional<Element> m(Element parent, String local) {
        return child(parent, Namespaces.MESSAGES, local);
    }

    /** Every child element. */
    static List<Element> children(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }

    /** Every child element with this local name (any namespace). */
    static List<Element> children(Element parent, String local) {
        return children(parent).stream().filter(e -> local.equals(e.getLocalName())).toList();
    }

    static String text(Element e) {
        return e.getTextContent().trim();
    }

    /** An attribute, or null when absent. */
    /**
     * An {@code xs:boolean}: {@code true}, {@code false}, {@code 1} or {@code 0} (XML Schema's lexical forms, which
     * Exchange accepts); anything else is a schema error, never silently false.
     */
    static boolean bool(String value, String what) {
        String v = value == null ? "" : value.trim();
        return switch (v) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw schemaError(what + " must be an xs:boolean (true, false, 1 or 0), was '" + v + "'");
        };
    }

    static String attr(Element e, String name) {
        return e.hasAttribute(name) ? e.getAttribute(name) : null;
    }

    /** A required child in the messages namespace; its absence is a schema error (a SOAP fault). */
    static Element requireM(Element parent, String local) {
        return m(parent, local).orElseThrow(() -> schemaError(parent.getLocalName() + " has no m:" + local + " element"));
    }

    static EwsFault schemaError(String detail) {
        return EwsFault.schemaValidation(detail);
    }

    /** Creates {@code <m:name>}. */
    static Element newM(Document doc, String name) {
        return doc.createElementNS(Namespaces.MESSAGES, "m:" + name);
    }

    /** Creates {@code <t:name>}. */
    static Element newT(Document doc, String name) {
        return doc.createElementNS(Namespaces.TYPES, "t:" + name);
    }

    /** Appends {@code <t:name>} to a parent and returns it. */
    static Element addT(Element parent, String name) {
        Element e = newT(parent.getOwnerDocument(), name);
        parent.appendChild(e);
        return e;
    }

    /** Appends {@code <t:name>text</t:name>}. */
    static Element addT(Element parent, String name, Object text) {
        Element e = addT(parent, name);
        e.setTextContent(String.valueOf(text));
        return e;
    }

    /** Appends {@code <m:name>}. */
    static Element addM(Element parent, String name) {
        Element e = newM(parent.getOwnerDocument(), name);
        parent.appendChild(e);
        return e;
    }

    /** xs:dateTime in UTC with seconds precision, as Exchange writes it. */
    static String dateTime(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /**
     * Parses xs:dateTime; a value without offset is local time in {@code zone} (the request's
     * TimeZoneContext).
     */
    static Instant parseDateTime(String value, ZoneId zone, String what) {
        String v = value.trim();
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeException e) {
            try {
                return LocalDateTime.parse(v).atZone(zone).toInstant();
            } catch (DateTimeException e2) {
                throw schemaError(what + " '" + value + "' is not an xs:dateTime");
            }
        }
    }
}
