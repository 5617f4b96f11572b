package io.roomrelease.ews.simulator.model;

/**
 * How much of a calendar other people see through free/busy (GetUserAvailability), like the calendar
 * folder permission of the {@code Default} user in Exchange.
 */
public enum PermissionLevel {
    /** Times and busy type only (Exchange: {@code AvailabilityOnly}, the default Exchange ships). */
    AVAILABILITY_ONLY,
    /** Times, busy type, subject and location (Exchange: {@code LimitedDetails}). */
    LIMITED_DETAILS,
    /** Everything free/busy can show (delegates, the owner, or an impersonating service account). */
    FULL_DETAILS
}
