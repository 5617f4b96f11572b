package io.roomrelease.ews.simulator.soap;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request-level EWS error that Exchange sends as a SOAP fault (HTTP 500), for example
 * {@code ErrorServerBusy}, {@code ErrorImpersonateUserDenied}, {@code ErrorNonExistentMailbox} for the
 * impersonated mailbox, or {@code ErrorSchemaValidation}. Item-level errors are not faults: an
 * operation answers those inside its response message with {@code ResponseClass="Error"}.
 */
public class EwsFault extends RuntimeException {
    private final String responseCode;
    private final Map<String, String> messageXmlValues;
    private final int httpStatus;
    private final String violation;

    public EwsFault(String responseCode, String message) {
        this(responseCode, message, Map.of(), 500);
    }

    public EwsFault(String responseCode, String message, Map<String, String> messageXmlValues, int httpStatus) {
        super(message);
        this.responseCode = responseCode;
        this.messageXmlValues = new LinkedHashMap<>(messageXmlValues);
        this.httpStatus = httpStatus;
        this.violation = null;
    }

    private EwsFault(String violation) {
        super("The request failed schema validation: " + violation);
        this.responseCode = "ErrorSchemaValidation";
        this.messageXmlValues = new LinkedHashMap<>();
        this.httpStatus = 500;
        this.violation = violation;
    }

    /**
     * Exchange's ErrorSchemaValidation fault; its detail carries {@code t:MessageXml} with the
     * {@code t:Violation} (and the line and position when the parser knows them).
     */
    public static EwsFault schemaValidation(String violation) {
        return new EwsFault(violation);
    }

    /** The schema violation of an ErrorSchemaValidation fault, else null. */
    public String violation() {
        return violation;
    }

    /** EWS ResponseCode, e.g. {@code ErrorServerBusy}. */
    public String responseCode() {
        return responseCode;
    }

    /** Values for {@code <t:MessageXml><t:Value Name="…">}, e.g. BackOffMilliseconds. */
    public Map<String, String> messageXmlValues() {
        return messageXmlValues;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
