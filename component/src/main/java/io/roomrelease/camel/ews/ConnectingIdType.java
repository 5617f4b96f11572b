package io.roomrelease.camel.ews;

/** How the impersonated mailbox is named in the ExchangeImpersonation header. */
public enum ConnectingIdType {
    SmtpAddress,
    PrincipalName,
    SID
}
