package io.roomrelease.camel.ews.ews;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import io.roomrelease.camel.ews.FreeBusyView;
import io.roomrelease.camel.ews.model.BusySlot;
import microsoft.exchange.webservices.data.core.EwsServiceXmlReader;
import microsoft.exchange.webservices.data.core.EwsServiceXmlWriter;
import microsoft.exchange.webservices.data.core.ExchangeService;
import microsoft.exchange.webservices.data.core.enumeration.availability.AvailabilityData;
import microsoft.exchange.webservices.data.core.enumeration.availability.FreeBusyViewType;
import microsoft.exchange.webservices.data.core.enumeration.misc.ExchangeVersion;
import microsoft.exchange.webservices.data.core.enumeration.misc.XmlNamespace;
import microsoft.exchange.webservices.data.core.enumeration.misc.error.ServiceError;
import microsoft.exchange.webservices.data.core.exception.service.local.ServiceXmlDeserializationException;
import microsoft.exchange.webservices.data.core.request.GetUserAvailabilityRequest;
import microsoft.exchange.webservices.data.core.request.SimpleServiceRequestBase;
import microsoft.exchange.webservices.data.core.response.AttendeeAvailability;
import microsoft.exchange.webservices.data.misc.availability.AttendeeInfo;
import microsoft.exchange.webservices.data.misc.availability.AvailabilityOptions;
import microsoft.exchange.webservices.data.misc.availability.LegacyAvailabilityTimeZone;
import microsoft.exchange.webservices.data.misc.availability.TimeWindow;

/**
 * GetUserAvailability for free/busy only, written by ews-java-api (request, SOAP headers, transport, faults) but with
 * the answer's {@code CalendarEvent}s read here, straight from the XML:
 * <ul>
 * <li>a {@code StartTime}/{@code EndTime} with a UTC offset ({@code 06:00:00-07:00}) is read with it (13:00Z);
 * ews-java-api drops the offset and reads 06:00Z. A time without an offset is in the requested zone, UTC (the request
 * sends bias 0, as ews-java-api does);</li>
 * <li>no {@code SimpleDateFormat} per date and no synchronized {@code TimeZone.getTimeZone}, which ews-java-api's
 * {@code CalendarEvent} costs on every free/busy date (17-29 s of blocked thread time per 10,000-room sweep).</li>
 * </ul>
 * The answer is read the same whatever view was asked: Exchange answers the FreeBusy view (no
 * {@code CalendarEventDetails}) to a Detailed request when the caller may see availability only.
 * One instance per call; not thread-safe (like every ews-java-api request).
 */
final class FreeBusyRequest extends SimpleServiceRequestBase<List<FreeBusyRequest.Answer>> {

    /** One mailbox's answer, in the order of the request: an error code (and message) or its busy slots. */
    record Answer(String errorCode, String errorMessage, List<BusySlot> slots) {
    }

    private final List<String> mailboxes;
    /** ews-java-api's own request, whose options writer needs it for the window and the requested data. */
    private final GetUserAvailabilityRequest template;
    private final AvailabilityOptions options = new AvailabilityOptions();
    /** The window, whole seconds around the one asked (an xs:dateTime without offset is in the request's zone, UTC). */
    private final Instant start;
    private final Instant end;
    private static final DateTimeFormatter UTC_NO_OFFSET =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    /** @param view the RequestedView: FreeBusy (no CalendarEventDetails in the answer) or Detailed */
    FreeBusyRequest(ExchangeService service, List<String> mailboxes, Instant start, Instant end, FreeBusyView view)
            throws Exception {
        super(service);
        this.mailboxes = List.copyOf(mailboxes);
        this.start = start.truncatedTo(ChronoUnit.SECONDS);
        Instant endSecond = end.truncatedTo(ChronoUnit.SECONDS);
        this.end = endSecond.isBefore(end) ? endSecond.plusSeconds(1) : endSecond;
        options.setRequestedFreeBusyView(switch (view) {
            case FreeBusy -> FreeBusyViewType.FreeBusy;
            case Detailed -> FreeBusyViewType.Detailed;
        });
        List<AttendeeInfo> attendees = new ArrayList<>();
        mailboxes.forEach(m -> attendees.add(new AttendeeInfo(m)));
        template = new GetUserAvailabilityRequest(service);
        template.setAttendees(attendees);
        template.setTimeWindow(new TimeWindow(Date.from(start), Date.from(end)));
        template.setRequestedData(AvailabilityData.FreeBusy);
        template.setOptions(options);
    }

    /** Sends the request and reads the answer. */
    List<Answer> execute() throws Exception {
        return internalExecute();
    }

    @Override
    public String getXmlElementName() {
        return "GetUserAvailabilityRequest";
    }

    @Override
    protected String getResponseXmlElementName() {
        return "GetUserAvailabilityResponse";
    }

    @Override
    protected ExchangeVersion getMinimumRequiredServerVersion() {
        return ExchangeVersion.Exchange2007_SP1;
    }

