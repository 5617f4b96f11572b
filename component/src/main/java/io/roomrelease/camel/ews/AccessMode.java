package io.roomrelease.camel.ews;

/** How the service account reaches a room's mailbox. */
public enum AccessMode {
    /** ExchangeImpersonation SOAP header (the account holds the ApplicationImpersonation role). */
    impersonation,
    /** The account opens the room's calendar folder with delegate (folder) permissions. */
    delegate
}
