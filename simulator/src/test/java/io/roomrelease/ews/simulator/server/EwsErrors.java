package io.roomrelease.ews.simulator.server;

import microsoft.exchange.webservices.data.core.exception.service.remote.ServiceResponseException;

/** Finds the EWS error in an ews-java-api exception (it may come wrapped, see DESIGN §4). */
final class EwsErrors {
    private EwsErrors() {
    }

    static ServiceResponseException responseException(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ServiceResponseException s) {
                return s;
            }
        }
        throw new AssertionError("No ServiceResponseException in the cause chain of " + t, t);
    }
}
