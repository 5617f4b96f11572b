package io.roomrelease.ews.simulator.server;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

import io.roomrelease.ews.simulator.soap.EwsCall;
import io.roomrelease.ews.simulator.soap.EwsOperationHandler;
import io.roomrelease.ews.simulator.soap.Namespaces;

/**
 * A GetRoomLists handler for the server-layer tests: it answers one room list and records what reached
 * it (calls, and how many ran at once, counted inside the handler, independently of the server's stats).
 */
final class ProbeOperation implements EwsOperationHandler {
    record Seen(String account, String impersonated, String requestId) {
    }

    final List<Seen> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger running = new AtomicInteger();
    final AtomicInteger maxRunning = new AtomicInteger();
    volatile boolean answerInvalid;
    /** How long each call takes inside the operation (a slow mailbox), so that concurrent calls overlap here. */
    volatile long workMillis;

    @Override
    public String operation() {
        return "GetRoomLists";
    }

    @Override
    public Element handle(EwsCall call) {
        int now = running.incrementAndGet();
        maxRunning.accumulateAndGet(now, Math::max);
        try {
            calls.add(new Seen(call.account(), call.impersonated().orElse(null), call.requestId()));
            if (workMillis > 0) {
                try {
                    Thread.sleep(workMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Document d = call.responseDocument();
            Element response = d.createElementNS(Namespaces.MESSAGES, "m:GetRoomListsResponse");
            response.setAttribute("ResponseClass", "Success");
            Element code = d.createElementNS(Namespaces.MESSAGES, "m:ResponseCode");
            code.setTextContent(answerInvalid ? "NotAResponseCode" : "NoError");
            response.appendChild(code);
            Element lists = d.createElementNS(Namespaces.MESSAGES, "m:RoomLists");
            Element address = d.createElementNS(Namespaces.TYPES, "t:Address");
            add(d, address, "Name", "Building A");
            add(d, address, "EmailAddress", "building-a@contoso.com");
            add(d, address, "RoutingType", "SMTP");
            add(d, address, "MailboxType", "PublicDL");
            lists.appendChild(address);
            response.appendChild(lists);
            return response;
        } finally {
            running.decrementAndGet();
        }
    }

    private static void add(Document d, Element parent, String name, String text) {
        Element e = d.createElementNS(Namespaces.TYPES, "t:" + name);
        e.setTextContent(text);
        parent.appendChild(e);
    }
}
