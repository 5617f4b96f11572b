package io.roomrelease.ews.simulator.server;

import java.time.Clock;
import java.time.ZoneId;
import java.util.Optional;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

import io.roomrelease.ews.simulator.model.Account;
import io.roomrelease.ews.simulator.soap.EwsCall;

/** The {@link EwsCall} the server hands to operation handlers. */
record ServerCall(Element request, Document responseDocument, Account accountDetails, Optional<String> impersonated,
        String requestId, ZoneId requestTimeZone, Clock clock) implements EwsCall {

    @Override
    public String account() {
        return accountDetails.logon();
    }
}
