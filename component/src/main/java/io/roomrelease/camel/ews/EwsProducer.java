package io.roomrelease.camel.ews;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import io.roomrelease.camel.ews.backend.CalendarBackend;
import io.roomrelease.camel.ews.backend.CalendarBackend.Outcome;
import io.roomrelease.camel.ews.backend.EventDraft;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.spi.InvokeOnHeader;
import org.apache.camel.support.HeaderSelectorProducer;

/**
 * Performs the operation named by the {@code CamelEwsOperation} header or the {@code operation} option. The result
 * becomes the body; {@code CamelEwsRequestId} carries the request id.
 */
public class EwsProducer extends HeaderSelectorProducer {

    private static final Set<String> KNOWN = Arrays.stream(EwsOperation.values())
            .map(o -> o.name().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());

    private final EwsEndpoint endpoint;

    public EwsProducer(EwsEndpoint endpoint) {
        super(endpoint, EwsConstants.OPERATION, () -> endpoint.getConfiguration().getOperation() == null
                ? null : endpoint.getConfiguration().getOperation().name());
        this.endpoint = endpoint;
    }

    /** Refuses an unknown operation instead of silently doing nothing. */
    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        String op = exchange.getIn().getHeader(EwsConstants.OPERATION, String.class);
        if (op == null && endpoint.getConfiguration().getOperation() != null) {
            op = endpoint.getConfiguration().getOperation().name();
        }
        if (op == null || !KNOWN.contains(op.toLowerCase(Locale.ROOT))) {
            exchange.setException(new IllegalArgumentException(
                    (op == null ? "No operation" : "Unknown operation '" + op + "'") + " for " + endpoint.getEndpointUri()
                                                               + ". Fix: set the operation option or the CamelEwsOperation"
                                                               + " header to one of " + Arrays.toString(EwsOperation.values())));
            callback.done(true);
            return true;
        }
        return super.process(exchange, callback);
    }

    private CalendarBackend backend() {
        return endpoint.getBackend();
    }

    private EwsInputs inputs(Exchange exchange) {
        return new EwsInputs(exchange.getIn(), endpoint.getConfiguration(), endpoint.getClock());
    }

    private static void answer(Exchange exchange, Outcome<?> outcome) {
        Message out = exchange.getMessage();
        out.setBody(outcome.value());
        out.setHeader(EwsConstants.REQUEST_ID, outcome.requestId());
    }

    @InvokeOnHeader("findEvents")
    public void findEvents(Exchange exchange) {
        EwsInputs in = inputs(exchange);
        answer(exchange, backend().findEvents(in.mailbox(), in.windowStart(), in.windowEnd(),
                endpoint.getConfiguration().isFetchAttendees()));
    }

    @InvokeOnHeader("getEvent")
    public void getEvent(Exchange exchange) {
        EwsInputs in = inputs(exchange);
        answer(exchange, backend().getEvent(in.mailbox(), in.itemId()));
    }

    @InvokeOnHeader("createEvent")
    public void createEvent(Exchange exchange) {
        EwsInputs in = inputs(exchange);
        if (in.instant(EwsConstants.START) == null || in.instant(EwsConstants.END) == null) {
            throw new IllegalArgumentException("createEvent needs the CamelEwsStart and CamelEwsEnd headers (Instant).");
        }
        EventDraft draft = new EventDraft(in.string(EwsConstants.SUBJECT), in.instant(EwsConstants.START),
                in.instant(EwsConstants.END), in.addresses(EwsConstants.ATTENDEES, false),
                in.string(EwsConstants.MESSAGE));
        answer(exchange, backend().createEvent(in.mailbox(), draft));
    }

    @InvokeOnHeader("updateEvent")
    public void updateEvent(Exchange exchange) {
        EwsInputs in = inputs(exchange);
        answer(exchange, backend().updateEvent(in.mailbox(), in.itemId(), in.changeKey(),
                in.instant(EwsConstants.START), in.instant(EwsConstants.END)));
    }

    @InvokeOnHeader("endEarly")
    public void endEarly(Exchange exchange) {
        EwsInputs in = inputs(exchange);
        answer(exchange, backend().endEarly(in.mailbox(), in.itemId(), in.changeKey()));
    }

    @InvokeOnHeader("declineEvent")
    public void declineEvent(Exchange exchange) {
        EwsInputs in = inputs(exchange);
        answer(exchange, backend().declineEvent(in.mailbox(), in.itemId(), in.changeKey(), in.string(EwsConstants.MESSAGE),
                in.bool(EwsConstants.WHOLE_SERIES)));
    }

    @InvokeOnHeader("cancelEvent")
    public void cancelEvent(Exchange exchange) {
        EwsInputs in = inputs(exchange);
        answer(exchange, backend().cancelEvent(in.mailbox(), in.itemId(), in.changeKey(), in.string(EwsConstants.MESSAGE),
                in.bool(EwsConstants.WHOLE_SERIES)));
    }

    @InvokeOnHeader("deleteEvent")
    public void deleteEvent(Exchange exchange) {
        EwsInputs in = inputs(exchange);
        answer(exchange, backend().deleteEvent(in.mailbox(), in.itemId()));
    }

    @InvokeOnHeader("getAvailability")
    public void getAvailability(Exchange exchange) {
        EwsInputs in = inputs(exchange);
        List<String> mailboxes = in.addresses(EwsConstants.MAILBOXES, true);
        String acting = exchange.getIn().getHeader(EwsConstants.MAILBOX, endpoint.getConfiguration().getMailbox(),
                String.class);
        answer(exchange, backend().getAvailability(acting, mailboxes,
                in.windowStart(), in.windowEnd()));
    }

    @InvokeOnHeader("listRoomLists")
    public void listRoomLists(Exchange exchange) {
        answer(exchange, backend().listRoomLists(endpoint.getConfiguration().getMailbox()));
    }

    @InvokeOnHeader("listRooms")
    public void listRooms(Exchange exchange) {
        EwsInputs in = inputs(exchange);
        String list = in.string(EwsConstants.ROOM_LIST);
        if (list == null && exchange.getIn().getBody() instanceof String s) {
            list = s.trim();
        }
        answer(exchange, backend().listRooms(endpoint.getConfiguration().getMailbox(), list));
    }

    @InvokeOnHeader("deltaEvents")
    public void deltaEvents(Exchange exchange) {
        EwsInputs in = inputs(exchange);
        Outcome<io.roomrelease.camel.ews.model.EventDelta> outcome = backend().deltaEvents(in.mailbox(),
                in.windowStart(), in.windowEnd(), in.string(EwsConstants.DELTA_LINK));
        answer(exchange, outcome);
        exchange.getMessage().setHeader(EwsConstants.DELTA_LINK, outcome.value().deltaLink());
    }

    @InvokeOnHeader("sendMessage")
    public void sendMessage(Exchange exchange) {
        EwsInputs in = inputs(exchange);
        List<String> to = in.addresses(EwsConstants.RECIPIENTS, false);
        if (to.isEmpty()) {
            throw new IllegalArgumentException("sendMessage needs at least one recipient. Fix: set the"
                                               + " CamelEwsRecipients header (a list or a comma-separated string).");
        }
        String text = exchange.getIn().getBody(String.class);
        answer(exchange, backend().sendMessage(in.mailbox(), to, in.string(EwsConstants.SUBJECT),
                text == null ? "" : text));
    }
}
