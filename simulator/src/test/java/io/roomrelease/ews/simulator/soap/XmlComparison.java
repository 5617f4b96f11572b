package io.roomrelease.ews.simulator.soap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.w3c.dom.Document;
import org.w3c.dom.Node;

/**
 * The serialisation the simulator used before {@link Utf8XmlWriter} (the JDK's identity {@code Transformer}),
 * kept as the reference the new writer is compared with.
 */
public final class XmlComparison {
    private XmlComparison() {
    }

    /** The node as the identity transform writes it: UTF-8 with an XML declaration. */
    public static byte[] transformerBytes(Node node) throws Exception {
        Transformer t = TransformerFactory.newInstance().newTransformer();
        t.setOutputProperty(OutputKeys.ENCODING, "utf-8");
        t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "no");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        t.transform(new DOMSource(node), new StreamResult(out));
        return out.toByteArray();
    }

    /** Parses with a plain namespace-aware parser and normalises (adjacent text merged, empty text dropped). */
    public static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document d = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        d.normalizeDocument();
        return d;
    }

    /**
     * Asserts that both serialisations parse to equal DOMs: same elements, prefixes, namespaces, attributes
     * (namespace declarations included) and text.
     */
    public static void assertSameXml(byte[] actual, byte[] expected) throws Exception {
        Document a = parse(actual);
        Document e = parse(expected);
        assertThat(a.getDocumentElement().isEqualNode(e.getDocumentElement()))
                .as("%s%nparses to the same DOM as%n%s", new String(actual, StandardCharsets.UTF_8),
                        new String(expected, StandardCharsets.UTF_8))
                .isTrue();
    }
}
