package io.roomrelease.camel.ews.auth;

/** The token endpoint refused or failed a token request. The message never contains the secret or a token. */
public class TokenRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public TokenRequestException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status of the token endpoint (0 when it could not be reached). */
    public int status() {
        return status;
    }

    /** Whether the endpoint rejected the client's credentials (as opposed to being unreachable or failing). */
    public boolean isCredentialsRejected() {
        return status == 400 || status == 401 || status == 403;
    }
}
