package io.roomrelease.bundle.display;

/** Bad input from a caller: HTTP 400 with the name of the offending field. */
public class InvalidRequestException extends RuntimeException {

    private final String field;

    public InvalidRequestException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The request field (query parameter, path parameter or JSON property) that is wrong. */
    public String field() {
        return field;
    }
}
