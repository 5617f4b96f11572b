package io.roomrelease.camel.ews;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import io.roomrelease.camel.ews.backend.CalendarBackend;
import io.roomrelease.camel.ews.backend.CalendarBackend.Outcome;
import io.roomrelease.camel.ews.model.EwsEvent;
import io.roomrelease.camel.ews.model.RoomAddress;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.ScheduledBatchPollingConsumer;
import org.apache.camel.util.CastUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the calendars of the configured rooms (rooms= and the members of roomList=) over the window
 * [now + windowStart, now + windowEnd) and emits one exchange per event, body {@link EwsEvent}. Rooms are read
 * concurrently, up to maxConcurrentRequests. A room that fails (impersonation denied, mailbox missing, throttled...)
 * is handed to the consumer's exception handler (a WARN log by default, or the route with bridgeErrorHandler=true) and
 * listed in the {@code CamelEwsFailedRooms} property; the other rooms go on.
 */
public class EwsConsumer extends ScheduledBatchPollingConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(EwsConsumer.class);

    private final EwsEndpoint endpoint;
    private ExecutorService executor;
    private volatile Map<String, Exception> lastFailures = Map.of();

    public EwsConsumer(EwsEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        EwsConfiguration c = endpoint.getConfiguration();
        if (blank(c.getRooms()) && blank(c.getRoomList())) {
            throw new IllegalArgumentException("The ews consumer " + endpoint.getEndpointUri() + " has nothing to poll."
                                               + " Fix: set rooms=room1@example.com,... and/or roomList=building1@example.com.");
        }
        executor = endpoint.getCamelContext().getExecutorServiceManager().newFixedThreadPool(this,
                "EwsConsumer[" + endpoint.getLabel() + "]", c.getMaxConcurrentRequests());
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        if (executor != null) {
            endpoint.getCamelContext().getExecutorServiceManager().shutdownNow(executor);
            executor = null;
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** The rooms that failed in the last poll, with their errors. */
    public Map<String, Exception> getLastFailures() {
        return lastFailures;
    }

    @Override
    protected int poll() throws Exception {
        CalendarBackend backend = endpoint.getBackend();
        EwsConfiguration c = endpoint.getConfiguration();
        Map<String, Exception> failures = new LinkedHashMap<>();
        Set<String> rooms = new LinkedHashSet<>(EwsInputs.split(c.getRooms()));
        for (String list : EwsInputs.split(c.getRoomList())) {
            try {
                for (RoomAddress r : backend.listRooms(c.getMailbox(), list).value()) {
                    rooms.add(r.getEmail());
                }
            } catch (Exception e) {
                failures.put(list, e);
            }
        }
        Instant now = endpoint.getClock().instant();
        Instant start = now.plus(io.roomrelease.camel.ews.ews.EwsSettingsFactory.duration(c.getWindowStart(), "windowStart"));
        Instant end = now.plus(io.roomrelease.camel.ews.ews.EwsSettingsFactory.duration(c.getWindowEnd(), "windowEnd"));

        Map<String, Future<Outcome<List<EwsEvent>>>> futures = new LinkedHashMap<>();
        for (String room : rooms) {
            futures.put(room, executor.submit(() -> backend.findEvents(room, start, end, c.isFetchAttendees())));
        }
        Queue<Exchange> exchanges = new LinkedList<>();
        List<Exchange> created = new ArrayList<>();
        for (Map.Entry<String, Future<Outcome<List<EwsEvent>>>> f : futures.entrySet()) {
            try {
                Outcome<List<EwsEvent>> o = f.getValue().get();
                for (EwsEvent e : o.value()) {
                    Exchange ex = createExchange(true);
                    Message m = ex.getIn();
                    m.setBody(e);
                    m.setHeader(EwsConstants.MAILBOX, f.getKey());
                    m.setHeader(EwsConstants.ITEM_ID, e.getItemId());
                    m.setHeader(EwsConstants.CHANGE_KEY, e.getChangeKey());
                    m.setHeader(EwsConstants.WINDOW_START, start);
                    m.setHeader(EwsConstants.WINDOW_END, end);
                    m.setHeader(EwsConstants.REQUEST_ID, o.requestId());
                    exchanges.add(ex);
                    created.add(ex);
                }
            } catch (ExecutionException e) {
                failures.put(f.getKey(), e.getCause() instanceof Exception x ? x : e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw e;
            }
        }
        Map<String, String> failedRooms = new LinkedHashMap<>();
        failures.forEach((room, e) -> {
            failedRooms.put(room, e.getMessage());
            getExceptionHandler().handleException("Polling the calendar of " + room + " failed; the other rooms go on",
                    e);
        });
        lastFailures = Map.copyOf(failures);
        for (Exchange ex : created) {
            ex.setProperty(EwsConstants.FAILED_ROOMS, failedRooms);
        }
        LOG.debug("Polled {} rooms ({} failed): {} events", rooms.size(), failures.size(), exchanges.size());
        return processBatch(CastUtils.cast(exchanges));
    }

    @Override
    public int processBatch(Queue<Object> exchanges) throws Exception {
        int total = exchanges.size();
        if (maxMessagesPerPoll > 0 && total > maxMessagesPerPoll) {
            LOG.debug("Limiting to maximum messages to poll {} as there were {} messages in this poll.",
                    maxMessagesPerPoll, total);
            total = maxMessagesPerPoll;
        }
        for (int index = 0; index < total && isBatchAllowed(); index++) {
            Exchange exchange = (Exchange) exchanges.poll();
            exchange.setProperty(ExchangePropertyKey.BATCH_INDEX, index);
            exchange.setProperty(ExchangePropertyKey.BATCH_SIZE, total);
            exchange.setProperty(ExchangePropertyKey.BATCH_COMPLETE, index == total - 1);
            pendingExchanges = total - index - 1;
            try {
                getProcessor().process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            }
            if (exchange.getException() != null) {
                getExceptionHandler().handleException("Error processing exchange", exchange, exchange.getException());
            }
            releaseExchange(exchange, false);
        }
        // exchanges beyond maxMessagesPerPoll are dropped: they come again in the next poll
        Object rest;
        while ((rest = exchanges.poll()) != null) {
            releaseExchange((Exchange) rest, false);
        }
        return total;
    }
}
