package io.roomrelease.camel.ews;

/** HTTP 401/403 or a refused token request: the credentials are wrong. Never retried. */
public class EwsAuthenticationException extends EwsException {

    private static final long serialVersionUID = 1L;

    public EwsAuthenticationException(String account, String mailbox, String responseCode, String requestId,
                                      String detail, Throwable cause) {
        super("Exchange refused the credentials of account '" + account + "'" + (detail == null ? "" : ": " + detail),
              mailbox, responseCode, requestId,
              "check username/password (Basic) or clientId/clientSecret/tenantId/tokenUrl (OAuth); the request is not"
                                                + " retried so that a wrong password cannot lock the account.",
              cause);
    }
}
