package io.roomrelease.ews.simulator.soap;

import org.w3c.dom.Element;

/** Handles one EWS operation, e.g. FindItem. Implementations are thread-safe. */
public interface EwsOperationHandler {

    /** The local name of the request element, e.g. {@code FindItem}. */
    String operation();

    /**
     * Answers the request with the response body child, e.g. {@code <m:FindItemResponse>}, created
     * in {@link EwsCall#responseDocument()}. Item-level errors go inside the response; request-level
     * errors are thrown as {@link EwsFault}.
     */
    Element handle(EwsCall call) throws EwsFault;
}
