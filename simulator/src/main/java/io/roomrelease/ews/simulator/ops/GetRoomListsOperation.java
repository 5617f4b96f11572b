package io.roomrelease.ews.simulator.ops;

import org.w3c.dom.Element;

import io.roomrelease.ews.simulator.model.ExchangeStore;
import io.roomrelease.ews.simulator.model.RoomList;
import io.roomrelease.ews.simulator.soap.EwsCall;

/** GetRoomLists: the organisation's room lists (distribution groups of rooms). */
final class GetRoomListsOperation extends CalendarOperation {

    GetRoomListsOperation(ExchangeStore store) {
        super(store);
    }

    @Override
    public String operation() {
        return "GetRoomLists";
    }

    @Override
    public Element handle(EwsCall call) {
        Element response = Xml.newM(call.responseDocument(), "GetRoomListsResponse");
        response.setAttribute("ResponseClass", "Success");
        Xml.addM(response, "ResponseCode").setTextContent("NoError");
        Element lists = Xml.addM(response, "RoomLists");
        for (RoomList l : store.roomLists()) {
            Element a = Xml.addT(lists, "Address");
            Xml.addT(a, "Name", l.name());
            Xml.addT(a, "EmailAddress", l.email());
            Xml.addT(a, "RoutingType", "SMTP");
            Xml.addT(a, "MailboxType", "PublicDL");
        }
        return response;
    }
}
