package io.roomrelease.ews.simulator.server;

/** Raw SOAP requests for tests that bypass ews-java-api. */
final class Soap {
    static final String HEAD = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
            + "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\""
            + " xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\""
            + " xmlns:m=\"http://schemas.microsoft.com/exchange/services/2006/messages\">"
            + "<soap:Header><t:RequestServerVersion Version=\"Exchange2016\"/></soap:Header>";

    static final String GET_ROOM_LISTS = HEAD + "<soap:Body><m:GetRoomLists/></soap:Body></soap:Envelope>";

    static String withBody(String body) {
        return HEAD + "<soap:Body>" + body + "</soap:Body></soap:Envelope>";
    }

    private Soap() {
    }
}
