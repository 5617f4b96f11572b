package io.roomrelease.ews.simulator.soap;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Small DOM helpers for the SOAP layer. */
public final class Dom {
    private Dom() {
    }

    /** The element children of a node, in document order. */
    public static List<Element> childElements(Node parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.ELEMENT_NODE) {
                out.add((Element) n);
            }
        }
        return out;
    }

    /** The first child element with the given namespace and local name. */
    public static Optional<Element> child(Node parent, String ns, String localName) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.ELEMENT_NODE && localName.equals(n.getLocalName())
                    && ns.equals(n.getNamespaceURI())) {
                return Optional.of((Element) n);
            }
        }
        return Optional.empty();
    }

    /** Whether there is non-whitespace text directly under the node. */
    public static boolean hasText(Node parent) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.TEXT_NODE && !n.getNodeValue().isBlank()) {
                return true;
            }
        }
        return false;
    }
}
