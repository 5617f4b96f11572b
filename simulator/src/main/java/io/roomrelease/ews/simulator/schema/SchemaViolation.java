package io.roomrelease.ews.simulator.schema;

/**
 * A message part that failed validation against the EWS schema.
 *
 * @param operation the EWS operation, e.g. {@code FindItem}
 * @param direction whether the simulator received or sent the part
 * @param element   the validated element's local name, e.g. {@code FindItemResponse} or {@code ExchangeImpersonation}
 * @param message   the validator's message
 */
public record SchemaViolation(String operation, Direction direction, String element, String message) {

    /** Which way the message travelled. */
    public enum Direction { REQUEST, RESPONSE }

    @Override
    public String toString() {
        return direction + " " + operation + " <" + element + ">: " + message;
    }
}