    @Override
    protected void writeElementsToXml(EwsServiceXmlWriter writer) throws Exception {
        // as GetUserAvailabilityRequest writes it: the legacy time zone (UTC, bias 0), the mailboxes, the options
        new LegacyAvailabilityTimeZone().writeToXml(writer, "TimeZone");
        writer.writeStartElement(XmlNamespace.Messages, "MailboxDataArray");
        for (AttendeeInfo attendee : template.getAttendees()) {
            attendee.writeToXml(writer);
        }
        writer.writeEndElement();
        // the options as AvailabilityOptions writes them, but the TimeWindow as asked: ews-java-api writes its dates
        // only (whole UTC days), so a sweep asking 20 minutes got every meeting of the day back for every room
        writer.writeStartElement(XmlNamespace.Types, "FreeBusyViewOptions");
        writer.writeStartElement(XmlNamespace.Types, "TimeWindow");
        writer.writeElementValue(XmlNamespace.Types, "StartTime", UTC_NO_OFFSET.format(start));
        writer.writeElementValue(XmlNamespace.Types, "EndTime", UTC_NO_OFFSET.format(end));
        writer.writeEndElement();
        writer.writeElementValue(XmlNamespace.Types, "MergedFreeBusyIntervalInMinutes", options.getMergedFreeBusyInterval());
        writer.writeElementValue(XmlNamespace.Types, "RequestedView", options.getRequestedFreeBusyView());
        writer.writeEndElement();
    }

    @Override
    protected List<Answer> parseResponse(EwsServiceXmlReader reader) throws Exception {
        List<Answer> answers = new ArrayList<>(mailboxes.size());
        reader.readStartElement(XmlNamespace.Messages, "FreeBusyResponseArray");
        do {
            reader.read();
            if (reader.isStartElement(XmlNamespace.Messages, "FreeBusyResponse")) {
                AttendeeAvailability status = new AttendeeAvailability();
                status.loadFromXml(reader, "ResponseMessage");
                if (status.getErrorCode() != null && status.getErrorCode() != ServiceError.NoError) {
                    // what follows (an empty FreeBusyView) is skipped by this loop
                    answers.add(new Answer(status.getErrorCode().name(), status.getErrorMessage(), List.of()));
                } else {
                    answers.add(new Answer(null, null, readView(reader)));
                }
            }
        } while (!reader.isEndElement(XmlNamespace.Messages, "FreeBusyResponseArray"));
        return answers;
    }

    /** Reads {@code m:FreeBusyView} to its end, keeping the calendar events. */
    private static List<BusySlot> readView(EwsServiceXmlReader reader) throws Exception {
        List<BusySlot> slots = new ArrayList<>();
        reader.readStartElement(XmlNamespace.Messages, "FreeBusyView");
        if (reader.isEmptyElement()) {
            return slots;
        }
        do {
            reader.read();
            if (reader.isStartElement(XmlNamespace.Types, "CalendarEvent")) {
                slots.add(readEvent(reader));
            }
        } while (!reader.isEndElement(XmlNamespace.Messages, "FreeBusyView"));
        return slots;
    }

    private static BusySlot readEvent(EwsServiceXmlReader reader) throws Exception {
        Instant start = null;
        Instant end = null;
        String busyType = null;
        String subject = null;
        do {
            reader.read();
            if (reader.isStartElement() && !reader.isEmptyElement()) {
                switch (reader.getLocalName()) {
                    case "StartTime" -> start = instant(reader.readElementValue(), "StartTime");
                    case "EndTime" -> end = instant(reader.readElementValue(), "EndTime");
                    case "BusyType" -> busyType = reader.readElementValue();
                    case "Subject" -> subject = reader.readElementValue();
                    default -> {
                        // CalendarEventDetails (Detailed view only) and its other children (ID, Location, IsMeeting,
                        // ...) are not kept; without it (FreeBusy view, or rights to availability only) no subject
                    }
                }
            }
        } while (!reader.isEndElement(XmlNamespace.Types, "CalendarEvent"));
        if (start == null || end == null) {
            throw new ServiceXmlDeserializationException("A CalendarEvent of the GetUserAvailability answer has no "
                    + (start == null ? "StartTime" : "EndTime") + ".");
        }
        return new BusySlot(start, end, busyType, subject);
    }

    /**
     * An xs:dateTime of the answer: with its offset when it carries one (Z or +hh:mm), else in the requested zone,
     * which is UTC.
     */
    static Instant instant(String value, String element) throws ServiceXmlDeserializationException {
        try {
            TemporalAccessor t = DateTimeFormatter.ISO_DATE_TIME.parse(value.trim());
            return t.isSupported(ChronoField.OFFSET_SECONDS) ? OffsetDateTime.from(t).toInstant()
                    : LocalDateTime.from(t).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new ServiceXmlDeserializationException("The GetUserAvailability answer has a " + element + " '" + value
                    + "' that is not an xs:dateTime.");
        }
    }
}
