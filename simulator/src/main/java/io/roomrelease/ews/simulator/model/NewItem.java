package io.roomrelease.ews.simulator.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A calendar item to create (CreateItem or a scenario meeting).
 *
 * @param subject        subject
 * @param location       location (null: the rooms' names)
 * @param body           body text
 * @param start          start
 * @param end            end
 * @param allDay         all-day event
 * @param recurrence     series pattern or null
 * @param required       required attendees
 * @param optional       optional attendees
 * @param resources      resources
 * @param legacyFreeBusy Busy unless given
 * @param tags           scenario labels
 */
public record NewItem(String subject, String location, String body, Instant start, Instant end, boolean allDay,
        Recurrence recurrence, List<Attendee> required, List<Attendee> optional, List<Attendee> resources,
        String legacyFreeBusy, List<String> tags) {
    public NewItem {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        subject = subject == null ? "" : subject;
        required = List.copyOf(required == null ? List.of() : required);
        optional = List.copyOf(optional == null ? List.of() : optional);
        resources = List.copyOf(resources == null ? List.of() : resources);
        legacyFreeBusy = legacyFreeBusy == null ? "Busy" : legacyFreeBusy;
        tags = List.copyOf(tags == null ? List.of() : tags);
    }
}
