package io.roomrelease.camel.ews;

import org.apache.camel.RuntimeCamelException;

/**
 * Base of every error the {@code ews:} component raises. The message names the mailbox, the EWS response code,
 * the client-request-id and the fix; it never contains a password, a secret or a token.
 */
public class EwsException extends RuntimeCamelException {

    private static final long serialVersionUID = 1L;

    private final String mailbox;
    private final String responseCode;
    private final String requestId;

    public EwsException(String problem, String mailbox, String responseCode, String requestId, String fix,
                        Throwable cause) {
        super(format(problem, mailbox, responseCode, requestId, fix), cause);
        this.mailbox = mailbox;
        this.responseCode = responseCode;
        this.requestId = requestId;
    }

    /** The mailbox the request acted on (null when the request had no target mailbox). */
    public String mailbox() {
        return mailbox;
    }

    /** The EWS response code (e.g. ErrorAccessDenied) or HTTP status (e.g. HTTP 401), when known. */
    public String responseCode() {
        return responseCode;
    }

    /** The client-request-id of the failing request, to find it in the server's logs. */
    public String requestId() {
        return requestId;
    }

    static String format(String problem, String mailbox, String responseCode, String requestId, String fix) {
        StringBuilder sb = new StringBuilder(problem);
        sb.append(" [mailbox=").append(mailbox == null ? "-" : mailbox)
                .append(", response=").append(responseCode == null ? "-" : responseCode)
                .append(", client-request-id=").append(requestId == null ? "-" : requestId).append(']');
        if (fix != null && !fix.isBlank()) {
            sb.append(" Fix: ").append(fix);
        }
        return sb.toString();
    }
}
