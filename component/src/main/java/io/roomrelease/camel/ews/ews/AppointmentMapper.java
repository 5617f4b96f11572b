package io.roomrelease.camel.ews.ews;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import io.roomrelease.camel.ews.model.EwsEvent;
import io.roomrelease.camel.ews.model.OccurrenceType;
import microsoft.exchange.webservices.data.core.PropertySet;
import microsoft.exchange.webservices.data.core.enumeration.property.BasePropertySet;
import microsoft.exchange.webservices.data.core.enumeration.property.MeetingResponseType;
import microsoft.exchange.webservices.data.core.exception.service.local.ServiceLocalException;
import microsoft.exchange.webservices.data.core.service.item.Appointment;
import microsoft.exchange.webservices.data.core.service.schema.AppointmentSchema;
import microsoft.exchange.webservices.data.core.service.schema.ItemSchema;
import microsoft.exchange.webservices.data.property.complex.Attendee;
import microsoft.exchange.webservices.data.property.complex.AttendeeCollection;
import microsoft.exchange.webservices.data.property.complex.EmailAddress;

/**
 * Turns ews-java-api appointments into {@link EwsEvent}s. Every property is read through {@link #safe}: a property the
 * server did not return either throws {@code ServiceObjectPropertyException} or comes back null, depending on the
 * property, and both mean "unknown" here.
 */
final class AppointmentMapper {

    /** AppointmentState flag: the item was received from an organizer (the mailbox is an attendee). */
    private static final int STATE_RECEIVED = 2;
    /** AppointmentState flag: the organizer cancelled the meeting. */
    private static final int STATE_CANCELLED = 4;

    /** What FindItem (CalendarView) asks for: first-class properties only (attendees are not returned by FindItem). */
    static final PropertySet FIND_PROPERTIES = new PropertySet(BasePropertySet.IdOnly, ItemSchema.Subject,
            AppointmentSchema.Start, AppointmentSchema.End, AppointmentSchema.IsAllDayEvent,
            AppointmentSchema.IsRecurring, AppointmentSchema.AppointmentType, AppointmentSchema.MyResponseType,
            AppointmentSchema.AppointmentState, AppointmentSchema.Organizer, ItemSchema.DateTimeCreated,
            AppointmentSchema.LegacyFreeBusyStatus, AppointmentSchema.ICalUid);

    /** What GetItem asks for when the whole event is wanted. */
    static final PropertySet FULL_PROPERTIES = new PropertySet(BasePropertySet.IdOnly, ItemSchema.Subject,
            AppointmentSchema.Start, AppointmentSchema.End, AppointmentSchema.IsAllDayEvent,
            AppointmentSchema.IsRecurring, AppointmentSchema.AppointmentType, AppointmentSchema.MyResponseType,
            AppointmentSchema.AppointmentState, AppointmentSchema.Organizer, ItemSchema.DateTimeCreated,
            AppointmentSchema.LegacyFreeBusyStatus, AppointmentSchema.ICalUid, AppointmentSchema.RequiredAttendees,
            AppointmentSchema.OptionalAttendees);

    /** Only what a write needs to decide how to act. */
    static final PropertySet WRITE_PROPERTIES = new PropertySet(BasePropertySet.IdOnly,
            AppointmentSchema.AppointmentType, AppointmentSchema.MyResponseType, AppointmentSchema.AppointmentState,
            AppointmentSchema.Start, AppointmentSchema.End);

    /** Just the attendee lists (for the batched GetItem after FindItem). */
    static final PropertySet ATTENDEE_PROPERTIES = new PropertySet(BasePropertySet.IdOnly,
            AppointmentSchema.RequiredAttendees, AppointmentSchema.OptionalAttendees);

    private AppointmentMapper() {
    }

    /** A getter of ews-java-api that may throw for a property the server did not return. */
    @FunctionalInterface
    interface Getter<T> {
        T get() throws ServiceLocalException;
    }

    /** Reads a property; null when the server did not return it. */
    static <T> T safe(Getter<T> getter) {
        try {
            return getter.get();
        } catch (ServiceLocalException | RuntimeException e) {
            return null;
        }
    }

    static EwsEvent toEvent(Appointment a, String mailbox, boolean withAttendees) {
        var id = safe(a::getId);
        if (id == null) {
            throw new IllegalStateException("The server returned a calendar item without an ItemId");
        }
        MeetingResponseType my = safe(a::getMyResponseType);
        Integer state = safe(a::getAppointmentState);
        boolean organizer = my != null ? my == MeetingResponseType.Organizer
                : state != null && (state & STATE_RECEIVED) == 0;
        var type = safe(a::getAppointmentType);
        var fb = safe(a::getLegacyFreeBusyStatus);
        Boolean cancelled = state == null ? null : (state & STATE_CANCELLED) != 0;
        EwsEvent.Builder b = EwsEvent.builder()
                .itemId(id.getUniqueId())
                .changeKey(id.getChangeKey())
                .mailbox(mailbox)
                .subject(safe(a::getSubject))
                .organizer(address(safe(a::getOrganizer)))
                .start(instant(safe(a::getStart)))
                .end(instant(safe(a::getEnd)))
                .allDay(Boolean.TRUE.equals(safe(a::getIsAllDayEvent)))
                .recurring(Boolean.TRUE.equals(safe(a::getIsRecurring)))
                .occurrence(type == null ? OccurrenceType.Single : OccurrenceType.valueOf(type.name()))
                .iCalUid(safe(a::getICalUid))
                .roomIsOrganizer(organizer)
                .roomResponse(my == null ? (organizer ? "Organizer" : "Unknown") : my.name())
                .created(instant(safe(a::getDateTimeCreated)))
                .freeBusyStatus(fb == null ? null : fb.name())
                .cancelled(Boolean.TRUE.equals(cancelled));
        if (withAttendees) {
            b.requiredAttendees(addresses(safe(a::getRequiredAttendees)))
                    .optionalAttendees(addresses(safe(a::getOptionalAttendees)))
                    .attendeesLoaded(true);
        }
        return b.build();
    }

    static Instant instant(Date d) {
        return d == null ? null : d.toInstant();
    }

    static String address(EmailAddress e) {
        if (e == null) {
            return null;
        }
        return e.getAddress() != null && !e.getAddress().isBlank() ? e.getAddress() : e.getName();
    }

    static List<String> addresses(AttendeeCollection c) {
        List<String> out = new ArrayList<>();
        if (c != null) {
            for (Attendee at : c) {
                String s = address(at);
                if (s != null) {
                    out.add(s);
                }
            }
        }
        return out;
    }
}
