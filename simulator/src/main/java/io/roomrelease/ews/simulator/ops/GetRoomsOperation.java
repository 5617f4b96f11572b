package io.roomrelease.ews.simulator.ops;

import java.util.Optional;

import org.w3c.dom.Element;

import io.roomrelease.ews.simulator.model.ExchangeStore;
import io.roomrelease.ews.simulator.model.RoomList;
import io.roomrelease.ews.simulator.soap.EwsCall;

/** GetRooms: the rooms of one room list; an unknown list gives ErrorNameResolutionNoResults, as Exchange does. */
final class GetRoomsOperation extends CalendarOperation {

    GetRoomsOperation(ExchangeStore store) {
        super(store);
    }

    @Override
    public String operation() {
        return "GetRooms";
    }

    @Override
    public Element handle(EwsCall call) {
        String address = Xml.m(call.request(), "RoomList").flatMap(l -> Xml.t(l, "EmailAddress")).map(Xml::text)
                .orElseThrow(() -> Xml.schemaError("GetRooms needs RoomList/EmailAddress"));
        Element response = Xml.newM(call.responseDocument(), "GetRoomsResponse");
        Optional<RoomList> list = store.roomList(address);
        if (list.isEmpty()) {
            response.setAttribute("ResponseClass", "Error");
            Xml.addM(response, "MessageText").setTextContent("No results were found.");
            Xml.addM(response, "ResponseCode").setTextContent("ErrorNameResolutionNoResults");
            Xml.addM(response, "DescriptiveLinkKey").setTextContent("0");
            return response;
        }
        response.setAttribute("ResponseClass", "Success");
        Xml.addM(response, "ResponseCode").setTextContent("NoError");
        Element rooms = Xml.addM(response, "Rooms");
        for (String email : list.get().rooms()) {
            Element id = Xml.addT(Xml.addT(rooms, "Room"), "Id");
            Xml.addT(id, "Name", store.displayName(email));
            Xml.addT(id, "EmailAddress", store.canonicalAddress(email));
            Xml.addT(id, "RoutingType", "SMTP");
            Xml.addT(id, "MailboxType", "Mailbox");
        }
        return response;
    }
}
