package io.roomrelease.ews.simulator.soap;

/** XML namespaces of SOAP 1.1 and EWS. */
public final class Namespaces {
    public static final String SOAP = "http://schemas.xmlsoap.org/soap/envelope/";
    public static final String MESSAGES = "http://schemas.microsoft.com/exchange/services/2006/messages";
    public static final String TYPES = "http://schemas.microsoft.com/exchange/services/2006/types";
    public static final String ERRORS = "http://schemas.microsoft.com/exchange/services/2006/errors";

    private Namespaces() {
    }
}
