package io.roomrelease.ews.simulator.soap;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

import javax.xml.XMLConstants;

import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Serialises a DOM tree straight to UTF-8 bytes, without pretty printing; it replaces an identity
 * {@code Transformer}, which cost the simulator a large share of its CPU per response.
 *
 * <p>Namespace declarations present in the DOM are written as they are. An element or attribute whose
 * namespace is not declared in scope (e.g. one made with {@code createElementNS} only) gets the missing
 * declaration on the element itself, once per scope, as the identity transform does; a no-namespace
 * element under a default namespace gets {@code xmlns=""}.
 *
 * <p>Escaping: {@code & < >} everywhere, {@code "} and tab, line feed and carriage return in attribute
 * values, carriage return in text (so that they survive parsing). Characters that XML 1.0 does not allow
 * (C0 controls other than tab, line feed and carriage return; U+FFFE; U+FFFF) and the C1 controls are written
 * as numeric character references like the JDK's serialiser writes them; an unpaired surrogate cannot be
 * encoded and fails the serialisation.
 */
final class Utf8XmlWriter {
    private static final byte[] DECLARATION = "<?xml version=\"1.0\" encoding=\"utf-8\"?>".getBytes(StandardCharsets.US_ASCII);

    private byte[] buf = new byte[8192];
    private int len;
    /** In-scope namespace bindings, innermost last; an element's own bindings start at its mark. */
    private String[] prefixes = new String[16];
    private String[] uris = new String[16];
    private int bindings;
    private int generated;

    private Utf8XmlWriter() {
    }

    /** The node (a document, element or other content) as UTF-8, optionally preceded by an XML declaration. */
    static byte[] write(Node node, boolean declaration) {
        Utf8XmlWriter w = new Utf8XmlWriter();
        w.bind(XMLConstants.XML_NS_PREFIX, XMLConstants.XML_NS_URI);
        w.bind("", "");
        if (declaration) {
            w.raw(DECLARATION);
        }
        w.node(node);
        return Arrays.copyOf(w.buf, w.len);
    }

    private void node(Node node) {
        switch (node.getNodeType()) {
            case Node.DOCUMENT_NODE, Node.DOCUMENT_FRAGMENT_NODE -> children(node);
            case Node.ELEMENT_NODE -> element((Element) node);
            case Node.TEXT_NODE -> escaped(node.getNodeValue(), false);
            case Node.CDATA_SECTION_NODE -> cdata(node.getNodeValue());
            case Node.COMMENT_NODE -> {
                ascii("<!--");
                utf8(node.getNodeValue());
                ascii("-->");
            }
            case Node.PROCESSING_INSTRUCTION_NODE -> {
                ascii("<?");
                utf8(node.getNodeName());
                String data = node.getNodeValue();
                if (data != null && !data.isEmpty()) {
                    ascii(" ");
                    utf8(data);
                }
                ascii("?>");
            }
            default -> throw new IllegalStateException("Cannot serialise a DOM node of type " + node.getNodeType()
                    + " (" + node.getNodeName() + ")");
        }
    }

    private void children(Node parent) {
        for (Node c = parent.getFirstChild(); c != null; c = c.getNextSibling()) {
            node(c);
        }
    }

    private void element(Element e) {
        int mark = bindings;
        NamedNodeMap attributes = e.getAttributes();
        int count = attributes.getLength();
        for (int i = 0; i < count; i++) {
            Attr a = (Attr) attributes.item(i);
            String declared = declaredPrefix(a);
            if (declared != null) {
                bind(declared, a.getValue());
            }
        }
        // the element's own namespace, unless a declaration in scope already binds its prefix to it
        String elementPrefix = null;
        String elementUri = null;
        if (e.getLocalName() != null) {
            String prefix = e.getPrefix() == null ? "" : e.getPrefix();
            String uri = e.getNamespaceURI() == null ? "" : e.getNamespaceURI();
            if (!uri.equals(lookup(prefix))) {
                bind(prefix, uri);
                elementPrefix = prefix;
                elementUri = uri;
            }
        }
        ascii("<");
        utf8(e.getTagName());
        for (int i = 0; i < count; i++) {
            Attr a = (Attr) attributes.item(i);
            String declared = declaredPrefix(a);
            if (declared == null) {
                String uri = a.getNamespaceURI();
                attribute(a.getLocalName() != null && uri != null ? attributeName(a, uri, mark) : a.getName(), a.getValue());
            } else if (!declared.equals(elementPrefix)) {
                attribute(a.getName(), a.getValue()); // a declaration that contradicts the element's namespace gives way
            }
        }
        if (elementPrefix != null) {
            attribute(elementPrefix.isEmpty() ? "xmlns" : "xmlns:" + elementPrefix, elementUri);
        }
        if (e.hasChildNodes()) {
            ascii(">");
            children(e);
            ascii("</");
            utf8(e.getTagName());
            ascii(">");
        } else {
            ascii("/>");
        }
        bindings = mark; // the element's declarations go out of scope
    }

    /**
     * The name to write for a namespaced attribute, declaring its prefix first when it is not bound to the
     * attribute's namespace. An attribute without prefix, or whose prefix this element already binds to another
     * namespace, gets a prefix that is bound to the namespace in scope, or a new one.
     */
    private String attributeName(Attr a, String uri, int mark) {
        String prefix = a.getPrefix();
        if (prefix != null && uri.equals(lookup(prefix))) {
            return a.getName();
        }
        if (prefix == null || boundSince(prefix, mark)) {
            prefix = prefixOf(uri);
            if (prefix != null) {
                return prefix + ":" + a.getLocalName();
            }
            do {
                prefix = "ns" + generated++;
            } while (lookup(prefix) != null);
        }
        bind(prefix, uri);
        attribute("xmlns:" + prefix, uri);
        return prefix + ":" + a.getLocalName();
    }

    /** The prefix an {@code xmlns} or {@code xmlns:p} attribute declares ("" for the default), else null. */
    private static String declaredPrefix(Attr a) {
        String name = a.getName();
        if (name.equals(XMLConstants.XMLNS_ATTRIBUTE)) {
            return "";
        }
        return name.startsWith("xmlns:") ? name.substring(6) : null;
    }

    private void attribute(String name, String value) {
        ascii(" ");
        utf8(name);
        ascii("=\"");
        escaped(value, true);
        ascii("\"");
    }

    private void bind(String prefix, String uri) {
        if (bindings == prefixes.length) {
            prefixes = Arrays.copyOf(prefixes, bindings * 2);
            uris = Arrays.copyOf(uris, bindings * 2);
        }
        prefixes[bindings] = prefix;
        uris[bindings] = uri;
        bindings++;
    }

    /** The namespace bound to a prefix in scope ("" for none), or null when the prefix is unbound. */
    private String lookup(String prefix) {
        for (int i = bindings - 1; i >= 0; i--) {
            if (prefixes[i].equals(prefix)) {
                return uris[i];
            }
        }
        return null;
    }

    private boolean boundSince(String prefix, int mark) {
        for (int i = bindings - 1; i >= mark; i--) {
            if (prefixes[i].equals(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** A non-empty prefix bound to the namespace in scope and not hidden by an inner binding, or null. */
    private String prefixOf(String uri) {
        for (int i = bindings - 1; i >= 0; i--) {
            if (uris[i].equals(uri) && !prefixes[i].isEmpty() && uri.equals(lookup(prefixes[i]))) {
                return prefixes[i];
            }
        }
        return null;
    }

    private void cdata(String text) {
        ascii("<![CDATA[");
        int start = 0;
        for (int end = text.indexOf("]]>"); end >= 0; end = text.indexOf("]]>", start)) {
            cdataChars(text, start, end + 2);
            ascii("]]><![CDATA[");
            start = end + 2;
        }
        cdataChars(text, start, text.length());
        ascii("]]>");
    }

    /** CDATA content; a character that must be a reference ends the section around it. */
    private void cdataChars(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == '\r' || needsReference(c)) {
                ascii("]]>");
                reference(c);
                ascii("<![CDATA[");
            } else {
                i = encode(text, i);
            }
        }
    }

    /** Text or an attribute value, escaped. */
    private void escaped(String text, boolean attribute) {
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> ascii("&amp;");
                case '<' -> ascii("&lt;");
                case '>' -> ascii("&gt;");
                case '\r' -> ascii("&#13;");
                case '"' -> {
                    if (attribute) {
                        ascii("&quot;");
                    } else {
                        put((byte) c);
                    }
                }
                case '\n' -> {
                    if (attribute) {
                        ascii("&#10;");
                    } else {
                        put((byte) c);
                    }
                }
                case '\t' -> {
                    if (attribute) {
                        ascii("&#9;");
                    } else {
                        put((byte) c);
                    }
                }
                default -> {
                    if (c >= 0x20 && c < 0x7F) {
                        put((byte) c);
                    } else if (needsReference(c)) {
                        reference(c);
                    } else {
                        i = encode(text, i);
                    }
                }
            }
        }
    }

    /** Characters XML 1.0 forbids (but tab, line feed, carriage return), DEL and the C1 controls. */
    private static boolean needsReference(char c) {
        return c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c >= 0x7F && c <= 0x9F || c == 0xFFFE || c == 0xFFFF;
    }

    private void reference(char c) {
        ascii("&#");
        ascii(Integer.toString(c));
        ascii(";");
    }

    /** Unescaped characters (comments, processing instructions, names). */
    private void utf8(String text) {
        int n = text.length();
        for (int i = 0; i < n; i++) {
            i = encode(text, i);
        }
    }

    /** Writes the character at {@code i} as UTF-8 and returns the index of its last char (a surrogate pair takes two). */
    private int encode(String text, int i) {
        char c = text.charAt(i);
        if (c < 0x80) {
            put((byte) c);
        } else if (c < 0x800) {
            ensure(2);
            buf[len++] = (byte) (0xC0 | c >> 6);
            buf[len++] = (byte) (0x80 | c & 0x3F);
        } else if (Character.isSurrogate(c)) {
            if (!Character.isHighSurrogate(c) || i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                throw new IllegalStateException("Cannot serialise XML: unpaired UTF-16 surrogate U+"
                        + Integer.toHexString(c).toUpperCase(Locale.ROOT) + " at index " + i);
            }
            int cp = Character.toCodePoint(c, text.charAt(i + 1));
            ensure(4);
            buf[len++] = (byte) (0xF0 | cp >> 18);
            buf[len++] = (byte) (0x80 | cp >> 12 & 0x3F);
            buf[len++] = (byte) (0x80 | cp >> 6 & 0x3F);
            buf[len++] = (byte) (0x80 | cp & 0x3F);
            return i + 1;
        } else {
            ensure(3);
            buf[len++] = (byte) (0xE0 | c >> 12);
            buf[len++] = (byte) (0x80 | c >> 6 & 0x3F);
            buf[len++] = (byte) (0x80 | c & 0x3F);
        }
        return i;
    }

    private void ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    private void raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
    }

    private void put(byte b) {
        if (len == buf.length) {
            ensure(1);
        }
        buf[len++] = b;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }
}
