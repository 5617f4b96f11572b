package io.roomrelease.camel.ews.graph;

import io.roomrelease.camel.ews.EwsAccessDeniedException;

/**
 * Microsoft Graph refused the app access to a mailbox ({@code ErrorAccessDenied}, {@code Authorization_RequestDenied}
 * ...): the mailbox is outside the app's Exchange Online scope, or the app lacks the application permission. The
 * message gives the Exchange Online fix.
 */
public class GraphAccessDeniedException extends EwsAccessDeniedException {

    private static final long serialVersionUID = 1L;

    public GraphAccessDeniedException(String clientId, String mailbox, String responseCode, String requestId,
                                      Throwable cause) {
        super("Microsoft Graph denied app '" + clientId + "' access to mailbox '" + mailbox + "'", mailbox,
              responseCode, requestId, fix(clientId), cause);
    }

    static String fix(String clientId) {
        return "give the app application permission Calendars.ReadWrite (and Place.Read.All, Mail.Send) with admin"
               + " consent, and put the room in the app's Exchange Online scope: either an application access policy"
               + " (New-ApplicationAccessPolicy -AppId " + clientId + " -PolicyScopeGroupId <mail-enabled group of"
               + " the rooms> -AccessRight RestrictAccess -Description \"Room Release\"; check with"
               + " Test-ApplicationAccessPolicy -Identity <room> -AppId " + clientId + "), or RBAC for Applications"
               + " (New-ServicePrincipal -AppId " + clientId + " -ObjectId <enterprise app object id> -DisplayName"
               + " RoomRelease; New-ManagementScope -Name RoomMailboxes -RecipientRestrictionFilter"
               + " \"RecipientTypeDetails -eq 'RoomMailbox'\"; New-ManagementRoleAssignment -App " + clientId
               + " -Role \"Application Calendars.ReadWrite\" -CustomResourceScope RoomMailboxes). Policy changes can"
               + " take an hour to apply.";
    }
}
