package io.roomrelease.camel.ews.model;

/** The kind of calendar item, as EWS reports it in {@code CalendarItemType}. */
public enum OccurrenceType {
    /** A meeting or appointment that does not repeat. */
    Single,
    /** One occurrence of a recurring series, unchanged from the series pattern. */
    Occurrence,
    /** One occurrence of a recurring series that was changed (moved, re-titled, ...). */
    Exception,
    /** The master item of a recurring series. */
    RecurringMaster
}
