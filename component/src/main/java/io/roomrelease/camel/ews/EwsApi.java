package io.roomrelease.camel.ews;

/** The protocol the component speaks to Exchange. */
public enum EwsApi {
    /** Exchange Web Services (Exchange Server on premises; Exchange Online until EWS is switched off there). */
    ews,
    /** Microsoft Graph v1.0 (Exchange Online). */
    graph
}
