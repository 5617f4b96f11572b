package io.roomrelease.ews.simulator.ops;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

import io.roomrelease.ews.simulator.model.CalendarEntry;
import io.roomrelease.ews.simulator.model.ExchangeStore;
import io.roomrelease.ews.simulator.model.PermissionLevel;
import io.roomrelease.ews.simulator.soap.EwsCall;
import io.roomrelease.ews.simulator.soap.EwsFault;

/**
 * GetUserAvailability (free/busy only). At most 100 mailboxes and a 42-day window: beyond, the
 * availability service fails the whole request with a SOAP fault (ErrorMailboxDataArrayTooBig,
 * ErrorTimeIntervalTooBig). An unknown mailbox gets ErrorMailRecipientNotFound in its own
 * FreeBusyResponse without failing the others. Times are local to the request's {@code t:TimeZone} (or, without
 * one, to the TimeZoneContext header's zone) and written without offset. Event details appear only as far as the
 * caller's rights allow; each mailbox's WorkingHours come with its events. SuggestionsViewOptions are answered by
 * {@link MeetingSuggestions}, with or without FreeBusyViewOptions.
 */
final class GetUserAvailabilityOperation extends CalendarOperation {
    static final int MAX_MAILBOXES = 100;
    static final Duration MAX_WINDOW = Duration.ofDays(42);
    private static final Set<String> VIEWS = Set.of("MergedOnly", "FreeBusy", "FreeBusyMerged", "Detailed", "DetailedMerged");

    GetUserAvailabilityOperation(ExchangeStore store) {
        super(store);
    }

    @Override
    public String operation() {
        return "GetUserAvailabilityRequest";
    }

    @Override
    public Element handle(EwsCall call) {
        Element request = call.request();
        Document doc = call.responseDocument();
        // the body's t:TimeZone wins; without it the TimeZoneContext header's zone (UTC when there is none either)
        SerializableTimeZone tz = Xml.t(request, "TimeZone").map(SerializableTimeZone::parse)
                .orElseGet(() -> SerializableTimeZone.of(call.requestTimeZone()));
        List<Element> mailboxes = Xml.children(Xml.requireM(request, "MailboxDataArray"), "MailboxData");
        if (mailboxes.size() > MAX_MAILBOXES) {
            throw new EwsFault("ErrorMailboxDataArrayTooBig", "There are too many target users in the EmailAddress array. "
                    + "The allowed size = " + MAX_MAILBOXES + "; the actual size = " + mailboxes.size() + ".");
        }
        Element response = Xml.newM(doc, "GetUserAvailabilityResponse");
        Element suggestions = Xml.t(request, "SuggestionsViewOptions").orElse(null);
        Element options = Xml.t(request, "FreeBusyViewOptions").orElse(null);
        if (options == null && suggestions == null) {
            throw new EwsFault("ErrorInvalidRequest", "GetUserAvailability needs FreeBusyViewOptions, "
                    + "SuggestionsViewOptions or both.");
        }
        if (options != null) {
            freeBusy(call, tz, mailboxes, options, response);
        }
        if (suggestions != null) {
            suggestions(tz, mailboxes, suggestions, response);
        }
        return response;
    }

    private void freeBusy(EwsCall call, SerializableTimeZone tz, List<Element> mailboxes, Element options, Element response) {
        Element window = Xml.t(options, "TimeWindow").orElseThrow(() -> Xml.schemaError("FreeBusyViewOptions has no TimeWindow"));
        Instant start = tz.instant(Xml.t(window, "StartTime").map(Xml::text).orElseThrow(() -> Xml.schemaError("no StartTime")));
        Instant end = tz.instant(Xml.t(window, "EndTime").map(Xml::text).orElseThrow(() -> Xml.schemaError("no EndTime")));
        if (!end.isAfter(start)) {
            throw new EwsFault("ErrorInvalidTimeInterval", "The TimeWindow's EndTime must be after its StartTime.");
        }
        if (Duration.between(start, end).compareTo(MAX_WINDOW) > 0) {
            long days = (long) Math.ceil(Duration.between(start, end).toMinutes() / 1440.0);
            throw new EwsFault("ErrorTimeIntervalTooBig", "The requested time duration specified for "
                    + "FreeBusyViewOptions.TimeWindow is too long. The allowed limit = " + MAX_WINDOW.toDays()
                    + " days; the actual limit = " + days + " days.");
        }
        int interval = Xml.t(options, "MergedFreeBusyIntervalInMinutes").map(e -> Integer.parseInt(Xml.text(e))).orElse(30);
        if (interval < 5 || interval > 1440) {
            throw new EwsFault("ErrorInvalidMergedFreeBusyInterval", "MergedFreeBusyIntervalInMinutes must be between 5 and 1440.");
        }
        String requested = Xml.t(options, "RequestedView").map(Xml::text).orElse("Detailed");
        if (!VIEWS.contains(requested)) {
            throw new EwsFault("ErrorInvalidFreeBusyViewType", "RequestedView '" + requested + "' is not supported.");
        }
        Element array = Xml.addM(response, "FreeBusyResponseArray");
        for (Element data : mailboxes) {
            Element fb = Xml.addM(array, "FreeBusyResponse");
            String email = email(data);
            if (!store.mailboxExists(email)) {
                Element rm = Xml.addM(fb, "ResponseMessage");
                rm.setAttribute("ResponseClass", "Error");
                Xml.addM(rm, "MessageText").setTextContent("No mailbox with such guid or SMTP address " + email + ".");
                Xml.addM(rm, "ResponseCode").setTextContent("ErrorMailRecipientNotFound");
                Xml.addM(rm, "DescriptiveLinkKey").setTextContent("0");
                Element view = Xml.addM(fb, "FreeBusyView");
                Xml.addT(view, "FreeBusyViewType", "None");
                continue;
            }
            Element rm = Xml.addM(fb, "ResponseMessage");
            rm.setAttribute("ResponseClass", "Success");
            Xml.addM(rm, "ResponseCode").setTextContent("NoError");
            PermissionLevel level = store.freeBusyPermission(access(call), email);
            boolean details = requested.startsWith("Detailed") && level != PermissionLevel.AVAILABILITY_ONLY;
            boolean merged = requested.endsWith("Merged") || "MergedOnly".equals(requested);
            boolean events = !"MergedOnly".equals(requested);
            String viewType = "MergedOnly".equals(requested) ? "MergedOnly"
                    : (details ? "Detailed" : "FreeBusy") + (merged ? "Merged" : "");
            List<CalendarEntry> busy = store.busyTimes(email, start, end);
            Element view = Xml.addM(fb, "FreeBusyView");
            Xml.addT(view, "FreeBusyViewType", viewType);
            if (merged) {
                Xml.addT(view, "MergedFreeBusy", merged(busy, start, end, interval));
            }
            if (events) {
                Element eventArray = Xml.addT(view, "CalendarEventArray");
                for (CalendarEntry e : busy) {
                    Element ev = Xml.addT(eventArray, "CalendarEvent");
                    Xml.addT(ev, "StartTime", tz.local(e.start()));
                    Xml.addT(ev, "EndTime", tz.local(e.end()));
                    Xml.addT(ev, "BusyType", e.legacyFreeBusy());
                    if (details) {
                        Element d = Xml.addT(ev, "CalendarEventDetails");
                        if (level == PermissionLevel.FULL_DETAILS) {
                            Xml.addT(d, "ID", HexFormat.of().withUpperCase().formatHex(e.id().getBytes(StandardCharsets.UTF_8)));
                        }
                        Xml.addT(d, "Subject", e.subject());
                        Xml.addT(d, "Location", e.location() == null ? "" : e.location());
                        Xml.addT(d, "IsMeeting", e.meeting());
                        Xml.addT(d, "IsRecurring", e.isRecurring());
                        Xml.addT(d, "IsException", e.type() == io.roomrelease.ews.simulator.model.CalendarItemKind.Exception);
                        Xml.addT(d, "IsReminderSet", e.isOrganizer());
                        Xml.addT(d, "IsPrivate", false);
                    }
                }
                workingHours(Xml.addT(view, "WorkingHours"), start);
            }
        }
    }

