package io.roomrelease.camel.ews;

/** ErrorImpersonateUserDenied: the service account lacks ApplicationImpersonation, or the mailbox is outside its scope. */
public class EwsImpersonationDeniedException extends EwsException {

    private static final long serialVersionUID = 1L;

    public EwsImpersonationDeniedException(String account, String mailbox, String responseCode, String requestId,
                                           Throwable cause) {
        super("The service account '" + account + "' may not impersonate mailbox '" + mailbox + "'", mailbox,
              responseCode, requestId,
              "grant the role in the Exchange Management Shell: New-ManagementRoleAssignment -Name \"RoomRelease-Impersonation\""
                                      + " -Role ApplicationImpersonation -User " + account
                                      + " -CustomRecipientWriteScope <scope containing the rooms>"
                                      + " (or use accessMode=delegate with calendar permissions on the room).",
              cause);
    }
}
