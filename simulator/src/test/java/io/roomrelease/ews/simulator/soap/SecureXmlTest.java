package io.roomrelease.ews.simulator.soap;

import static io.roomrelease.ews.simulator.soap.XmlComparison.assertSameXml;
import static io.roomrelease.ews.simulator.soap.XmlComparison.transformerBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.xml.XMLConstants;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Hardened parsing with reused DocumentBuilders, and the UTF-8 writer compared with the identity transform. */
class SecureXmlTest {
    static final String ENVELOPE = "<soap:Envelope xmlns:soap=\"" + Namespaces.SOAP + "\"><soap:Body/></soap:Envelope>";

    static Document parse(String xml) throws Exception {
        return SecureXml.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    static String write(org.w3c.dom.Node node) {
        return SecureXml.toString(node, false);
    }

    @Test
    void aReusedParserStillRefusesDoctypesAndReportsErrorsWithTheirPosition() throws Exception {
        String doctype = "<!DOCTYPE soap:Envelope [<!ENTITY lol \"lol\">]>" + ENVELOPE;
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> parse(doctype)).isInstanceOf(SecureXml.XmlRejectedException.class)
                    .hasMessageContaining("DOCTYPE");
            assertThat(parse(ENVELOPE).getDocumentElement().getNamespaceURI()).isEqualTo(Namespaces.SOAP);
            assertThatThrownBy(() -> parse("<a>\n  <b></a>")).isInstanceOfSatisfying(SecureXml.XmlRejectedException.class,
                    e -> assertThat(e.line()).isEqualTo(2));
        }
    }

    @Test
    void textAndAttributesAreEscapedSoThatTheyParseBackUnchanged() throws Exception {
        Document doc = SecureXml.newDocument();
        Element e = doc.createElementNS(null, "e");
        String value = "a&b <c> \"d\" 'e'\tf\ng\r\nh é € 😀";
        e.setAttribute("v", value);
        e.setTextContent(value);
        doc.appendChild(e);

        assertThat(write(doc)).isEqualTo("<e v=\"a&amp;b &lt;c&gt; &quot;d&quot; 'e'&#9;f&#10;g&#13;&#10;h é € 😀\">"
                + "a&amp;b &lt;c&gt; \"d\" 'e'\tf\ng&#13;\nh é € 😀</e>");
        Element parsed = parse(SecureXml.toString(doc, true)).getDocumentElement();
        assertThat(parsed.getAttribute("v")).isEqualTo(value);
        assertThat(parsed.getTextContent()).isEqualTo(value);
        assertSameXml(SecureXml.toBytes(doc), transformerBytes(doc));
    }

    @Test
    void charactersXmlForbidsBecomeReferencesAsBeforeAndUnpairedSurrogatesFail() throws Exception {
        Document doc = SecureXml.newDocument();
        Element e = doc.createElementNS(null, "e");
        e.setAttribute("v", "\u0001");
        e.setTextContent("\u0000\u0008\u007f\u0085\uffff");
        doc.appendChild(e);
        assertThat(write(doc)).isEqualTo("<e v=\"&#1;\">&#0;&#8;&#127;&#133;&#65535;</e>");

        e.setTextContent("broken \ud83d pair");
        assertThatThrownBy(() -> SecureXml.toBytes(doc)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("surrogate");
    }

    @Test
    void theDeclarationIsWrittenOnlyWhenAskedFor() {
        Document doc = SecureXml.newDocument();
        doc.appendChild(doc.createElementNS(null, "empty"));
        assertThat(new String(SecureXml.toBytes(doc), StandardCharsets.UTF_8))
                .isEqualTo("<?xml version=\"1.0\" encoding=\"utf-8\"?><empty/>");
        assertThat(write(doc)).isEqualTo("<empty/>");
    }

    @Test
    void missingNamespaceDeclarationsAreWrittenOncePerScopeLikeTheIdentityTransform() throws Exception {
        Document doc = SecureXml.newDocument();
        Element root = doc.createElementNS(Namespaces.MESSAGES, "m:Root"); // no xmlns:m attribute in the DOM
        doc.appendChild(root);
        Element child = doc.createElementNS(Namespaces.TYPES, "t:Child");
        root.appendChild(child);
        Element grandchild = doc.createElementNS(Namespaces.TYPES, "t:Grandchild");
        grandchild.setAttributeNS(Namespaces.ERRORS, "e:code", "1");
        grandchild.setAttributeNS(XMLConstants.XML_NS_URI, "xml:lang", "en-US");
        child.appendChild(grandchild);
        Element dflt = doc.createElementNS("urn:default", "Default");
        root.appendChild(dflt);
        dflt.appendChild(doc.createElementNS(null, "none")).appendChild(doc.createElementNS(Namespaces.MESSAGES, "m:Again"));
        Element redeclared = doc.createElementNS(Namespaces.TYPES, "t:Declared");
        redeclared.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:t", Namespaces.TYPES);
        root.appendChild(redeclared);

        assertThat(write(doc)).isEqualTo("<m:Root xmlns:m=\"" + Namespaces.MESSAGES + "\">"
                + "<t:Child xmlns:t=\"" + Namespaces.TYPES + "\">"
                + "<t:Grandchild xmlns:e=\"" + Namespaces.ERRORS + "\" e:code=\"1\" xml:lang=\"en-US\"/></t:Child>"
                + "<Default xmlns=\"urn:default\"><none xmlns=\"\"><m:Again/></none></Default>"
                + "<t:Declared xmlns:t=\"" + Namespaces.TYPES + "\"/></m:Root>");
        assertSameXml(SecureXml.toBytes(doc), transformerBytes(doc));
    }

    @Test
    void anAttributeWithoutPrefixInANamespaceGetsOne() throws Exception {
        Document doc = SecureXml.newDocument();
        Element root = doc.createElementNS("urn:a", "a:Root");
        root.setAttributeNS("urn:b", "plain", "v");
        doc.appendChild(root);
        Element parsed = parse(write(doc)).getDocumentElement();
        assertThat(parsed.getAttributeNS("urn:b", "plain")).isEqualTo("v");
        assertThat(parsed.getNamespaceURI()).isEqualTo("urn:a");
    }

    @Test
    void otherNodeTypesAreWrittenAsXml() throws Exception {
        Document doc = SecureXml.newDocument();
        Element root = doc.createElementNS(null, "r");
        doc.appendChild(root);
        root.appendChild(doc.createComment(" note "));
        root.appendChild(doc.createCDATASection("a <b> ]]> c"));
        root.appendChild(doc.createProcessingInstruction("pi", "data"));
        assertThat(write(doc)).isEqualTo("<r><!-- note --><![CDATA[a <b> ]]]]><![CDATA[> c]]><?pi data?></r>");
        assertThat(parse(write(doc)).getDocumentElement().getTextContent()).isEqualTo("a <b> ]]> c");
    }

    @Test
    void aFaultWithMessageXmlAndPositionIsTheSameXmlAsBefore() throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("BackOffMilliseconds", "1234");
        values.put("Policy", "EWS & \"friends\" <max>");
        EwsFault fault = new EwsFault("ErrorServerBusy", "The server cannot service this request right now. Try again later.",
                values, 500);
        Document doc = SoapWriter.faultDocument(fault, 3, 17);
        byte[] bytes = SoapWriter.fault(fault, 3, 17);

        assertSameXml(bytes, transformerBytes(doc));
        String xml = new String(bytes, StandardCharsets.UTF_8);
        assertThat(xml).startsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?><s:Envelope xmlns:s=\"" + Namespaces.SOAP + "\">")
                .contains("<faultcode xmlns:a=\"" + Namespaces.TYPES + "\">a:ErrorServerBusy</faultcode>")
                .contains("<faultstring xml:lang=\"en-US\">")
                .contains("<e:Line xmlns:e=\"" + Namespaces.ERRORS + "\">3</e:Line>")
                .contains("<t:Value Name=\"Policy\">EWS &amp; \"friends\" &lt;max&gt;</t:Value>");
    }

    @Test
    void anEnvelopeIsTheSameXmlAsBefore() throws Exception {
        SoapWriter.ResponseEnvelope envelope = SoapWriter.response();
        Element body = envelope.document().createElementNS(Namespaces.MESSAGES, "m:GetRoomListsResponse");
        body.setAttribute("ResponseClass", "Success");
        body.appendChild(envelope.document().createElementNS(Namespaces.MESSAGES, "m:ResponseCode")).setTextContent("NoError");
        envelope.setBody(body);
        assertSameXml(envelope.toBytes(), transformerBytes(envelope.document()));
    }
}
