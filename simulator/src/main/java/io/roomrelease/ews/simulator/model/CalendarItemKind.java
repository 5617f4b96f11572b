package io.roomrelease.ews.simulator.model;

/** EWS's {@code CalendarItemTypeType}. */
public enum CalendarItemKind {
    Single, Occurrence, Exception, RecurringMaster
}
