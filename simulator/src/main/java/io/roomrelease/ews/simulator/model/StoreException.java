package io.roomrelease.ews.simulator.model;

/**
 * An item-level EWS error raised by the store, e.g. {@code ErrorItemNotFound}. Operation handlers
 * answer it inside the response message with {@code ResponseClass="Error"}; it is not a SOAP fault.
 */
public class StoreException extends RuntimeException {
    private final String responseCode;

    public StoreException(String responseCode, String message) {
        super(message);
        this.responseCode = responseCode;
    }

    /** EWS ResponseCode, e.g. {@code ErrorIrresolvableConflict}. */
    public String responseCode() {
        return responseCode;
    }
}
