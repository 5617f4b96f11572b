package io.roomrelease.camel.ews;

/** ErrorAccessDenied (and related): the account may reach the mailbox but not do this. */
public class EwsAccessDeniedException extends EwsException {

    private static final long serialVersionUID = 1L;

    public EwsAccessDeniedException(String account, String mailbox, String responseCode, String requestId,
                                    Throwable cause) {
        super("Access denied for account '" + account + "' on mailbox '" + mailbox + "'", mailbox, responseCode,
              requestId,
              "in delegate mode grant the account Editor rights on the room's calendar"
                                     + " (Add-MailboxFolderPermission <room>:\\Calendar -User " + account
                                     + " -AccessRights Editor); in impersonation mode check the role scope.",
              cause);
    }

    /** For a protocol whose fix differs (e.g. Microsoft Graph: an application access policy or RBAC for Applications). */
    protected EwsAccessDeniedException(String problem, String mailbox, String responseCode, String requestId, String fix,
                                       Throwable cause) {
        super(problem, mailbox, responseCode, requestId, fix, cause);
    }
}