    private static String email(Element mailboxData) {
        return Xml.t(mailboxData, "Email").flatMap(e -> Xml.t(e, "Address")).map(Xml::text).orElse("");
    }

    /**
     * The SuggestionsResponse: meeting times for all the request's mailboxes together. Invalid suggestion options fail
     * this part only, in its ResponseMessage; the free/busy part stays answered.
     */
    private void suggestions(SerializableTimeZone tz, List<Element> mailboxes, Element svo, Element response) {
        Element sr = Xml.addM(response, "SuggestionsResponse");
        Element rm = Xml.addM(sr, "ResponseMessage");
        MeetingSuggestions suggestions;
        try {
            suggestions = MeetingSuggestions.read(svo, tz, store.scenario().timeZone(), MAX_WINDOW);
        } catch (EwsFault invalid) {
            rm.setAttribute("ResponseClass", "Error");
            Xml.addM(rm, "MessageText").setTextContent(invalid.getMessage());
            Xml.addM(rm, "ResponseCode").setTextContent(invalid.responseCode());
            Xml.addM(rm, "DescriptiveLinkKey").setTextContent("0");
            return;
        }
        rm.setAttribute("ResponseClass", "Success");
        Xml.addM(rm, "ResponseCode").setTextContent("NoError");
        List<MeetingSuggestions.Attendee> attendees = mailboxes.stream().map(GetUserAvailabilityOperation::email)
                .map(email -> new MeetingSuggestions.Attendee(email, store.mailboxExists(email)
                        ? store.busyTimes(email, suggestions.windowStart(), suggestions.windowEnd()) : null))
                .toList();
        suggestions.write(Xml.addM(sr, "SuggestionDayResultArray"), attendees);
    }

    /**
     * The mailbox's working hours: Monday to Friday, 08:00-17:00 in the organisation's time zone (the simulator keeps
     * no per-mailbox working hours).
     */
    private void workingHours(Element wh, Instant at) {
        SerializableTimeZone.write(Xml.addT(wh, "TimeZone"), store.scenario().timeZone(), at);
        Element period = Xml.addT(Xml.addT(wh, "WorkingPeriodArray"), "WorkingPeriod");
        Xml.addT(period, "DayOfWeek", "Monday Tuesday Wednesday Thursday Friday");
        Xml.addT(period, "StartTimeInMinutes", 480);
        Xml.addT(period, "EndTimeInMinutes", 1020);
    }

    /** One digit per interval: 0 free, 1 tentative, 2 busy, 3 out of office. */
    private static String merged(List<CalendarEntry> busy, Instant start, Instant end, int minutes) {
        StringBuilder out = new StringBuilder();
        Duration step = Duration.ofMinutes(minutes);
        for (Instant s = start; s.isBefore(end); s = s.plus(step)) {
            Instant e = s.plus(step);
            int value = 0;
            for (CalendarEntry c : busy) {
                if (c.start().isBefore(e) && c.end().isAfter(s)) {
                    int v = switch (c.legacyFreeBusy()) {
                        case "Tentative" -> 1;
                        case "Busy" -> 2;
                        case "OOF" -> 3;
                        default -> 0;
                    };
                    value = Math.max(value, v);
                }
            }
            out.append(value);
        }
        return out.toString();
    }
}
