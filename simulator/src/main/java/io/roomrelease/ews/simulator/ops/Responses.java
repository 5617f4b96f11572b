package io.roomrelease.ews.simulator.ops;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Writes EWS response messages: {@code <m:XResponseMessage ResponseClass="…">} with code and text. */
final class Responses {
    private Responses() {
    }

    /** {@code <m:name ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode>}. */
    static Element success(Document doc, String name) {
        Element e = Xml.newM(doc, name);
        e.setAttribute("ResponseClass", "Success");
        Xml.addM(e, "ResponseCode").setTextContent("NoError");
        return e;
    }

    /** An item-level error: {@code ResponseClass="Error"}, MessageText, ResponseCode, DescriptiveLinkKey. */
    static Element error(Document doc, String name, String code, String text) {
        Element e = Xml.newM(doc, name);
        e.setAttribute("ResponseClass", "Error");
        Xml.addM(e, "MessageText").setTextContent(text);
        Xml.addM(e, "ResponseCode").setTextContent(code);
        Xml.addM(e, "DescriptiveLinkKey").setTextContent("0");
        return e;
    }

    /** {@code <m:XResponse><m:ResponseMessages/></m:XResponse>}; returns the ResponseMessages element. */
    static Element envelope(Document doc, String responseName, Element[] holder) {
        Element response = Xml.newM(doc, responseName);
        Element messages = Xml.addM(response, "ResponseMessages");
        holder[0] = response;
        return messages;
    }
}
