package io.roomrelease.camel.ews;

/**
 * What getAvailability asks Exchange for: EWS's {@code FreeBusyViewType} in GetUserAvailability's
 * {@code RequestedView}, limited to the two views that answer each busy period as a {@code CalendarEvent}
 * ({@code MergedOnly} has none, the {@code ...Merged} views add a merged stream the component does not read).
 */
public enum FreeBusyView {
    /** Start, end and busy type of each busy period (and the mailbox's working hours): no subjects. */
    FreeBusy,
    /**
     * Also each period's details (subject, location, meeting/recurring/private flags) as far as the caller's rights
     * allow; where they allow only availability, Exchange answers the FreeBusy view anyway.
     */
    Detailed
}
